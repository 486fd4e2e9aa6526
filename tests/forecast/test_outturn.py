"""The forecast outturn: a plan delivered exactly forecasts the plan, a plan delivering
nothing forecasts momentum on the measured pods; register signals; the draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.finance.result import plan_finance
from icsplan.forecast.achieved import model_series
from icsplan.forecast.forecast import forecast_plan
from icsplan.forecast.mapping import ForecastError, org_map

pytestmark = pytest.mark.functional
MEASURES = {"ae": "ae_attendances", "non_elective": "emergency_admissions_ae"}


def synthetic_actuals(scenario, projection, column: str, last: str = "2018-09-01",
                      noise: float = 0.0):
    """Monthly actuals at the three trusts equal to the model's `column` (planned or
    momentum) at each, a twelfth a month, April 2016 to `last` (a partial last year), times
    1 + `noise` x a seeded standard normal."""
    rng = np.random.default_rng(21)
    mapping = org_map(scenario)
    orgs = sorted(mapping["org"].unique())
    totals, _ = model_series(projection, mapping, orgs, list(MEASURES))
    totals = totals[totals["org"] != "system"].set_index(["org", "pod", "year"])[column]
    rows = []
    for period in pd.date_range("2016-04-01", last, freq="MS"):
        start = period.year - (period.month < 4)
        year = f"{start}/{(start + 1) % 100:02d}"
        for org in orgs:
            for pod, measure in MEASURES.items():
                rows.append({"measure": measure, "org": org, "period": period,
                             "value": totals[(org, pod, year)] / 12
                             * (1 + noise * rng.standard_normal())})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def finance(scenario, projection):
    return plan_finance(scenario, projection)


def _table(f, assumption, metric):
    t = f.table[(f.table["assumption"] == assumption) & (f.table["metric"] == metric)]
    return t.set_index(["pod", "year"] if metric == "activity" else ["year"])["principal"]


def test_a_plan_delivered_exactly_forecasts_the_plan(scenario, projection, finance):
    values = synthetic_actuals(scenario, projection, "planned")
    f = forecast_plan(scenario, projection, finance, values)
    assert f.measured_pods == ("ae", "non_elective")
    shares = f.achieved.by_pod["share_achieved"].dropna()
    assert np.allclose(shares, 1.0)
    assert f.achieved.by_pod["partial"].any()  # 2018/19: April to September
    for name in ("continues", "recovers", "as_planned"):
        for metric in ("activity", "net_saving_gbp", "cumulative_net_gbp", "bridge_gap_gbp"):
            pd.testing.assert_series_equal(_table(f, name, metric), _table(f, "plan", metric),
                                           rtol=1e-9, atol=1e-3)
        row = f.headline.set_index("assumption").loc[name]
        assert row["payback_year"] == finance.payback_year


def test_a_plan_delivering_nothing_forecasts_momentum(scenario, projection, finance):
    values = synthetic_actuals(scenario, projection, "momentum")
    f = forecast_plan(scenario, projection, finance, values)
    assert np.allclose(f.achieved.by_pod["share_achieved"].dropna(), 0.0, atol=1e-9)
    summary = projection.summary().set_index(["pod", "year"])
    got = _table(f, "continues", "activity")
    for pod in ("ae", "non_elective"):
        assert np.allclose(got.loc[pod].to_numpy(),
                           summary.loc[pod, "momentum"].to_numpy(), rtol=1e-9)
    for pod in ("daycase", "elective", "outpatient"):  # no actuals: the plan
        assert np.allclose(got.loc[pod].to_numpy(), summary.loc[pod, "planned"].to_numpy())
    gaps = f.headline.set_index("assumption")["bridge_gap_gbp"]
    assert gaps["continues"] < gaps["plan"]
    assert gaps["recovers"] == pytest.approx(gaps["plan"])  # back on plan at the horizon
    # recovering: 2019/20 is halfway between nothing and the plan (L = 2018/19, R = 2020/21)
    rec = _table(f, "recovers", "activity").loc["ae"]
    mid = (summary.loc[("ae", "2019/20"), "momentum"] + summary.loc[("ae", "2019/20"),
                                                                    "planned"]) / 2
    assert rec["2019/20"] == pytest.approx(mid)
    # as planned from now: the shortfall so far stays (nothing by 2018/19, phasing 0.5) and
    # the rest of the phasing (0.5 of the full effect by 2020/21) is delivered
    asp = _table(f, "as_planned", "activity").loc["ae"]
    full = summary.loc[("ae", "2020/21"), "momentum"] - summary.loc[("ae", "2020/21"),
                                                                     "planned"]
    assert summary.loc[("ae", "2020/21"), "momentum"] - asp["2020/21"] == pytest.approx(
        0.5 * full)


def test_a_slipped_milestone_delays_the_future_and_at_risk_widens(scenario, projection,
                                                                   finance):
    values = synthetic_actuals(scenario, projection, "planned", last="2019-03-01",
                               noise=0.005)
    signals = pd.DataFrame([
        {"initiative": "urgent_care", "signal": "slipped_milestone", "slip_months": 12.0,
         "widen_factor": None, "source": "test"},
        {"initiative": "frailty_eol", "signal": "at_risk", "slip_months": 0.0,
         "widen_factor": 3.0, "source": "test"}])
    flagged = scenario.replace(tables={**scenario.tables, "register_signals": signals})
    base = forecast_plan(scenario, projection, finance, values, draws=400, seed=5)
    f = forecast_plan(flagged, projection, finance, values, draws=400, seed=5)
    plan = projection.summary().set_index(["pod", "year"]).loc["ae"]
    reduction = {}
    for run, name in ((base, "base"), (f, "flagged")):
        ae = _table(run, "as_planned", "activity").loc["ae"]
        reduction[name] = plan["momentum"] - ae
    # the actuals' years are as measured; 2019/20 reads the phasing a year late (0.5 of the
    # full effect where the plan has 0.75), 2020/21 likewise (0.75 where the plan has 1)
    for year in ("2016/17", "2017/18", "2018/19"):
        assert reduction["flagged"][year] == pytest.approx(reduction["base"][year])
    assert reduction["flagged"]["2019/20"] == pytest.approx(
        reduction["base"]["2019/20"] * 0.5 / 0.75)
    assert reduction["flagged"]["2020/21"] == pytest.approx(reduction["base"]["2020/21"] * 0.75)
    spread = {}
    for run, name in ((base, "base"), (f, "flagged")):
        t = run.table[(run.table["assumption"] == "continues")
                      & (run.table["metric"] == "activity")
                      & (run.table["pod"] == "non_elective") & (run.table["year"] == "2020/21")]
        spread[name] = float(t["p90"].iloc[0] - t["p10"].iloc[0])
    assert spread["flagged"] > spread["base"] > 0
    bad = scenario.replace(tables={**scenario.tables, "register_signals": signals.assign(
        initiative=["nope", "urgent_care"])})
    with pytest.raises(ForecastError, match="unknown initiative 'nope'"):
        forecast_plan(bad, projection, finance, values)


def test_draws_are_reproducible_and_centred_on_the_principal(scenario, projection, finance):
    values = synthetic_actuals(scenario, projection, "momentum")
    a = forecast_plan(scenario, projection, finance, values, draws=600, seed=11)
    b = forecast_plan(scenario, projection, finance, values, draws=600, seed=11)
    pd.testing.assert_frame_equal(a.table, b.table)
    gap = a.table[(a.table["metric"] == "bridge_gap_gbp") & (a.table["assumption"] != "plan")]
    assert gap["probability"].between(0, 1).all()
    assert (gap["p10"] <= gap["p90"]).all()
    act = a.table[(a.table["metric"] == "activity") & (a.table["assumption"] == "continues")
                  & (a.table["pod"] == "ae")]
    # on a measured pod the draws vary only the achieved share, symmetric around it
    assert np.allclose(act["p50"], act["principal"], rtol=0.01)


def test_short_actuals_leave_the_plan_with_notes(scenario, projection, finance):
    values = synthetic_actuals(scenario, projection, "momentum", last="2016-11-01")
    f = forecast_plan(scenario, projection, finance, values)
    assert f.measured_pods == ()
    assert any("no financial year with all 12 months" in n for n in f.notes)
    assert any("no back test" in n for n in f.notes)
    for name in ("continues", "recovers", "as_planned"):
        pd.testing.assert_series_equal(_table(f, name, "activity"), _table(f, "plan", "activity"))
