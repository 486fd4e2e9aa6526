"""The waiting list joined to the plan: growth from the demand model, the cost option, the
Monte Carlo and the SPC of the actuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.pipeline import run_plan
from icsplan.waiting_list.plan_link import (
    Settings,
    WaitingListError,
    fy_label,
    monthly_index,
    plan_paths,
    plan_waiting_list,
)
from icsplan.waiting_list.seeds import BACKLOG_OVER_18_WEEKS, seeded_system
from icsplan.waiting_list.synthetic import synthetic_rtt


@pytest.fixture(scope="module")
def plan(mse):
    return run_plan(mse)


def _run(plan, counts, **settings):
    values = {"target_month": "2018-03", "zero_52_month": "2019-03", "draws": 300, **settings}
    return plan_waiting_list(counts, plan.activity.summary,
                             plan.scenario.table("unit_costs"),
                             float(plan.finance.bridge["cumulative_gbp"].iloc[-1]),
                             plan.projection.horizon, Settings(**values))


@pytest.mark.unit
def test_a_years_growth_compounds_over_its_months():
    assert fy_label(pd.Timestamp("2017-03-01")) == "2016/17"
    assert fy_label(pd.Timestamp("2017-04-01")) == "2017/18"
    planned = pd.Series({"2016/17": 100.0, "2017/18": 110.0})
    months = pd.date_range("2017-04-01", "2018-06-01", freq="MS")
    index = monthly_index(planned, months, pd.Timestamp("2017-03-01"))
    assert index[11] == pytest.approx(1.1)  # March 2018: the whole of 2017/18's growth
    assert index[0] == pytest.approx(1.1 ** (1 / 12))
    assert index[-1] == pytest.approx(1.1 ** (15 / 12))  # past the plan: its last growth


@pytest.mark.functional
def test_referrals_follow_planned_outpatients_and_capacity_planned_electives(plan):
    months = pd.date_range("2017-04-01", "2018-03-01", freq="MS")
    refs, cap = plan_paths(plan.activity.summary, months, pd.Timestamp("2017-03-01"))
    s = plan.activity.summary.set_index(["pod", "year"])["planned"]
    assert refs[-1] == pytest.approx(s["outpatient", "2017/18"] / s["outpatient", "2016/17"])
    both = s.loc[["elective", "daycase"]].groupby(level="year").sum()
    assert cap[-1] == pytest.approx(both["2017/18"] / both["2016/17"])


@pytest.mark.functional
def test_more_capacity_raises_the_odds_and_the_option_is_costed(plan):
    counts = synthetic_rtt(providers=1, specialties=2, months=25, start="2015-04-01")
    base = _run(plan, counts)
    more = _run(plan, counts, capacity_change=0.2)
    b = base.odds.set_index(["measure", "month"])["probability_met"]
    m = more.odds.set_index(["measure", "month"])["probability_met"]
    assert (m >= b).all() and m.sum() > b.sum()
    for column in ("waiting_list", "over_52_weeks"):  # fewer waiting in every month
        assert (more.projection[column].to_numpy()
                <= base.projection[column].to_numpy() + 1e-9).all()
    extra = base.answers["value"].iloc[0]
    option = base.bridge_option.set_index("step")["value_gbp"]
    per_stop = float(base.assumptions[3].split("£")[1].split(":")[0].replace(",", ""))
    assert option.iloc[1] == pytest.approx(-extra * 12 * per_stop, rel=2e-3)
    assert option.iloc[-1] == pytest.approx(option.iloc[0] + option.iloc[1] + option.iloc[2])
    again = _run(plan, counts)
    pd.testing.assert_frame_equal(base.odds, again.odds)  # one seed, same draws


@pytest.mark.functional
def test_actual_series_go_through_spc_with_the_standard_as_target(plan):
    counts = synthetic_rtt(providers=1, specialties=1, months=25, start="2015-04-01")
    result = _run(plan, counts)
    share = result.spc[result.spc["measure"] == "share_within_18_weeks"]
    assert len(share) == 25 and (share["target"] == 92.0).all()
    assert set(share["point_type"]) <= {"common_cause", "special_cause_improvement",
                                        "special_cause_concern"}


@pytest.mark.functional
def test_a_month_outside_the_projection_is_a_problem(plan):
    with pytest.raises(WaitingListError, match="outside the projection"):
        _run(plan, synthetic_rtt(months=25, start="2015-04-01"), target_month="2030-01")


@pytest.mark.backtest
def test_the_seeded_system_holds_002s_backlog_and_performance():
    counts = seeded_system()
    last = counts.incompletes[0, -1]
    from icsplan.waiting_list import measures

    assert last.sum() - measures.within_weeks(last) == pytest.approx(BACKLOG_OVER_18_WEEKS,
                                                                     abs=1)
    assert measures.share_within(last) == pytest.approx(np.mean([0.892, 0.922, 0.900]),
                                                        abs=1e-4)
