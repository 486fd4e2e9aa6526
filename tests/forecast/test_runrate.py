"""What it takes: the run rate needed from now against the process, and the flag where a
special cause of concern meets a register signal."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.forecast.runrate import assurance, run_rates

pytestmark = pytest.mark.unit


def _points(values, concern_last=False):
    periods = pd.date_range("2018-04-01", periods=len(values), freq="MS")
    kinds = ["common_cause"] * len(values)
    if concern_last:
        kinds[-1] = "special_cause_concern"
    return pd.DataFrame({"measure": "ae_4hr_all", "org": "RQ8", "x": periods, "y": values,
                         "mean_col": 80.0, "lpl": 70.0, "upl": 90.0, "point_type": kinds,
                         "improvement_direction": "increase", "unit": "%"})


def test_needed_rate_for_the_rest_of_a_partial_year_hand_computed():
    pts = _points([80.0, 82.0, 84.0])  # April-June 2018 observed: 246
    targets = pd.DataFrame({"measure": "ae_4hr_all", "org": "RQ8",
                            "year": ["2018/19", "2019/20"], "target": [85.0, 95.0]})
    out = run_rates(pts, targets, {}, ["2017/18", "2018/19", "2019/20"]).set_index("year")
    # (12 x 85 - 246) / 9 = 86.0
    assert out.loc["2018/19", "needed_monthly"] == pytest.approx(86.0)
    assert out.loc["2018/19", "months_observed"] == 3
    assert out.loc["2018/19", "assurance"] == "inconsistent"
    assert out.loc["2019/20", "needed_monthly"] == pytest.approx(95.0)
    assert out.loc["2019/20", "assurance"] == "consistent fail"  # above the upper limit
    assert "2017/18" not in out.index


def test_assurance_both_directions():
    assert assurance(65, 70, 90, "increase") == "consistent pass"
    assert assurance(95, 70, 90, "increase") == "consistent fail"
    assert assurance(95, 70, 90, "decrease") == "consistent pass"
    assert assurance(65, 70, 90, "decrease") == "consistent fail"
    assert assurance(80, 70, 90, "decrease") == "inconsistent"


def test_concern_and_signal_flag_only_when_both():
    targets = pd.DataFrame({"measure": "ae_4hr_all", "org": "RQ8", "year": ["2019/20"],
                            "target": [95.0]})
    signal = {"ae": "urgent_care slipped milestone"}
    years = ["2018/19", "2019/20"]
    both = run_rates(_points([80.0] * 12, concern_last=True), targets, signal, years)
    assert both["concern_and_signal"].tolist() == [True]
    assert both["signals"].iloc[0] == "urgent_care slipped milestone"
    assert not run_rates(_points([80.0] * 12), targets, signal, years)[
        "concern_and_signal"].any()
    assert not run_rates(_points([80.0] * 12, concern_last=True), targets, {}, years)[
        "concern_and_signal"].any()
