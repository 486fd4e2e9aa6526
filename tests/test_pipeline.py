"""One run of the plan as a frozen, typed value."""

import dataclasses

import pytest

from icsplan.pipeline import Plan

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def plan(mse_plan) -> Plan:
    return mse_plan


def test_the_plan_is_frozen(plan):
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.findings = ()  # type: ignore[misc]


def test_the_plan_holds_each_stage_by_name(plan, mse):
    assert plan.horizon == mse.years[-1]
    assert set(plan.activity.summary["pod"]) == set(mse.meta.pods)
    assert plan.finance.investment_level == 1.0 and not plan.finance.bridge.empty
    assert plan.targets["locality"].nunique() == len(mse.localities)
    assert plan.manifest.scenario == "mse-2016" and plan.manifest.baseline == "scenario"
    assert len(plan.findings) > 600 and plan.population is None


def test_a_lower_investment_level_keeps_the_findings_at_full_investment(mse_plan_quarter, plan):
    quarter = mse_plan_quarter
    assert quarter.finance.investment_level == 0.25
    assert [f.status for f in quarter.findings] == [f.status for f in plan.findings]
