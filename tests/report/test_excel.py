"""The Excel workbook: one formatted sheet per table, readable back with the same numbers."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from icsplan.report.excel import header_label, sheet_names, write_workbook


@pytest.mark.unit
def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["a" * 40, "a" * 40, "x/y", "X/Y"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == 4
    assert "/" not in names[2]


@pytest.mark.unit
def test_header_labels():
    assert header_label("net_gbp") == "Net (£)"
    assert header_label("target_pct") == "Target (%)"


@pytest.mark.functional
def test_workbook_formats(tmp_path):
    tables = {
        "money": pd.DataFrame({"initiative": ["a", "b"], "net_gbp": [1_234_567.8, -5.0],
                               "stranded_share": [0.25, None], "target_pct": [3.0, 20.0],
                               "fte": [52.0, 8.0], "appts": [86_400.5, 1.25]}),
        "empty": pd.DataFrame(columns=["year", "value_gbp"]),
    }
    path = write_workbook(tables, tmp_path / "out" / "finance.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["money", "empty"]
    sheet = book["money"]
    assert [c.value for c in sheet[1]] == ["Initiative", "Net (£)", "Stranded share",
                                          "Target (%)", "Fte", "Appts"]
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == pytest.approx(1_234_567.8)
    assert sheet["B2"].number_format.startswith("£#,##0")
    assert sheet["C2"].number_format == "0.0%" and sheet["C3"].value is None
    assert sheet["D2"].value == pytest.approx(0.03) and sheet["D2"].number_format == "0.0%"
    assert sheet["E2"].number_format == "#,##0"
    assert sheet["F2"].number_format == "#,##0.0"
    assert sheet["A1"].font.bold and sheet["A1"].font.name == "Arial"
    assert sheet.column_dimensions["B"].width >= len("£1,234,568")
    assert book["empty"].max_row == 1


@pytest.mark.functional
def test_finance_tables_round_trip(tmp_path):
    from icsplan.finance import plan_finance
    from icsplan.model.demand import project
    from icsplan.report.files import finance_tables
    from icsplan.scenario.folder import load_scenario

    scenario = load_scenario("mse-2016")
    tables = finance_tables(plan_finance(scenario, project(scenario)))
    path = write_workbook(tables, tmp_path / "finance.xlsx")
    back = pd.read_excel(path, sheet_name="initiatives")
    assert back["Net (£)"].sum() == pytest.approx(tables["initiatives"]["net_gbp"].sum())
    assert set(pd.ExcelFile(path).sheet_names) == set(tables)


@pytest.mark.functional
def test_board_workbook_has_a_cover_charts_and_the_reconciliation(mse_plan, tmp_path):
    from icsplan.report.excel import write_board_workbook
    from icsplan.report.files import output_tables

    plan = mse_plan
    path = write_board_workbook(plan, output_tables(plan), tmp_path / "results.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["cover", "charts"] and "reconciliation" in book.sheetnames
    cover = {row[0]: row[1] for row in book["cover"].iter_rows(values_only=True) if row[0]}
    assert cover["Inputs hash (SHA-256)"] == plan.manifest.scenario_hash
    assert cover["Scenario"].startswith("mse-2016") and cover["Created (UTC)"]
    linked = [c.hyperlink.location for c in book["cover"]["A"] if c.hyperlink]
    assert "'activity_summary'!A1" in linked and "'reconciliation'!A1" in linked
    charts = book["charts"]._charts
    # one line chart per pod of activity by year, and the bridge
    assert len(charts) == plan.activity.summary["pod"].nunique() + 1
    assert sum(c.tagname == "barChart" for c in charts) == 1
    headers = [c.value for c in book["activity_summary"][1]]
    assert "Change vs 2015/16 (%)" in headers and "change_vs_baseline_pct" not in headers
    recon = [c.value for c in book["reconciliation"][1]]
    assert recon[:2] == ["Published table", "Figure"]
    assert book["reconciliation"].max_row == len(plan.findings) + 1
