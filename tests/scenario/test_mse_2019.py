"""The built-in 2019/20 operational plan (seed 004) loads, cites its seed everywhere and
adds up to the totals the seed prints; a scenario gives the demand model whole or not at all."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from icsplan.scenario.errors import ScenarioError
from icsplan.scenario.folder import load_scenario, resolve

CPR, SE = "castle_point_rochford", "southend"


@pytest.fixture(scope="module")
def plan():
    """The mse-2019 scenario."""
    return load_scenario("mse-2019")


def _budget(s, org: str, year: str, kind: str) -> float:
    b = s.table("org_budgets")
    return b[(b["org"] == org) & (b["year"] == year) & (b["kind"] == kind)]["value_gbp"].sum()


@pytest.mark.backtest
@pytest.mark.parametrize(("org", "year", "printed_k"), [
    (CPR, "2018/19", 260_801), (CPR, "2019/20", 275_220),
    (SE, "2018/19", 274_477), (SE, "2019/20", 290_241)])
def test_allocations_add_up_to_the_printed_grand_totals(plan, org, year, printed_k):
    # 004 Finance - <CCG>: GRAND TOTAL ALLOCATION
    assert _budget(plan, org, year, "allocation") == printed_k * 1000


@pytest.mark.backtest
@pytest.mark.parametrize(("org", "expenditure_k", "surplus_k", "lines_short_k"), [
    (CPR, 274_641, 579, 1), (SE, 289_631, 610, 0)])
def test_expenditure_and_surplus_agree_with_the_printed_plan(plan, org, expenditure_k,
                                                              surplus_k, lines_short_k):
    # 004 Finance - <CCG>, 2019/20 Expenditure: TOTAL EXPENDITURE and Surplus/(Deficit).
    # CP&R's printed lines sum to 274,640, £1k short of its printed total (rounding of the
    # £k lines); the surplus 579 is the allocation less the printed total.
    spent = _budget(plan, org, "2019/20", "expenditure")
    assert spent == (expenditure_k - lines_short_k) * 1000
    allocation = _budget(plan, org, "2019/20", "allocation")
    assert allocation - expenditure_k * 1000 == surplus_k * 1000


@pytest.mark.backtest
def test_qipp_categories_add_up_to_the_grand_total_and_the_target(plan):
    # 004 QIPP Challenge - CP&R: Summary of QIPP Schemes GRAND TOTAL 8,264 (the target)
    total = plan.table("qipp_categories").query("org == @CPR")["value_gbp"].sum()
    assert total == 8_264_000
    target = plan.table("qipp_targets").query("org == @CPR")["target_gbp"].iloc[0]
    assert total == target
    assert round(total * 0.20 / 1000) == 1_653  # Aspirational Headroom Target (20%)
    # the 2019/20 QIPP projects (7,858) are the categories less the Planning Gap (406)
    schemes = plan.table("qipp_schemes").query("org == @CPR")["value_gbp"].sum()
    gap = plan.table("qipp_categories").query("category == 'Planning Gap'")["value_gbp"].sum()
    assert schemes == 7_858_000 and schemes + gap == total


@pytest.mark.backtest
def test_respiratory_lines_net_to_the_printed_benefit_with_the_garbled_line_read(plan):
    fin = plan.table("programme_finance").query("programme == 'respiratory'")
    savings = fin[fin["kind"] == "saving"]["value_gbp"].sum()
    invest = fin[fin["kind"] == "investment"]["value_gbp"].sum()
    net = fin[fin["kind"] == "net_saving"]["value_gbp"].iloc[0]
    assert savings - invest == net == 370_017
    garbled = fin[fin["as_printed"] == "£5,83.00"]
    assert list(garbled["value_gbp"]) == [5083] and "read as" in garbled["reading"].iloc[0]


@pytest.mark.backtest
@pytest.mark.parametrize("ccg", [CPR, SE])
def test_primary_care_bridges_close_within_rounding(plan, ccg):
    bridge = plan.table("primary_care_bridge").query("ccg == @ccg").pivot(
        index="line", columns="year", values="value_gbp") / 1e6
    for year in ("2018/19", "2019/20", "2020/21"):
        parts = ["Workforce", "Estates", "Other Enablers"]
        assert bridge.loc[parts, year].sum() == pytest.approx(bridge.loc["Future model", year],
                                                             abs=0.051)
        end = (bridge.loc["In-year Position", year] + bridge.loc["Future model", year]
               + bridge.loc["CCG baseline funding", year]
               + bridge.loc["STF allocation (GPFV)", year])
        assert end == pytest.approx(bridge.loc["End-state 20/21", year], abs=0.151)


@pytest.mark.unit
def test_every_row_cites_seed_004_and_no_risk_is_rated(plan):
    for name, frame in plan.tables.items():
        assert frame["source"].str.startswith("004").all(), name
    risks = plan.table("programme_risks")
    assert len(risks) > 0 and (risks["rating"] == "").all()
    assert risks["impact"].isna().all() and risks["likelihood"].isna().all()
    assert not plan.has_demand_model


@pytest.mark.unit
def test_every_programme_has_a_page_of_parts(plan):
    programmes = set(plan.table("programmes")["programme"])
    assert len(programmes) >= 30
    for table in ("programme_milestones", "programme_risks", "programme_finance"):
        assert set(plan.table(table)["programme"]) <= programmes
    assert set(plan.table("kpi_measures")["programme"]) <= programmes


@pytest.mark.unit
def test_a_demand_model_is_given_whole_or_not_at_all(tmp_path):
    folder = tmp_path / "half"
    shutil.copytree(resolve("mse-2019"), folder)
    pd.DataFrame({"pod": ["ae"], "cost_gbp": ["100"], "source": ["x"]}).to_csv(
        folder / "unit_costs.csv", index=False)
    with pytest.raises(ScenarioError) as err:
        load_scenario(folder)
    assert "give all four files or none" in str(err.value)
    assert "localities.csv, baseline.csv, growth.csv" in str(err.value)


@pytest.mark.functional
def test_the_workbook_round_trip_is_exact(plan, tmp_path):
    from icsplan.scenario.excel import export_excel, import_excel

    back = import_excel(export_excel(plan, tmp_path / "mse-2019.xlsx"))
    assert back.content_hash() == plan.content_hash()


def _line(s, org: str, year: str, line: str) -> float:
    b = s.table("org_budgets")
    return b[(b["org"] == org) & (b["year"] == year) & (b["line"] == line)]["value_gbp"].iloc[0]


@pytest.mark.backtest
@pytest.mark.parametrize(("org", "line", "printed_pct"), [
    (CPR, "Total Programme Allocation", 5.9), (SE, "Total Programme Allocation", 6.1),
    (SE, "Total Primary Care Co-Commissioning Allocation", 3.3)])
def test_allocation_growth_agrees_with_the_printed_percentages(plan, org, line, printed_pct):
    # 004 Finance - <CCG>: "Our overall movements in relation to our 2019/20 allocation"
    growth = 100 * (_line(plan, org, "2019/20", line) / _line(plan, org, "2018/19", line) - 1)
    assert round(growth, 1) == printed_pct


@pytest.mark.backtest
def test_cpr_primary_care_growth_is_printed_with_a_dropped_digit(plan):
    # 004 Finance - CP&R prints "Primary Care Co-Commissioning growth of .1%"; the amounts
    # give 3.1% (24,311 / 23,587 - 1): the figure is kept as printed in the seed, read as 3.1%
    line = "Total Primary Care Co-Commissioning Allocation"
    growth = 100 * (_line(plan, CPR, "2019/20", line) / _line(plan, CPR, "2018/19", line) - 1)
    assert round(growth, 1) == 3.1
