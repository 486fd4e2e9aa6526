"""Issue 17, items 2 and 3: Excel and CSV round trips are exact or refused, and nothing
exported can run as a formula."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from icsplan.errors import InputError
from icsplan.safety.cells import (
    csv_text,
    escape_text,
    excel_cell_problems,
    needs_escape,
    unescape_frame,
    unescape_text,
)

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.unit
@given(st.text())
def test_escaping_is_exactly_reversed(text):
    assert unescape_text(escape_text(text)) == text


@pytest.mark.unit
@given(st.text())
def test_no_escaped_cell_starts_with_a_formula_character(text):
    out = escape_text(text)
    assert out[:1] not in TRIGGERS or _plain_number(out)


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


@pytest.mark.unit
@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-cmd|' /C calc'!A0", "@SUM(1)",
                                  "\t=1", "\r=1", "'=already quoted", "=HYPERLINK(\"x\")"])
def test_formula_cells_are_made_inert_in_csv(cell):
    frame = pd.DataFrame({"text": [cell], "n": [-5.0]})
    text = csv_text(frame)
    back = pd.read_csv(__import__("io").StringIO(text), dtype=str, keep_default_na=False)
    assert back["text"][0].startswith("'")  # a spreadsheet shows it as text
    assert back["n"][0] == "-5.0"  # numbers stay numbers
    assert unescape_frame(back)["text"][0] == cell


@pytest.mark.unit
def test_negative_numbers_in_text_columns_stay_as_they_are():
    assert not needs_escape("-5") and not needs_escape("+1.5e3")
    assert needs_escape("-5 beds") and needs_escape("'-5")


@pytest.mark.unit
def test_text_excel_cannot_hold_is_a_problem_before_writing():
    frame = pd.DataFrame({"note": ["x" * 32_768, "bell\x07", "tab\tand\nnewline"]})
    problems = excel_cell_problems(frame, "book.xlsx", "initiatives")
    assert len(problems) == 2
    assert "32,768 characters" in str(problems[0]) and "row 2" in str(problems[0])
    assert "control character (code 7)" in str(problems[1]) and "row 3" in str(problems[1])


def _with_text(mse, text: str):
    """The built-in scenario with `text` as the description and a locality's name."""
    localities = mse.table("localities").copy()
    localities.loc[0, "name"] = text
    return mse.replace(meta=mse.meta.model_copy(update={"description": text}),
                       tables={**mse.tables, "localities": localities})


@pytest.mark.functional
@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-minus", "@mention", "'=quoted"])
def test_scenario_excel_round_trip_keeps_text_exactly(mse, tmp_path, text):
    from icsplan.scenario.excel import export_excel, import_excel

    s = _with_text(mse, text)
    book = export_excel(s, tmp_path / "s.xlsx")
    back = import_excel(book)
    assert back.meta.description == text
    assert back.table("localities")["name"][0] == text
    assert back.table("localities")["population"].equals(s.table("localities")["population"])


@pytest.mark.functional
@pytest.mark.parametrize("text", ["=1+1", "-minus", "'=quoted", "@x"])
def test_scenario_folder_round_trip_keeps_text_exactly_and_inert(mse, tmp_path, text):
    from icsplan.scenario.folder import load_scenario, save_scenario

    s = _with_text(mse, text)
    folder = save_scenario(s, tmp_path / "s")
    raw = (folder / "localities.csv").read_text()
    assert "\n" + text not in raw and "," + text not in raw
    assert load_scenario(folder).table("localities")["name"][0] == text


@pytest.mark.functional
def test_an_over_long_description_is_refused_before_the_workbook_is_written(mse, tmp_path):
    from icsplan.scenario.excel import export_excel

    s = _with_text(mse, "y" * 40_000)
    with pytest.raises(InputError) as caught:
        export_excel(s, tmp_path / "s.xlsx")
    assert "40,000 characters" in str(caught.value.problems[0])
    assert not (tmp_path / "s.xlsx").exists()


@pytest.mark.functional
def test_results_workbook_and_csvs_hold_no_formulas(mse, tmp_path):
    import openpyxl

    from icsplan.pipeline import run_plan
    from icsplan.report.files import write_results

    s = _with_text(mse, "=HYPERLINK(\"http://x\",\"click\")")
    plan = run_plan(s)
    write_results(plan, tmp_path / "out", excel=True)
    book = openpyxl.load_workbook(tmp_path / "out" / "results.xlsx")
    formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    for path in (tmp_path / "out").glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in frame.columns:
            bad = [v for v in frame[col] if v[:1] in TRIGGERS and not _plain_number(v)]
            assert not bad, (path.name, col, bad[:3])


def _workbook_with(tmp_path, mse_book, edit):
    import openpyxl

    book = openpyxl.load_workbook(mse_book)
    edit(book)
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


@pytest.mark.functional
@pytest.mark.parametrize("case,expect", [
    ("merged", "merged"), ("formula", "no saved value"), ("hidden", "hidden sheet"),
    ("blank_key", "is blank on a row"), ("blank_header", "header cell of column")])
def test_unsafe_workbooks_are_refused_and_nothing_is_written(tmp_path, mse_book, case, expect):
    from tests.security.conftest import icsplan

    def edit(book):
        ws = book["baseline"]
        if case == "merged":
            ws.merge_cells("E2:E3")
        elif case == "formula":
            ws["E2"] = "=E3*2"
        elif case == "hidden":
            book["growth"].sheet_state = "hidden"
        elif case == "blank_key":
            ws["A2"] = None
        elif case == "blank_header":
            ws.insert_cols(2)
            ws["C1"] = ws["C1"].value or "pod"

    path = _workbook_with(tmp_path, mse_book, edit)
    result = icsplan("scenario", "import", str(path), str(tmp_path / "scn"))
    assert result.returncode == 2, result.stderr
    assert expect in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "scn").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".icsplan-")]


@pytest.mark.functional
def test_register_csv_and_excel_exports_are_inert_and_round_trip(seeded, tmp_path):
    from sqlalchemy import select

    from icsplan.register import transaction
    from icsplan.register.models import Scheme
    from icsplan.register.transfer import export_file, import_file

    with transaction(seeded, "test") as session:
        row = session.scalars(select(Scheme).order_by(Scheme.id)).first()
        row.name, row.programme, row.owner = "=cmd|' /C calc'!A0", "@prog", "-minus first"
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"schemes{suffix}"
        with transaction(seeded, "test") as session:
            export_file(session, "schemes", path)
        if suffix == ".csv":
            assert "'=cmd" in path.read_text() and "'@prog" in path.read_text()
        with transaction(seeded, "test") as session:
            counts = import_file(session, "schemes", path)
        assert counts["updated"] == 0 and counts["added"] == 0, (suffix, counts)


@pytest.mark.unit
@given(st.lists(st.one_of(st.none(), st.text(), st.sampled_from(
    ["=1", "'=1", "''+x", "-5", "-5 beds", "a\rb", "\r", "'", "plain", "@", "\t1"])),
    min_size=1, max_size=30))
def test_text_columns_are_escaped_as_by_the_rule_applied_to_every_cell(cells):
    """Columns of pandas' string dtype try the rule only on cells starting with a trigger
    or an apostrophe (and look for carriage returns vectorised): the CSV is the one of an
    object column, where the rule is applied to every cell."""
    as_text = pd.DataFrame({"text": pd.array(cells, dtype="str"), "n": 1.5})
    as_objects = pd.DataFrame({"text": pd.Series(cells, dtype=object), "n": 1.5})
    assert csv_text(as_text) == csv_text(as_objects)
