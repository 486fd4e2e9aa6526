"""The charts the report draws from plain dicts (report.charts.plain): Plotly takes each dict
unchanged, so the JSON the report writes is the JSON a `go.Figure` of it writes."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from icsplan.report.charts.activity import pod_trajectory_figure, pod_waterfall_figure
from icsplan.report.charts.appraisal import access_maps_figure
from icsplan.report.charts.plain import figure_json, trace_types
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
    return made


def test_plotly_takes_every_dict_chart_unchanged(mse_plan):
    made = figures(mse_plan)
    assert len(made) == 11
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
