"""What makes a workbook unsafe to import, found before any of it is read as a scenario.

A workbook can hold things a sheet of values cannot say exactly, and each is a problem in
the planner's terms (sheet, cell, what to do), never a silent guess:

- merged cells (only the top-left cell holds the value; the others would read as blank),
- formulas with no value saved (a workbook written by a program and never opened in Excel:
  the value the planner sees is not in the file),
- hidden sheets (a planner cannot see what they would import),
- blank keys: a row with values but an empty first column, and a blank header cell between
  named columns.

`workbook_problems(path)` returns them all; importers call it before reading values.
"""

from __future__ import annotations

from pathlib import Path

from icsplan.errors import Problem


def workbook_problems(path: str | Path, limit_per_sheet: int = 20) -> list[Problem]:
    """Every merged range, formula without a saved value, hidden sheet and blank key of the
    workbook at `path` (an unreadable file gives no problems here; the reader says so)."""
    import openpyxl

    path = Path(path)
    book = path.name
    try:
        formulas = openpyxl.load_workbook(path, data_only=False)
        values = openpyxl.load_workbook(path, data_only=True)
    except Exception:  # noqa: BLE001 - not a workbook: the reader reports it in its terms
        return []
    problems: list[Problem] = []
    for ws in formulas.worksheets:
        found: list[Problem] = []
        if ws.sheet_state != "visible":
            found.append(Problem(book, f"is a {ws.sheet_state} sheet; a planner cannot see "
                                 "what it would import. Unhide it or delete it",
                                 sheet=ws.title))
        for merged in ws.merged_cells.ranges:
            found.append(Problem(book, f"cells {merged.coord} are merged, so all but the first "
                                 "would read as blank; unmerge them and fill each cell",
                                 row=merged.min_row, sheet=ws.title))
        found += _formula_problems(ws, values[ws.title], book)
        found += _blank_key_problems(values[ws.title], book)
        problems += found[:limit_per_sheet]
        if len(found) > limit_per_sheet:
            problems.append(Problem(book, f"and {len(found) - limit_per_sheet} more problems "
                                    "of the same kinds", sheet=ws.title))
    return problems


def _formula_problems(ws, cached, book: str) -> list[Problem]:
    out = []
    for row in ws.iter_rows():
        for cell in row:
            formula = cell.data_type == "f"
            if formula and cached[cell.coordinate].value is None:
                header = ws.cell(row=1, column=cell.column).value
                out.append(Problem(book, f"cell {cell.coordinate} holds the formula "
                                   f"{str(cell.value)[:60]!r} with no saved value; open and "
                                   "save the workbook in Excel, or type the value",
                                   row=cell.row, field=None if header is None
                                   else str(header), sheet=ws.title))
    return out


def _blank_key_problems(ws, book: str) -> list[Problem]:
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        return []
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    while header and header[-1] == "":
        header.pop()
    out = []
    named = [i for i, h in enumerate(header) if h]
    for i, h in enumerate(header):
        if h == "" and named and i < named[-1]:
            out.append(Problem(book, f"the header cell of column {_letter(i)} is blank between "
                               "named columns; name it or delete the column", row=1,
                               sheet=ws.title))
    if not header or header[0] == "":
        return out
    for r, values in enumerate(rows[1:], start=2):
        first = values[0] if values else None
        rest = [v for v in values[1:len(header)] if v not in (None, "")]
        if (first is None or str(first).strip() == "") and rest:
            out.append(Problem(book, f"the key column '{header[0]}' is blank on a row that has "
                               "values; fill it or delete the row", row=r, field=header[0],
                               sheet=ws.title))
    return out


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)
