"""The Delivery page with actuals: the KPIs' SPC charts come from the same plan as the report."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.functional
ACTUALS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ae_attendances.csv"


@pytest.mark.skipif(not ACTUALS.is_file(), reason="needs ../shared/data beside the project")
def test_actuals_give_the_delivery_page_its_spc_charts():
    from dash import dcc

    from icsplan.app.context import AppContext
    from icsplan.app.pages.delivery import kpi_parts
    from icsplan.delivery.actuals import read_actuals
    from icsplan.scenario import load_scenario

    scenario = load_scenario("mse-2016")
    ctx = AppContext(scenario=scenario,
                     actuals=read_actuals(ACTUALS, scenario.table("kpi_measures")))
    assert ctx.base_plan.delivery is not None
    kpi, versus = kpi_parts(ctx)
    graphs = [c for c in _walk(kpi) if isinstance(c, dcc.Graph)]
    assert len(graphs) == len(ctx.base_plan.delivery.kpi_summary)
    assert [c.id for c in _walk(versus) if isinstance(c, dcc.Graph)] == ["versus-chart"]
    (one,) = kpi_parts(ctx, org="RAJ")[:1]
    assert len([c for c in _walk(one) if isinstance(c, dcc.Graph)]) == int(
        (ctx.base_plan.delivery.kpi_summary["org"] == "RAJ").sum())


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from _walk(child)
    elif children is not None and not isinstance(children, str):
        yield from _walk(children)
