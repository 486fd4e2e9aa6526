"""The charts the report draws from plain dicts (report.charts.plain): Plotly takes each dict
unchanged, so the JSON the report writes is the JSON a `go.Figure` of it writes."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from icsplan.report.charts.activity import pod_trajectory_figure, pod_waterfall_figure
from icsplan.report.charts.appraisal import access_maps_figure
from icsplan.report.charts.finance import (
    bridge_figure,
    cash_flow_chart,
    cash_flow_figure,
    investment_curve_figure,
)
from icsplan.report.charts.plain import (
    as_constructed,
    default_template,
    figure_json,
    panel_grid,
    trace_types,
)
from icsplan.report.labels import labels_for

pytestmark = pytest.mark.functional


def figures(plan):
    """Every dict chart of the report on mse-2016, by name."""
    summary, factors = plan.activity.summary, plan.activity.change_factors
    labels = labels_for(plan.scenario)
    a = plan.appraisal
    options = [o.option for o in a.option_set.options]
    made = {f"trajectory {pod}": pod_trajectory_figure(summary, pod)
            for pod in dict.fromkeys(summary["pod"])}
    made |= {f"waterfall {pod}": pod_waterfall_figure(factors, plan.horizon, pod, labels)
             for pod in dict.fromkeys(factors["pod"])}
    made["access maps"] = access_maps_figure(a.area_times, a.option_set.sites,
                                             plan.scenario.option_services, options)
    made["bridge"] = bridge_figure(plan.finance.bridge)
    made["investment curve"] = investment_curve_figure(plan.finance.investment_curve)
    return made


def test_plotly_takes_every_dict_chart_unchanged(mse_plan):
    made = figures(mse_plan)
    assert len(made) == 13
    for name, fig in made.items():
        ours = json.loads(pio.to_json(figure_json(fig), validate=False))
        plotly = json.loads(pio.to_json(go.Figure(fig)))
        assert ours == plotly, name


def test_figure_json_puts_the_default_template_first_and_packs_arrays(mse_plan):
    fig = figures(mse_plan)["trajectory ae"]
    got = figure_json(fig)
    assert next(iter(got["layout"])) == "template"
    assert got["layout"]["template"] == go.Figure().to_plotly_json()["layout"]["template"]
    assert set(got["data"][0]["y"]) == {"dtype", "bdata"}
    assert "template" not in fig["layout"] and not isinstance(fig["data"][0]["y"], dict)
    assert trace_types(fig) == {"scatter"}
    assert trace_types(figures(mse_plan)["waterfall ae"]) == {"waterfall"}


def test_default_template_is_the_one_a_new_figure_takes_key_for_key():
    assert json.dumps(default_template()) == json.dumps(
        go.Figure().to_plotly_json()["layout"]["template"])


@pytest.mark.parametrize(("rows", "cols", "titles", "across", "down"), [
    (1, 1, ["a"], 0.03, 0.08), (2, 3, list("abcde"), 0.03, 0.08), (2, 3, list("abcdef"), 0.08,
    0.16), (3, 2, ["a", "", "c"], 0.1, 0.22), (4, 3, [], 0.05, 0.1), (5, 1, list("abcde"),
    0.2, 0.03)])
def test_panel_grid_lays_panels_out_as_make_subplots(rows, cols, titles, across, down):
    grid = make_subplots(rows=rows, cols=cols, subplot_titles=titles or None,
                         horizontal_spacing=across, vertical_spacing=down)
    plotly = grid.to_plotly_json()["layout"]
    del plotly["template"]
    assert json.dumps(panel_grid(rows, cols, titles, across, down)) == json.dumps(plotly)


def test_as_constructed_writes_the_bytes_of_the_figure_plotly_builds(mse_plan):
    """The report draws the cash flow `as_constructed` from its dict: that writes what
    `go.Figure` of the dict (the app's chart, and the report's before) writes, byte for byte
    (key order included), with a payback year marked and without."""
    cash = mse_plan.finance.cash_flow
    for payback in (mse_plan.finance.payback_year, None):
        ours = figure_json(as_constructed(cash_flow_figure(cash, payback)))
        plotly = cash_flow_chart(cash, payback)
        assert pio.to_json(ours, validate=False) == pio.to_json(plotly, validate=False)
