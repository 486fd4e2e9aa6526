"""The report's summary: figures read from the plan, worded right for every kind of plan."""

from dataclasses import replace

import pytest

from icsplan.report.sections.summary import headline, summary

pytestmark = pytest.mark.functional


def html(plan) -> str:
    return summary(plan, lambda fig: "")


def test_headline_comes_from_the_plan(mse_plan):
    plan = mse_plan
    h = headline(plan)
    assert h.gap_gbp == pytest.approx(plan.finance.bridge["value_gbp"].sum())
    assert h.net_saving_gbp == pytest.approx(plan.finance.investment_summary.net_saving_gbp)
    assert h.payback_year == plan.finance.payback_year == "2020/21"
    page = html(plan)
    assert "Deficit of £0.3m" in page and "a deficit of £0.3m" in page
    assert "£43.1m" in page and "pays back in <b>2020/21</b>" in page
    assert f"{h.change_vs_momentum_pct:+.1f}%" in page


def test_a_lower_investment_changes_the_summary(mse_plan, mse_plan_quarter):
    full, quarter = html(mse_plan), html(mse_plan_quarter)
    assert full != quarter
    assert "At 25% of the planned investment" in quarter


def with_summary(plan, **changes):
    inv = replace(plan.finance.investment_summary, **changes)
    return replace(plan, finance=replace(plan.finance, investment_summary=inv))


def test_a_plan_that_never_pays_back_says_so(mse_plan):
    plan = with_summary(mse_plan, payback_year=None)
    page = html(plan)
    assert "does <b>not pay back by 2020/21</b>" in page
    assert "Not by 2020/21" in page


def test_a_plan_with_no_investment_has_nothing_to_pay_back(mse_plan):
    plan = with_summary(mse_plan, investment_gbp=0.0, payback_year=None)
    page = html(plan)
    assert "No investment to pay back" in page
    assert "not pay back" not in page and "need no investment" in page


def test_a_plan_without_finances_still_summarises_activity(mse_plan):
    plan = mse_plan
    empty = replace(plan.finance, bridge=plan.finance.bridge.iloc[0:0],
                    investment_summary=None)
    page = html(replace(plan, finance=empty))
    assert "financial gap" not in page and "contacts" in page
