"""Delivery charts and icons: MDC colours, shapes as a second signal, readable labels."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.delivery.spc import spc
from icsplan.report.charts.delivery import plan_vs_actual_chart, spc_chart
from icsplan.report.style import MDC_COLOURS, MDC_MARKERS


@pytest.mark.unit
def test_spc_chart_marks_each_variation_by_colour_and_shape():
    y = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    points = spc(pd.DataFrame({"x": pd.date_range("2021-01-01", periods=18, freq="MS"),
                               "y": y}), target=3.0)
    fig = spc_chart(points, "Test", "%", "Special cause of improvement")
    markers = {t.name: t.marker for t in fig.data if t.mode == "markers"}
    assert set(markers) == {"Common cause", "Special cause: improvement"}
    improvement = markers["Special cause: improvement"]
    assert improvement.color == MDC_COLOURS["special_cause_improvement"] == "#00b0f0"
    assert improvement.symbol == MDC_MARKERS["special_cause_improvement"] != \
        markers["Common cause"].symbol
    target = next(t for t in fig.data if t.name == "Target (trajectory)")
    assert target.line.color == "#de1b1b" and target.line.dash == "dash"
    assert "Special cause of improvement" in fig.layout.title.text


@pytest.mark.unit
def test_plan_vs_actual_chart_states_the_caveats():
    pva = pd.DataFrame({"measure": "ae_attendances", "year": ["2016/17", "2017/18"],
                        "actual_index": [100, 103], "momentum_index": [100, 102.3],
                        "planned_index": [100, 99]})
    fig = plan_vs_actual_chart(pva, ("Trust activity includes patients from outside.",))
    assert {t.name for t in fig.data} == {"Momentum (do nothing)", "Planned",
                                          "Actual (three trusts)"}
    assert "outside" in fig.layout.annotations[-1].text
