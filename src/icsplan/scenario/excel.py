"""Scenarios as one Excel workbook: a sheet per table, editable by planners, read back and
validated like a folder.

Reading goes cell by cell (openpyxl), so a problem names what the planner sees: the
workbook, the sheet, the spreadsheet row and the column header, with the bad value quoted.
A cell formatted as a percentage is read as the number the planner sees: 3.3% in a
`..._pct` column is 3.3 (percent), 25% in a share column (0-1) is 0.25; a percentage format
on any other number is ambiguous and is a problem.  Published tables travel as sheets named
in the `published` sheet, so reconciliation survives the round trip.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from icsplan.scenario.build import Text, build_scenario
from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.model import Scenario
from icsplan.scenario.tables import TABLES

INITIATIVE_SHEETS = ("initiatives", "effects", "phasing")
LIST_COLUMNS = ("age_bands", "segments", "localities")
PUBLISHED_INDEX = "published"
MAX_SHEET = 31


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def published_sheet_names(names: list[str]) -> dict[str, str]:
    """A valid, unique sheet name for each published table: 'pub.<name>' (<= 31 chars)."""
    out: dict[str, str] = {}
    for name in names:
        sheet = f"pub.{name}"[:MAX_SHEET]
        k = 2
        while sheet in out.values():
            suffix = f"~{k}"
            sheet = f"pub.{name}"[:MAX_SHEET - len(suffix)] + suffix
            k += 1
        out[name] = sheet
    return out


def export_excel(s: Scenario, path: str | Path) -> Path:
    """Write the scenario's inputs to one workbook: a sheet per table, editable in Excel."""
    path = Path(path)
    meta = s.meta.model_dump()
    meta_rows = [("name", meta["name"]), ("title", meta["title"]),
                 ("description", meta["description"]), ("base_year", meta["base_year"]),
                 ("horizon", meta["horizon"]), ("pods", ", ".join(meta["pods"]))]
    meta_rows += [(f"source:{k}", v) for k, v in meta["sources"].items()]
    initiatives, effects, phasing = [], [], []
    for ini in s.initiatives:
        initiatives.append({"id": ini.id, "name": ini.name, "programme": ini.programme,
                            "source": ini.source, "assumptions": "\n".join(ini.assumptions)})
        for eff in ini.effects:
            d = eff.model_dump()
            for key in LIST_COLUMNS:
                d[key] = ", ".join(d[key])
            effects.append({"initiative": ini.id, **d})
        phasing += [{"initiative": ini.id, "year": y, "share": v} for y, v in ini.phasing.items()]
    published = published_sheet_names(sorted(s.published))
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        pd.DataFrame(meta_rows, columns=["key", "value"]).to_excel(
            writer, sheet_name="scenario", index=False)
        for name, frame in s.tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        pd.DataFrame(initiatives, columns=["id", "name", "programme", "source",
                                           "assumptions"]).to_excel(
            writer, sheet_name="initiatives", index=False)
        pd.DataFrame(effects).to_excel(writer, sheet_name="effects", index=False)
        pd.DataFrame(phasing, columns=["initiative", "year", "share"]).to_excel(
            writer, sheet_name="phasing", index=False)
        if published:
            pd.DataFrame({"table": list(published), "sheet": list(published.values())}).to_excel(
                writer, sheet_name=PUBLISHED_INDEX, index=False)
            for name, sheet in published.items():
                s.published[name].to_excel(writer, sheet_name=sheet, index=False)
        for sheet in writer.sheets.values():
            sheet.set_column(0, 12, 18)
    return path


@dataclass
class Sheet:
    """One sheet as text, as the planner sees it: its header, rows and their row numbers."""

    name: str
    frame: pd.DataFrame  # all text; "" for an empty cell
    rows: list[int]  # the spreadsheet row of each frame row
    percent_cells: dict[tuple[int, str], str] = field(default_factory=dict)  # shown text

    def row_of(self, i: int) -> int | None:
        """The spreadsheet row of the i-th data row (None if there is no such row)."""
        return self.rows[i] if 0 <= i < len(self.rows) else None


def _is_percent_column(column: str) -> bool:
    return column.endswith("_pct")


def _is_share_column(column: str) -> bool:
    return column == "share" or column.endswith("_share") or column.startswith("share_")


def _text(value: float) -> str:
    return format(round(value, 12), ".15g")


def read_sheet(name: str, worksheet, book: str, problems: list[Problem]) -> Sheet:
    """A worksheet as text, percentages read as the planner sees them."""
    grid = list(worksheet.iter_rows())
    if not grid:
        return Sheet(name, pd.DataFrame(), [])
    header = ["" if c.value is None else str(c.value).strip() for c in grid[0]]
    while header and header[-1] == "":
        header.pop()
    records, rows, percent = [], [], {}
    for cells in grid[1:]:
        values = []
        for col, cell in zip(header, cells, strict=False):
            values.append(_cell_text(cell, col, name, book, len(records), percent, problems))
        values += [""] * (len(header) - len(values))
        if any(v != "" for v in values):
            records.append(values)
            rows.append(cells[0].row)
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return Sheet(name, frame, rows, percent)


def _cell_text(cell, column: str, sheet: str, book: str, index: int,
               percent: dict[tuple[int, str], str], problems: list[Problem]) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, int | float):
        if "%" in str(cell.number_format):
            shown = f"{value * 100:g}%"
            percent[(index, column)] = shown
            if _is_percent_column(column):
                return _text(value * 100)
            if _is_share_column(column):
                return _text(value)
            problems.append(Problem(book, f"the cell is formatted as a percentage and shows "
                                    f"{shown}, but this column is not a percentage: format it "
                                    "as a number and give the value itself", row=cell.row,
                                    field=column, value=value, sheet=sheet))
            return _text(value)
        return _text(float(value)) if isinstance(value, float) else str(value)
    return str(value).strip()


def _with_percent_hint(p: Problem, sheet: Sheet) -> Problem:
    """Add what a percentage-formatted cell shows to a problem about it."""
    for (i, col), shown in sheet.percent_cells.items():
        if col == p.field and sheet.row_of(i) == p.row:
            return replace(p, message=f"{p.message} (the cell is formatted as a percentage "
                           f"and shows {shown}; {col} takes the number of percent, e.g. 3.3)")
    return p


def import_excel(path: str | Path) -> Scenario:
    """Read a workbook written by `export_excel` (perhaps edited) back into a scenario."""
    import openpyxl

    path = Path(path)
    book = path.name
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ScenarioError([Problem(book, "cannot be read as an Excel workbook (.xlsx): "
                                     f"{reason}")]) from None
    problems: list[Problem] = []
    sheets = {ws.title: read_sheet(ws.title, ws, book, problems) for ws in workbook.worksheets}
    meta = _read_meta(sheets, book, problems)
    tables: dict[str, Text] = {}
    for spec in TABLES.values():
        if spec.name in sheets:
            tables[spec.name] = Text(sheets[spec.name].frame)
        elif spec.required:
            problems.append(Problem(book, f"sheet '{spec.name}' is missing"))
    where = _Workbook(book, sheets)
    published = _read_published(sheets, book, where, problems)
    try:
        return build_scenario(meta, tables, _read_initiatives(sheets), published,
                              found=problems)
    except ScenarioError as exc:
        raise ScenarioError([where.locate(p) for p in exc.problems]) from None


def _read_meta(sheets: dict[str, Sheet], book: str,
               problems: list[Problem]) -> dict[str, object] | None:
    if "scenario" not in sheets:
        problems.append(Problem(book, "sheet 'scenario' is missing"))
        return None
    frame = sheets["scenario"].frame
    if not {"key", "value"} <= set(frame.columns):
        problems.append(Problem(book, "needs the columns 'key' and 'value'", sheet="scenario"))
        return None
    kv = dict(zip(frame["key"], frame["value"], strict=True))
    raw: dict[str, object] = {k: v for k, v in kv.items() if not k.startswith("source:")}
    raw["pods"] = [p.strip() for p in str(raw.get("pods", "")).split(",") if p.strip()]
    raw["sources"] = {k.split(":", 1)[1]: v for k, v in kv.items() if k.startswith("source:")}
    return raw


class _InitiativeRows:
    """Where each initiative, effect and phasing entry is on its sheet."""

    def __init__(self, sheets: dict[str, Sheet]):
        self.initiative: dict[str, int] = {}
        self.effects: dict[str, list[int]] = {}
        self.phasing: dict[str, list[int]] = {}
        if "initiatives" in sheets and "id" in sheets["initiatives"].frame:
            sheet = sheets["initiatives"]
            for i, ident in enumerate(sheet.frame["id"]):
                self.initiative.setdefault(ident, sheet.row_of(i))
        for name, target in (("effects", self.effects), ("phasing", self.phasing)):
            if name in sheets and "initiative" in sheets[name].frame:
                sheet = sheets[name]
                for i, ident in enumerate(sheet.frame["initiative"]):
                    target.setdefault(ident, []).append(sheet.row_of(i))

    def locate(self, ident: str, path: list[str]) -> tuple[str, int | None, str | None]:
        """(sheet, row, column) of a field of an initiative given as a path of keys."""
        if path[:1] == ["effects"] and len(path) >= 2 and path[1].isdigit():
            rows = self.effects.get(ident, [])
            k = int(path[1])
            return "effects", rows[k] if k < len(rows) else None, ".".join(path[2:]) or None
        if path[:1] == ["phasing"]:
            rows = self.phasing.get(ident, [])
            return "phasing", rows[0] if rows else None, "share"
        return "initiatives", self.initiative.get(ident), ".".join(path) or None


def _read_initiatives(sheets: dict[str, Sheet]) -> list[dict[str, object]]:
    """Each initiative as a mapping, with its effects and phasing gathered from their sheets."""
    if "initiatives" not in sheets:
        return []
    empty = pd.DataFrame(columns=["initiative"])
    effects = sheets["effects"].frame if "effects" in sheets else empty
    phasing = sheets["phasing"].frame if "phasing" in sheets else empty
    out = []
    for row in sheets["initiatives"].frame.to_dict(orient="records"):
        ident = str(row.get("id", ""))
        effs = []
        if "initiative" in effects:
            for e in effects[effects["initiative"] == ident].to_dict(orient="records"):
                e.pop("initiative")
                for key in LIST_COLUMNS:
                    e[key] = [x.strip() for x in str(e.get(key, "")).split(",") if x.strip()]
                effs.append({k: v for k, v in e.items() if v != ""})
        shares: dict[str, object] = {}
        if {"initiative", "year", "share"} <= set(phasing.columns):
            for r in phasing[phasing["initiative"] == ident].to_dict(orient="records"):
                shares[str(r["year"])] = r["share"]
        out.append({**{k: _clean(v) for k, v in row.items() if k != "assumptions"},
                    "assumptions": [a for a in str(row.get("assumptions", "")).split("\n")
                                    if a],
                    "effects": effs, "phasing": shares})
    return out


def _read_published(sheets: dict[str, Sheet], book: str, where: _Workbook,
                    problems: list[Problem]) -> dict[str, Text]:
    if PUBLISHED_INDEX not in sheets:
        return {}
    index = sheets[PUBLISHED_INDEX]
    out = {}
    for i, rec in enumerate(index.frame.to_dict(orient="records")):
        table, sheet = str(rec.get("table", "")), str(rec.get("sheet", ""))
        if sheet not in sheets:
            problems.append(Problem(book, f"names sheet '{sheet}', which the workbook does not "
                                    "have", sheet=PUBLISHED_INDEX, row=index.row_of(i),
                                    field="sheet", value=sheet))
            continue
        where.published[table] = sheet
        out[table] = Text(sheets[sheet].frame)
    return out


class _Workbook:
    """Where a scenario's tables, initiatives and metadata are in a workbook."""

    def __init__(self, book: str, sheets: dict[str, Sheet]):
        self.book, self.sheets = book, sheets
        self.initiatives = _InitiativeRows(sheets)
        self.published: dict[str, str] = {}  # published table -> its sheet

    def locate(self, p: Problem) -> Problem:
        """A problem located by table, row key and field, said as the workbook's sheet, row
        and column header (with what a percentage-formatted cell shows)."""
        if p.table is None:
            return p
        if p.table == "initiatives":
            if p.key is None:
                return replace(p, file=self.book, sheet="initiatives", field=None)
            sheet, row, column = self.initiatives.locate(str(p.key), (p.field or "").split(".")
                                                         if p.field else [])
            return replace(p, file=self.book, sheet=sheet, row=row, field=column)
        if p.table == "scenario":
            return self._in_meta(p)
        name = p.table.removeprefix("published/")
        sheet_name = (self.published.get(name, published_sheet_names([name])[name])
                      if p.table.startswith("published/") else name)
        sheet = self.sheets.get(sheet_name)
        row = sheet.row_of(p.key) if sheet is not None and isinstance(p.key, int) else None
        located = replace(p, file=self.book, sheet=sheet_name, row=row)
        return _with_percent_hint(located, sheet) if sheet is not None else located

    def _in_meta(self, p: Problem) -> Problem:
        sheet = self.sheets.get("scenario")
        if sheet is None or "key" not in sheet.frame:
            return replace(p, file=self.book, sheet="scenario")
        rows = {k: sheet.row_of(i) for i, k in enumerate(sheet.frame["key"])}
        key = (p.field or "").split(".")[0]
        return replace(p, file=self.book, sheet="scenario", row=rows.get(key),
                       field="value" if key in rows else p.field)
