"""The report's summary: figures read from the plan, worded right for every kind of plan."""

from dataclasses import replace

import pytest

from icsplan.pipeline import run_plan
from icsplan.report.sections.summary import headline, summary
from icsplan.run_options import RunOptions

pytestmark = pytest.mark.functional


def html(plan) -> str:
    return summary(plan, lambda fig: "")


def test_headline_comes_from_the_plan(mse):
    plan = run_plan(mse)
    h = headline(plan)
    assert h.gap_gbp == pytest.approx(plan.finance.bridge["value_gbp"].sum())
    assert h.net_saving_gbp == pytest.approx(plan.finance.investment_summary.net_saving_gbp)
    assert h.payback_year == plan.finance.payback_year == "2020/21"
    page = html(plan)
    assert "-£0.3m" in page and "£43.1m" in page and "pays back in <b>2020/21</b>" in page
    assert f"{h.change_vs_momentum_pct:+.1f}%" in page


def test_a_lower_investment_changes_the_summary(mse):
    full, quarter = html(run_plan(mse)), html(run_plan(mse, RunOptions(investment_level=0.25)))
    assert full != quarter
    assert "At 25% of the planned investment" in quarter


def with_summary(plan, **changes):
    inv = replace(plan.finance.investment_summary, **changes)
    return replace(plan, finance=replace(plan.finance, investment_summary=inv))


def test_a_plan_that_never_pays_back_says_so(mse):
    plan = with_summary(run_plan(mse), payback_year=None)
    page = html(plan)
    assert "does <b>not pay back by 2020/21</b>" in page
    assert "Not by 2020/21" in page


def test_a_plan_with_no_investment_has_nothing_to_pay_back(mse):
    plan = with_summary(run_plan(mse), investment_gbp=0.0, payback_year=None)
    page = html(plan)
    assert "No investment to pay back" in page
    assert "not pay back" not in page and "need no investment" in page


def test_a_plan_without_finances_still_summarises_activity(mse):
    plan = run_plan(mse)
    empty = replace(plan.finance, bridge=plan.finance.bridge.iloc[0:0],
                    investment_summary=None)
    page = html(replace(plan, finance=empty))
    assert "financial gap" not in page and "contacts" in page
