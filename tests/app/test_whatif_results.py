"""The What if page's results for new lever values (a cache miss) are the library's: every
headline figure as `run_plan` gives it, and the cash-flow chart as the JSON of the report's
Plotly figure (built with every property checked), although the page builds only what it
shows and the chart as a plain dict."""

from __future__ import annotations

import dataclasses
import json

import pytest
from dash._utils import to_json

from icsplan.app.compute import headline
from icsplan.app.levers import apply_levers, base_levers
from icsplan.app.pages.whatif import _lever_values, recompute
from icsplan.pipeline import run_plan
from icsplan.report.charts.finance import cash_flow_chart
from icsplan.run_options import RunOptions

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    from icsplan.cli.app import build_context

    return build_context("mse-2016", str(tmp_path_factory.mktemp("whatif") / "store.db"),
                         None, None)


def _settings(ctx):
    lv = base_levers(ctx.scenario)
    ids = list(lv.achieved_pct)
    yield "growth and reduction", dataclasses.replace(
        lv, growth_pct={**lv.growth_pct, "ae": 4.5},
        achieved_pct={**lv.achieved_pct, ids[0]: 40.0})
    yield "delay and a quarter invested", dataclasses.replace(
        lv, delay_years={**lv.delay_years, ids[1]: 2}, investment_pct=25.0)
    yield "nothing invested (no payback)", dataclasses.replace(lv, investment_pct=0.0)
    yield "little achieved (payback never)", dataclasses.replace(
        lv, achieved_pct={i: 10.0 for i in ids}, growth_pct={**lv.growth_pct, "elective": -1.5})


def _components(node):
    """Every component of a serialised Dash layout, depth first."""
    if isinstance(node, list):
        for item in node:
            yield from _components(item)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from _components(node["props"].get("children"))


def _text(node) -> str:
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if isinstance(node, dict):
        return _text(node["props"].get("children"))
    return "" if node is None else str(node)


def test_the_page_shows_run_plans_figures_and_the_reports_chart(ctx):
    paybacks = set()
    for name, levers in _settings(ctx):
        ctx.cache.clear()
        out = recompute(ctx, *_lever_values(levers))
        page = json.loads(to_json(out["results"]))
        by_id = {c["props"]["id"]: c for c in _components(page) if "id" in c["props"]}
        plan = run_plan(apply_levers(ctx.scenario, levers),
                        RunOptions(investment_level=levers.investment_level,
                                   appraise_options=False))
        figures = headline(plan)
        assert len(figures) > 8, name
        for f in figures:
            assert _text(by_id[f"whatif-value-{f.key}"]) == f.text(), (name, f.key)
        graphs = [c for c in _components(page) if c["type"] == "Graph"]
        assert len(graphs) == 1, name
        chart = cash_flow_chart(plan.finance.cash_flow, plan.finance.payback_year)
        assert graphs[0]["props"]["figure"] == json.loads(to_json(chart)), name
        paybacks.add(plan.finance.payback_year is None)
    assert paybacks == {True, False}  # the chart with and without its payback mark
