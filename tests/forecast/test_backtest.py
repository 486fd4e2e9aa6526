"""The forecast's back test on the real NHS England A&E data (2016-2019, the three Mid and
South Essex trusts): forecast from April 2016 - March 2018, compare with 2018/19."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from icsplan.delivery.actuals import read_actuals
from icsplan.delivery.measures import actual_measures
from icsplan.delivery.plan_vs_actual import plan_vs_actual
from icsplan.delivery.track import track
from icsplan.finance.result import plan_finance
from icsplan.forecast.forecast import forecast_plan

pytestmark = pytest.mark.backtest
AE = Path("/work/shared/data/ae_attendances.csv")


@pytest.fixture(scope="module")
def real(scenario, projection):
    actuals = read_actuals(AE, scenario.table("kpi_measures"))
    values = actual_measures(actuals)
    delivery = track(scenario, actuals, projection.summary())
    fin = plan_finance(scenario, projection)
    return values, delivery, forecast_plan(scenario, projection, fin, values, delivery,
                                           draws=500, seed=2016)


def test_delivery_to_date_agrees_with_plan_vs_actual(real):
    _, delivery, f = real
    pva = delivery.plan_vs_actual.set_index(["measure", "year"])
    mine = f.achieved.by_pod[f.achieved.by_pod["org"] == "system"].set_index(
        ["measure", "year"])
    both = pva.index.intersection(mine.index)
    assert len(both) == 6
    assert np.allclose(mine.loc[both, "actual_index"], pva.loc[both, "actual_index"])
    assert np.allclose(mine.loc[both, "share_achieved"].fillna(-99),
                       pva.loc[both, "share_of_planned_reduction_achieved"].fillna(-99))


def test_back_test_forecasts_2018_19_from_data_to_march_2018(real, scenario, projection):
    values, delivery, f = real
    assert f.cutoff == "2018-03-31"
    bt = f.backtest
    activity = bt[bt["kind"] == "activity"]
    # every series with actuals: 2 measures x (3 trusts + system), 4 methods, 2018/19
    assert set(activity["year"]) == {"2018/19"}
    assert len(activity) == 2 * 4 * 4
    # the continues forecast recomputed independently from plan_vs_actual on the cut data
    cut = values[values["period"] <= "2018-03-31"]
    summary = projection.summary()
    past = plan_vs_actual(cut, summary, ["RDD", "RQ8", "RAJ"]).set_index(["measure", "year"])
    full = plan_vs_actual(values, summary, ["RDD", "RQ8", "RAJ"]).set_index(
        ["measure", "year"])
    for measure in ("ae_attendances", "emergency_admissions_ae"):
        hat = past.loc[(measure, "2017/18"), "share_of_planned_reduction_achieved"]
        r = full.loc[(measure, "2018/19")]
        index = r["momentum_index"] - hat * (r["momentum_index"] - r["planned_index"])
        base = full.loc[(measure, "2016/17"), "actual"]
        row = activity[(activity["measure"] == measure) & (activity["org"] == "system")
                       & (activity["method"] == "continues")].iloc[0]
        assert row["forecast"] == pytest.approx(index / 100 * base)
        assert row["actual"] == pytest.approx(r["actual"])
        assert row["lo80"] < row["forecast"] < row["hi80"]
        assert row["lo90"] < row["lo80"] and row["hi80"] < row["hi90"]
    kpi = bt[bt["kind"] == "kpi"]
    assert set(kpi["org"]) == {"RDD", "RQ8", "RAJ", "ENG"}
    assert kpi["months_within_limits"].between(0, 1).all()
    summ = f.backtest_summary.set_index(["kind", "method"])
    assert summ.loc[("activity", "continues"), "series_years"] == 8
    cov = summ.loc[("activity", "continues"), ["coverage80", "coverage90"]]
    assert 0 <= cov["coverage80"] <= cov["coverage90"] <= 1


def test_real_forecast_has_its_odds(real):
    _, _, f = real
    head = f.headline.set_index("assumption")
    assert list(head.index) == ["plan", "continues", "recovers", "as_planned"]
    for name in ("continues", "recovers", "as_planned"):
        assert 0 <= head.loc[name, "gap_closes_probability"] <= 1
    # no planned reduction achieved so far: continuing leaves a larger gap than the plan's
    assert head.loc["continues", "bridge_gap_gbp"] < head.loc["plan", "bridge_gap_gbp"]
    assert len(f.run_rate) and set(f.run_rate["assurance"]) <= {
        "consistent pass", "consistent fail", "inconsistent"}
