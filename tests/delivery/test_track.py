"""Tracking mse-2016 against real NHS England A&E statistics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from icsplan.delivery.actuals import read_actuals
from icsplan.delivery.spc import COLUMNS
from icsplan.delivery.track import track

AE = Path("/work/shared/data/ae_attendances.csv")


@pytest.fixture(scope="module")
def delivery(mse, mse_projection):
    return track(mse, read_actuals(AE), mse_projection.summary())


@pytest.mark.backtest
def test_published_2016_17_ytd_four_hour_performance_is_april_to_august(delivery):
    """002's YTD A&E figures (82.6%, 78.6%, 87.0%) are April-August 2016 of the shared file."""
    check = delivery.ytd_check.set_index("org")
    assert set(check.index) == {"RDD", "RQ8", "RAJ"}
    assert check["difference"].abs().max() < 0.05


@pytest.mark.functional
def test_the_three_trusts_and_england_are_tracked_against_002(delivery):
    s = delivery.kpi_summary.set_index(["measure", "org"])
    four_hour = s.loc["ae_4hr_all"]
    assert set(four_hour.index) == {"RDD", "RQ8", "RAJ", "ENG"}
    assert (four_hour.loc[["RDD", "RQ8", "RAJ"], "target"] == 95).all()
    assert four_hour.loc[["RDD", "RQ8", "RAJ"], "assurance"].notna().all()
    assert four_hour.loc[["RDD", "RQ8", "RAJ"], "n_points"].eq(36).all()
    points = delivery.spc
    assert set(COLUMNS) <= set(points.columns)
    meht_2016 = points[(points["org"] == "RQ8") & (points["measure"] == "ae_4hr_all")
                       & (points["x"] < "2017-04-01")]
    assert (meht_2016["target"] == 90).all()  # MEHT's 2016/17 trajectory is 90%
    assert "rtt_18wk at RDD" in delivery.untracked


@pytest.mark.functional
def test_plan_vs_actual_has_whole_years_for_both_measures(delivery):
    pva = delivery.plan_vs_actual
    assert set(pva["measure"]) == {"ae_attendances", "emergency_admissions_ae"}
    assert set(pva["year"]) == {"2016/17", "2017/18", "2018/19"}
    assert (pva.loc[pva["year"] == "2016/17", "actual_index"] == 100).all()


@pytest.mark.functional
def test_a_long_actuals_file_tracks_its_kpis_against_their_trajectories(mse, tmp_path):
    periods = pd.date_range("2016-04-01", periods=24, freq="MS")
    rows = pd.DataFrame({"measure": "rtt_18wk", "org": "RDD",
                         "period": periods.strftime("%Y-%m-%d"),
                         "numerator": [880 + (i % 3) for i in range(24)], "denominator": 1000})
    path = tmp_path / "rtt.csv"
    rows.to_csv(path, index=False)
    d = track(mse, read_actuals(path, mse.table("kpi_measures")))
    s = d.kpi_summary.set_index(["measure", "org"]).loc[("rtt_18wk", "RDD")]
    assert s["target"] == 92 and s["assurance"] == "consistent_fail"
    assert s["latest_value"] == pytest.approx(88.2)
    assert d.plan_vs_actual.empty and "rtt_18wk at RDD" not in d.untracked
