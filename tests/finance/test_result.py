"""The finance stage of a run: every table at an investment level, computed once."""

from __future__ import annotations

import pytest

from icsplan.finance import plan_finance
from icsplan.finance.initiatives import at_horizon
from icsplan.report.files import finance_tables
from icsplan.run_options import RunOptions


@pytest.mark.functional
def test_finance_tables_have_the_agreed_columns(scenario, projection):
    tables = finance_tables(plan_finance(scenario, projection))
    expected = {
        "initiatives": ["initiative", "year", "gross_gbp", "investment_gbp", "stranded_gbp",
                        "net_gbp"],
        "bridge": ["step", "order", "value_gbp", "cumulative_gbp", "source"],
        "workforce": ["role", "year", "fte", "cost_gbp"],
        "gp_capacity": ["year", "demand_appts", "capacity_appts", "gap_fte"]}
    for name, columns in expected.items():
        assert list(tables[name].columns) == columns
    assert len(tables["initiatives"]) == 5 * len(projection.years)
    assert tables["bridge"]["cumulative_gbp"].iloc[-1] == pytest.approx(-0.3e6, abs=1e4)


@pytest.mark.functional
@pytest.mark.parametrize(("level", "payback"), [(1.0, "2020/21"), (0.75, "2020/21"),
                                                (0.5, None), (0.0, None)])
def test_investment_summary_at_a_level(scenario, projection, level, payback):
    summary = plan_finance(scenario, projection, level).investment_summary
    assert summary.payback_year == payback
    assert summary.savings_share == pytest.approx(level ** 1.5)
    row = summary.as_frame().iloc[0]  # the file's one row: no payback is an empty cell
    assert row["payback_year"] == (payback or "")
    assert type(summary).from_record(row.to_dict()) == summary


@pytest.mark.functional
def test_less_investment_gives_a_worse_bridge_gap(scenario, projection):
    full = plan_finance(scenario, projection, 1.0).bridge["cumulative_gbp"].iloc[-1]
    half = plan_finance(scenario, projection, 0.5).bridge["cumulative_gbp"].iloc[-1]
    assert half < full


@pytest.mark.functional
def test_finance_tables_without_financial_inputs(scenario, projection):
    bare = scenario.replace(tables={k: v for k, v in scenario.tables.items()
                                    if k in ("ccgs", "localities", "baseline", "growth",
                                             "unit_costs", "targets")})
    tables = finance_tables(plan_finance(bare, projection))
    assert tables["bridge"].empty and tables["gp_capacity"].empty
    assert at_horizon(tables["initiatives"])["net_gbp"].sum() == pytest.approx(
        at_horizon(tables["initiatives"])["gross_gbp"].sum())


@pytest.mark.functional
def test_run_plan_includes_finance(scenario):
    from icsplan.pipeline import run_plan

    plan = run_plan(scenario, RunOptions(investment_level=0.5, appraise_options=False))
    assert plan.finance.investment_level == 0.5
    assert not plan.finance.bridge.empty and not plan.finance.gp_capacity.empty
    assert any("three initiatives" in f.table for f in plan.findings)
    assert plan.manifest.investment_level == 0.5
