"""Trajectories at any grain: monthly targets from yearly, quarterly and monthly ones (step and
linear), each point against its own period's target, and SPC assurance at month, quarter and
year grain against hand-computed limits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.delivery.actuals import parse_actuals
from icsplan.delivery.track import track
from icsplan.delivery.trajectory import monthly_targets, point_targets
from icsplan.scenario.folder import load_scenario
from icsplan.scenario.tables import TABLES

pytestmark = pytest.mark.unit


def _trajectories(rows: list[dict]) -> pd.DataFrame:
    base = {"source": "test", "period": "", "line": "local", "as_printed": "", "reading": ""}
    return pd.DataFrame([{**base, **r} for r in rows],
                        columns=TABLES["kpi_trajectories"].columns)


def _months(frame: pd.DataFrame, line: str = "local") -> dict[str, float]:
    part = frame[frame["line"] == line]
    return {str(m): t for m, t in zip(part["month"], part["target"], strict=True)}


def test_step_targets_take_the_finest_period_and_hold_to_the_year_end():
    rows = _trajectories([
        {"measure": "k", "org": "stp", "year": "2019/20", "target": 80},
        {"measure": "k", "org": "stp", "year": "2019/20", "period": "Q3", "target": 85},
        {"measure": "k", "org": "stp", "year": "2020/21", "period": "2020-06", "target": 90},
    ])
    got = _months(monthly_targets(rows))
    assert got["2019-04"] == 80 and got["2019-09"] == 80
    assert got["2019-10"] == got["2019-12"] == 85  # the quarter is finer than the year
    assert got["2020-01"] == got["2020-03"] == 80
    assert np.isnan(got["2020-04"]) and np.isnan(got["2020-05"])  # nothing stated yet
    assert got["2020-06"] == got["2021-03"] == 90  # "from June onwards", to the year end
    assert "2021-04" not in got


def test_linear_targets_move_in_equal_monthly_steps_between_period_ends():
    rows = _trajectories([
        {"measure": "k", "org": "stp", "year": "2018/19", "target": 40},
        {"measure": "k", "org": "stp", "year": "2019/20", "target": 52},
    ])
    got = _months(monthly_targets(rows, {("k", "stp"): "linear"}))
    assert got["2018-04"] == got["2019-03"] == 40  # inside the first period: its target
    assert got["2019-04"] == pytest.approx(41)
    assert got["2019-09"] == pytest.approx(46)
    assert got["2020-03"] == pytest.approx(52)
    assert "2020-04" not in got


def test_a_point_reads_the_target_at_the_last_month_it_covers():
    rows = _trajectories([
        {"measure": "q", "org": "stp", "year": "2019/20", "period": p, "target": t}
        for p, t in zip(["Q1", "Q2", "Q3", "Q4"], [20, 25, 30, 35], strict=True)
    ] + [{"measure": "q", "org": "stp", "year": "2019/20", "target": 33, "line": "national"}])
    monthly = monthly_targets(rows)
    points = pd.DataFrame({"measure": "q", "org": "stp",
                           "period": pd.to_datetime(["2019-04-01", "2019-05-01"])})
    monthly_points = point_targets(points, monthly, {("q", "stp"): "monthly"})
    assert list(monthly_points["target"]) == [20, 20]
    annual = point_targets(points.iloc[:1], monthly, {("q", "stp"): "annual"})
    assert annual["target"].iloc[0] == 35 and annual["national_target"].iloc[0] == 33
    only_national = point_targets(points.iloc[:1], monthly[monthly["line"] == "national"])
    assert only_national["target"].iloc[0] == 33  # no local line: the national one is assured


def _track(measure_rows: list[dict], trajectory_rows: list[dict], actual_rows: list[dict]):
    s = load_scenario("mse-2019")
    base = {"name": "Test measure", "unit": "%", "org_name": "", "source": "test",
            "programme": "", "trajectory": "step"}
    measures = pd.DataFrame([{**base, **r} for r in measure_rows],
                            columns=TABLES["kpi_measures"].columns)
    s = s.replace(tables={**s.tables, "kpi_measures": measures,
                          "kpi_trajectories": _trajectories(trajectory_rows)})
    raw = pd.DataFrame(actual_rows).astype(str)
    return track(s, parse_actuals(raw, "actuals.csv", s.table("kpi_measures")))


def test_monthly_assurance_against_a_quarterly_step_trajectory():
    # y alternates 10, 12: mean 11, every moving range 2, limits 11 -/+ 2.66 x 2 = 5.68-16.32
    months = pd.period_range("2019-04", "2020-03", freq="M")
    result = _track(
        [{"measure": "m", "org": "stp", "improvement_direction": "increase",
          "frequency": "monthly"}],
        [{"measure": "m", "org": "stp", "year": "2019/20", "period": q, "target": t}
         for q, t in zip(["Q1", "Q2", "Q3", "Q4"], [5, 5, 10, 20], strict=True)],
        [{"measure": "m", "org": "stp", "period": f"{p}-01", "value": 10 + 2 * (i % 2)}
         for i, p in enumerate(months)])
    row = result.kpi_summary.iloc[0]
    assert row["lpl"] == pytest.approx(5.68) and row["upl"] == pytest.approx(16.32)
    assert row["target"] == 20  # March's own target, not one figure for the year
    assert row["assurance"] == "consistent_fail"  # 20 is above the upper limit
    assert (row["points_meeting_target"], row["points_with_target"]) == (9, 12)
    assert list(result.spc["target"]) == [5] * 6 + [10] * 3 + [20] * 3


def test_quarterly_assurance_against_a_linear_yearly_trajectory_and_the_future_line():
    quarters = ["2018-04", "2018-07", "2018-10", "2019-01", "2019-04", "2019-07", "2019-10"]
    result = _track(
        [{"measure": "q", "org": "stp", "improvement_direction": "increase",
          "frequency": "quarterly", "trajectory": "linear"}],
        [{"measure": "q", "org": "stp", "year": "2018/19", "target": 40},
         {"measure": "q", "org": "stp", "year": "2019/20", "target": 52}],
        [{"measure": "q", "org": "stp", "period": f"{p}-01", "value": 41 + 2 * (i % 2)}
         for i, p in enumerate(quarters)])
    # targets at each quarter's third month: 40 through 2018/19, then 43, 46, 49
    assert list(result.spc["target"]) == pytest.approx([40, 40, 40, 40, 43, 46, 49])
    row = result.kpi_summary.iloc[0]
    # mean of 41,43,41,43,41,43,41 = 293/7; moving ranges all 2
    mean = 293 / 7
    assert row["upl"] == pytest.approx(mean + 5.32) and row["lpl"] == pytest.approx(mean - 5.32)
    assert row["target"] == pytest.approx(49)
    assert row["assurance"] == "consistent_fail"  # 49 > 42.29 + 5.32
    assert (row["points_meeting_target"], row["points_with_target"]) == (4, 7)
    # the last actual covers October-December 2019: the trajectory still ahead is Jan-Mar 2020
    ahead = result.future
    assert [str(m) for m in ahead["month"]] == ["2020-01", "2020-02", "2020-03"]
    assert list(ahead["target"]) == pytest.approx([50, 51, 52])


def test_yearly_assurance_with_a_national_line_for_a_measure_that_should_fall():
    years = ["2015-04", "2016-04", "2017-04", "2018-04", "2019-04"]
    result = _track(
        [{"measure": "y", "org": "stp", "improvement_direction": "decrease",
          "frequency": "annual", "unit": "per 1,000"}],
        [{"measure": "y", "org": "stp", "year": "2019/20", "period": "Q1", "target": 80},
         {"measure": "y", "org": "stp", "year": "2019/20", "period": "Q4", "target": 120},
         {"measure": "y", "org": "stp", "year": "2019/20", "target": 95, "line": "national"}],
        [{"measure": "y", "org": "stp", "period": f"{p}-01", "value": 100 + 4 * (i % 2)}
         for i, p in enumerate(years)])
    row = result.kpi_summary.iloc[0]
    # mean 101.6, moving ranges 4: limits 101.6 -/+ 10.64 = 90.96-112.24
    assert row["lpl"] == pytest.approx(90.96) and row["upl"] == pytest.approx(112.24)
    assert row["target"] == 120  # the year's point reads March's target (Q4), not Q1's
    assert row["assurance"] == "consistent_pass"  # a ceiling above the upper limit
    assert row["national_target"] == 95
    assert (row["points_meeting_target"], row["points_with_target"]) == (1, 1)
