"""Scenarios as one Excel workbook: round trip, and problems located as the planner sees them
(sheet, spreadsheet row, column header, the value quoted)."""

import openpyxl
import pytest

from icsplan.scenario import ScenarioError
from icsplan.scenario.excel import export_excel, import_excel

pytestmark = pytest.mark.unit


@pytest.fixture
def book(mse, tmp_path):
    return export_excel(mse, tmp_path / "mse.xlsx")


def edit(book, sheet: str, column: str, row: int, value, number_format: str | None = None):
    """Set one cell (row = spreadsheet row) of a column found by its header."""
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index(column) + 1
    cell = ws.cell(row=row, column=col, value=value)
    if number_format:
        cell.number_format = number_format
    wb.save(book)


def problems_of(book) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        import_excel(book)
    return [str(p) for p in info.value.problems]


def test_excel_round_trip_keeps_the_inputs_and_the_published_tables(mse, book):
    again = import_excel(book)
    assert again.content_hash() == mse.content_hash()
    assert set(again.published) == set(mse.published)
    for name, frame in mse.published.items():
        assert again.published[name].shape == frame.shape, name


def test_reconciliation_survives_the_round_trip(mse_plan, book):
    from icsplan.pipeline import run_plan
    from icsplan.run_options import RunOptions

    original = [(f.table, f.item, f.status) for f in mse_plan.findings]
    again = [(f.table, f.item, f.status)
             for f in run_plan(import_excel(book), RunOptions(appraise_options=False)).findings]
    assert again == original and len(again) > 600


def test_a_bad_value_names_sheet_row_and_column_and_quotes_it(book):
    edit(book, "baseline", "activity", 5, "lots")
    (problem,) = problems_of(book)
    assert problem.startswith("mse.xlsx, sheet 'baseline', row 5, column 'activity':")
    assert "(got 'lots')" in problem


def test_a_percentage_cell_reads_as_the_percent_the_planner_sees(mse, book):
    # 3.3% typed into a growth cell: Excel holds 0.033 and shows 3.3%.
    wb = openpyxl.load_workbook(book)
    ws = wb["growth"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, header.index("pod") + 1).value == "outpatient")
    wb.close()
    edit(book, "growth", "annual_growth_pct", row, 0.033, "0.0%")
    again = import_excel(book)
    growth = again.tables["growth"]
    assert growth.loc[growth["pod"] == "outpatient", "annual_growth_pct"].iloc[0] == 3.3


def test_a_share_formatted_as_a_percentage_keeps_its_fraction(book):
    edit(book, "phasing", "share", 3, 0.25, "0%")
    again = import_excel(book)
    assert 0.25 in {v for ini in again.initiatives for v in ini.phasing.values()}


def test_a_percentage_format_on_a_count_is_ambiguous_and_a_problem(book):
    edit(book, "baseline", "activity", 4, 0.5, "0%")
    (problem,) = problems_of(book)
    assert "sheet 'baseline', row 4, column 'activity'" in problem
    assert "formatted as a percentage and shows 50%" in problem


def test_a_percentage_cell_out_of_range_says_what_it_shows(book):
    edit(book, "growth", "annual_growth_pct", 2, 3.3, "0.0%")  # 330%
    (problem,) = problems_of(book)
    assert "column 'annual_growth_pct'" in problem and "shows 330%" in problem


def test_problems_across_tables_point_at_the_sheet_not_the_yaml(book):
    edit(book, "effects", "pod", 3, "maternity")
    problems = problems_of(book)
    assert any("sheet 'effects', row 3, column 'pod'" in p and "maternity" in p
               for p in problems), problems
    assert not any("initiatives.yaml" in p or ".csv" in p for p in problems)


def test_every_bad_cell_is_reported_in_one_pass(book):
    edit(book, "baseline", "activity", 3, "lots")
    edit(book, "unit_costs", "cost_gbp", 2, -5)
    edit(book, "effects", "reduction_pct", 2, 150)
    problems = problems_of(book)
    assert len(problems) == 3
    sheets = {p.split("sheet '")[1].split("'")[0] for p in problems}
    assert sheets == {"baseline", "unit_costs", "effects"}


def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    (problem,) = problems_of(bad)
    assert "cannot be read as an Excel workbook" in problem
