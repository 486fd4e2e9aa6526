"""Unit and functional tests of the finance modules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.finance import plan_finance
from icsplan.finance.bridge import BridgeError, bridge, closing_gap, subtotals
from icsplan.finance.budgets import org_budgets, qipp
from icsplan.finance.initiatives import at_horizon, initiative_economics
from icsplan.finance.phasing import cash_flow, investment_schedule, payback_year
from icsplan.finance.response import check_level, savings_response
from icsplan.finance.workforce import gp_capacity, workforce
from icsplan.report.files import finance_tables


@pytest.mark.unit
def test_response_curve_hits_the_published_points():
    assert savings_response(0.0) == 0.0
    assert savings_response(0.25) == pytest.approx(0.125, abs=1e-12)
    assert savings_response(1.0) == 1.0
    assert savings_response(2.0) == 1.0  # capped: more money does not buy more than the plan


@pytest.mark.unit
def test_investment_level_outside_range_is_an_error():
    with pytest.raises(ValueError, match="between 0 and 1"):
        check_level(1.5)


@pytest.mark.unit
def test_bridge_running_total_and_subtotals():
    steps = pd.DataFrame({
        "order": [2, 1, 3], "step": ["income", "position", "scheme"],
        "group": ["income", "position", "lhc"], "value_gbp": [50.0, -100.0, None],
        "initiatives": ["", "", "a;b"], "subtotal_after": ["after income", "", ""],
        "source": ["s", "s", "s"]})
    table = bridge(steps, {"a": 10.0, "b": 5.0})
    assert list(table["step"]) == ["position", "income", "scheme"]
    assert list(table["cumulative_gbp"]) == [-100.0, -50.0, -35.0]
    assert closing_gap(table) == -35.0
    assert subtotals(table) == {"after income": -50.0}
    with pytest.raises(BridgeError, match="no economics"):
        bridge(steps, {"a": 1.0})


@pytest.mark.unit
def test_payback_year():
    cash = pd.DataFrame({"year": ["a", "b", "c", "d"], "initiative_investment_gbp": [0, 5, 5, 5],
                         "pump_priming_gbp": [0, 10, 0, 0], "capital_gbp": [0, 0, 0, 0],
                         "cumulative_net_gbp": [0.0, -10.0, -2.0, 6.0]})
    assert payback_year(cash) == "d"
    cash["cumulative_net_gbp"] = [0.0, -10.0, -5.0, -1.0]
    assert payback_year(cash) is None
    cash[["initiative_investment_gbp", "pump_priming_gbp"]] = 0
    assert payback_year(cash) is None


@pytest.mark.functional
def test_economics_phase_in_with_the_initiatives(scenario, projection):
    econ = initiative_economics(scenario, projection)
    frailty = econ[econ["initiative"] == "frailty_eol"].set_index("year")["gross_gbp"]
    assert frailty["2015/16"] == 0 and frailty["2016/17"] == 0
    assert (np.diff(frailty.to_numpy()) >= 0).all()
    assert at_horizon(econ).loc["frailty_eol", "gross_gbp"] == pytest.approx(26.3e6, abs=1)


@pytest.mark.functional
def test_quarter_investment_releases_an_eighth_of_gross(scenario, projection):
    full = at_horizon(initiative_economics(scenario, projection, 1.0))
    quarter = at_horizon(initiative_economics(scenario, projection, 0.25))
    assert quarter["gross_gbp"].sum() == pytest.approx(0.125 * full["gross_gbp"].sum())
    assert quarter["investment_gbp"].sum() == pytest.approx(0.25 * full["investment_gbp"].sum())


@pytest.mark.functional
def test_plan_pays_back_by_the_horizon(scenario, projection):
    cash = cash_flow(initiative_economics(scenario, projection), investment_schedule(scenario),
                     projection.years)
    assert payback_year(cash) == "2020/21"
    assert cash["pump_priming_gbp"].sum() == pytest.approx(43.1e6)
    assert cash["capital_gbp"].sum() == pytest.approx(24e6)


@pytest.mark.functional
def test_workforce_phases_with_its_investment_line(scenario):
    staff = workforce(scenario).set_index(["role", "year"])
    # 40 + 12 nurses/HCAs; the GP-capacity line spends 6.2 of 9.8 in 2017/18.
    assert staff.loc[("nurses_hcas", "2020/21"), "fte"] == pytest.approx(52)
    assert staff.loc[("nurses_hcas", "2017/18"), "fte"] == pytest.approx(40 * 6.2 / 9.8 + 6)
    assert staff["cost_gbp"].sum() == pytest.approx(15.24e6, abs=1e4)


@pytest.mark.functional
def test_gp_gap_closes_with_channel_shift(scenario):
    gp = gp_capacity(scenario).set_index("year")
    assert gp.loc["2015/16", "gap_fte"] == pytest.approx(86_400 / 115 - 560)
    assert gp.loc["2020/21", "gap_fte"] == pytest.approx(86_400 * 0.77 / 115 - 560)
    assert gp.loc["2020/21", "capacity_appts"] == 560 * 115
    none = gp_capacity(scenario, 0.0).set_index("year")
    assert none.loc["2020/21", "gap_fte"] == pytest.approx(gp.loc["2015/16", "gap_fte"])


@pytest.mark.functional
def test_budgets_and_qipp(scenario):
    b = org_budgets(scenario).set_index("org")
    assert b.loc["southend", "surplus_gbp"] == pytest.approx(610_000)
    q = qipp(scenario).iloc[0]
    assert q["delivered_gbp"] + q["in_progress_gbp"] == pytest.approx(7_858_000)
    assert q["scoping_schemes"] == 6
    assert q["headroom_shortfall_gbp"] == pytest.approx(8_264_000 * 1.2 - 7_858_000)


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
                                                (0.5, ""), (0.0, "")])
def test_investment_summary_at_a_level(scenario, projection, level, payback):
    summary = plan_finance(scenario, projection, level).investment_summary.iloc[0]
    assert summary["payback_year"] == payback
    assert summary["savings_share"] == pytest.approx(level ** 1.5)


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

    plan = run_plan(scenario, investment_level=0.5)
    assert plan.finance.investment_level == 0.5
    assert not plan.finance.bridge.empty and not plan.finance.gp_capacity.empty
    assert any("three initiatives" in f.table for f in plan.findings)
    assert plan.manifest.investment_level == 0.5
