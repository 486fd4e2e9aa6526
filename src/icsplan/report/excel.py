"""A formatted Excel workbook of result tables, ready to drop into a board pack.

One sheet per table: a styled, frozen header row with filters, money columns (`*_gbp`) as
£#,##0, share and percent columns as 0.0%, counts with thousands separators, and column
widths fitted to their contents.  The board workbook of a run (`write_board_workbook`) adds
a cover sheet (scenario, inputs hash, date, contents with links), native Excel charts of the
headline tables (activity by pod and year, the bridge) and the reconciliation, with headers
from the label map.  Written with XlsxWriter (docs/architecture.md).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xlsxwriter

from icsplan.report.style import NHS_BLUE, NHS_DARK_BLUE, NHS_GREEN, NHS_RED, SERIES
from icsplan.safety.cells import EXCEL_OPTIONS, check_excel_tables

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

    from icsplan.pipeline import Plan
    from icsplan.report.labels import Labels

MAX_WIDTH = 60
SHARE_COLUMNS = ("share", "investment_level", "savings_share", "stranded_share",
                 "reprovision_share")


def column_kind(name: str) -> str:
    """How a column is shown: money, percent (already 0-100), share (0-1), count or text."""
    if name.endswith("_gbp"):
        return "money"
    if name.endswith("_pct"):
        return "percent"
    if name in SHARE_COLUMNS or name.endswith("_share"):
        return "share"
    return "number"


def header_label(name: str) -> str:
    """A column name as a header: 'net_gbp' -> 'Net (£)', 'target_pct' -> 'Target (%)'."""
    label = re.sub(r"_gbp$", " (£)", name)
    label = re.sub(r"_pct$", " (%)", label).replace("_", " ").strip()
    return label[:1].upper() + label[1:]


def sheet_names(names: list[str]) -> list[str]:
    r"""Valid, unique Excel sheet names (<= 31 characters, no []:*?/\)."""
    out: list[str] = []
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "sheet"
        candidate, k = base, 2
        while candidate.lower() in (o.lower() for o in out):
            suffix = f"_{k}"
            candidate, k = base[:31 - len(suffix)] + suffix, k + 1
        out.append(candidate)
    return out


def _cell(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path,
                   labels: Labels | None = None) -> Path:
    """Write `tables` (name -> DataFrame) to `path`, one formatted sheet per table (headers
    from `labels` when given, else from the column names)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_excel_tables(tables, path.name)
    book = xlsxwriter.Workbook(str(path), EXCEL_OPTIONS)
    write_sheets(book, tables, labels)
    book.close()
    return path


def write_sheets(book: Workbook, tables: dict[str, pd.DataFrame],
                 labels: Labels | None = None) -> dict[str, str]:
    """Add one formatted sheet per table to `book`; returns table name -> sheet name."""
    base = {"font_name": "Arial", "font_size": 10}
    header = book.add_format({**base, "bold": True, "font_color": "white", "bg_color": NHS_BLUE,
                              "text_wrap": True, "valign": "top", "border": 1})
    formats = {
        "money": book.add_format({**base, "num_format": "£#,##0;[Red]-£#,##0"}),
        "percent": book.add_format({**base, "num_format": "0.0%"}),
        "share": book.add_format({**base, "num_format": "0.0%"}),
        "integer": book.add_format({**base, "num_format": "#,##0"}),
        "number": book.add_format({**base, "num_format": "#,##0.0"}),
        "text": book.add_format(base),
    }
    names = dict(zip(tables, sheet_names(list(tables)), strict=True))
    for table, frame in tables.items():
        sheet = book.add_worksheet(names[table])
        columns = [str(c) for c in frame.columns]
        for j, name in enumerate(columns):
            sheet.write_string(0, j, labels.column(name) if labels else header_label(name),
                               header)
            series = frame.iloc[:, j]
            numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(
                series)
            kind = column_kind(name) if numeric else "text"
            if kind == "number" and numeric and series.dropna().apply(
                    lambda v: float(v).is_integer()).all():
                kind = "integer"
            fmt = formats[kind]
            width = len(name) + 2
            for i, raw in enumerate(series.tolist()):
                value = _cell(raw)
                if value is None:
                    sheet.write_blank(i + 1, j, None, fmt)
                    continue
                if kind == "percent":
                    value = float(value) / 100.0
                if isinstance(value, bool | int | float) and kind != "text":
                    sheet.write_number(i + 1, j, float(value), fmt)
                    shown = len(f"{float(value):,.0f}") + (2 if kind == "money" else 1)
                else:
                    if isinstance(value, bool | int | float):
                        sheet.write(i + 1, j, value, fmt)
                    else:
                        sheet.write_string(i + 1, j, str(value), fmt)
                    shown = len(str(value))
                width = max(width, shown + 1)
            sheet.set_column(j, j, min(width, MAX_WIDTH))
        sheet.set_row(0, 30)
        sheet.freeze_panes(1, 0)
        if len(columns):
            sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    return names


#: what each sheet of the board workbook holds, for the cover's contents
SHEET_NOTES = {
    "charts": "Charts of the headline tables: activity by pod and year, the bridge",
    "activity": "Activity by locality, pod and year: baseline, momentum, planned",
    "activity_summary": "System activity by pod and year with % changes",
    "change_factors": "Change factors from baseline to planned by pod and year",
    "locality_targets": "Locality targets at the horizon",
    "bridge": "The financial bridge to the planned gap (£)",
    "initiatives": "Initiative economics by year (£)",
    "reconciliation": "Every published figure against icsplan's recomputation",
}


def write_board_workbook(plan: Plan, tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """The run's workbook for a board pack: a cover (scenario, inputs hash, date, contents
    with links), a sheet of native charts, every table (the findings as `reconciliation`)."""
    from icsplan.report.labels import labels_for

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    labels = labels_for(plan.scenario)
    tables = {("reconciliation" if k == "findings" else k): v for k, v in tables.items()}
    check_excel_tables(tables, path.name)
    book = xlsxwriter.Workbook(str(path), EXCEL_OPTIONS)
    cover = book.add_worksheet("cover")
    charts = book.add_worksheet("charts")
    names = write_sheets(book, tables, labels)
    write_cover(book, cover, plan, {"charts": "charts", **names})
    write_charts(book, charts, tables, names, labels)
    cover.activate()
    book.close()
    return path


def write_cover(book: Workbook, sheet: object, plan: Plan, names: dict[str, str]) -> None:
    """The cover sheet: what was run, on which inputs, when, and a linked contents list."""
    title = book.add_format({"font_name": "Arial", "font_size": 16, "bold": True,
                             "font_color": NHS_DARK_BLUE})
    bold = book.add_format({"font_name": "Arial", "font_size": 10, "bold": True})
    text = book.add_format({"font_name": "Arial", "font_size": 10})
    link = book.add_format({"font_name": "Arial", "font_size": 10, "font_color": NHS_BLUE,
                            "underline": 1})
    s, m = plan.scenario, plan.manifest
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 90)
    sheet.write(0, 0, f"{s.meta.title}: results", title)
    facts = [("Scenario", f"{s.name}: {s.meta.title}"), ("Years", f"{s.meta.base_year} to "
             f"{s.meta.horizon}"), ("Inputs hash (SHA-256)", m.scenario_hash),
             ("Baseline from", m.baseline), ("Investment level", f"{m.investment_level:.0%}"),
             ("icsplan version", m.icsplan_version), ("Created (UTC)", m.created)]
    for i, (key, value) in enumerate(facts, start=2):
        sheet.write(i, 0, key, bold)
        sheet.write(i, 1, value, text)
    row = len(facts) + 3
    sheet.write(row, 0, "Contents", bold)
    for k, (table, sheet_name) in enumerate(names.items(), start=row + 1):
        sheet.write_url(k, 0, f"internal:'{sheet_name}'!A1", link, sheet_name)
        sheet.write(k, 1, SHEET_NOTES.get(table, table.replace("_", " ").capitalize()), text)


def contiguous_rows(frame: pd.DataFrame, column: str, value: object) -> tuple[int, int] | None:
    """First and last data row (0-based, header excluded) where `column == value`, when
    those rows are contiguous (a chart series needs one range)."""
    rows = np.flatnonzero((frame[column] == value).to_numpy())
    if len(rows) == 0 or rows[-1] - rows[0] != len(rows) - 1:
        return None
    return int(rows[0]), int(rows[-1])


def write_charts(book: Workbook, sheet: object, tables: dict[str, pd.DataFrame],
                 names: dict[str, str], labels: Labels) -> None:
    """Native Excel charts: momentum and planned activity by year for each pod (from the
    activity summary sheet), and the bridge steps (from the bridge sheet)."""
    sheet.write(0, 0, "Charts of the headline tables (the data are on the sheets named "
                      "in each chart's title)", book.add_format({"bold": True,
                                                                  "font_name": "Arial"}))
    anchor_row = 2
    summary = tables.get("activity_summary")
    if summary is not None and not summary.empty:
        name = names["activity_summary"]
        cols = {c: list(summary.columns).index(c) for c in ("year", "momentum", "planned")}
        for k, pod in enumerate(dict.fromkeys(summary["pod"])):
            span = contiguous_rows(summary, "pod", pod)
            if span is None:
                continue
            first, last = span[0] + 1, span[1] + 1
            chart = book.add_chart({"type": "line"})
            for series in ("momentum", "planned"):
                chart.add_series({
                    "name": labels.column(series),
                    "categories": [name, first, cols["year"], last, cols["year"]],
                    "values": [name, first, cols[series], last, cols[series]],
                    "line": {"color": SERIES[series], "width": 2.25,
                             "dash_type": "dash" if series == "momentum" else "solid"},
                    "marker": {"type": "circle", "size": 4,
                               "fill": {"color": SERIES[series]},
                               "border": {"color": SERIES[series]}}})
            chart.set_title({"name": f"{labels.value('pod', pod)} ({name})",
                             "name_font": {"size": 11}})
            chart.set_y_axis({"num_format": "#,##0", "min": 0,
                              "major_gridlines": {"visible": True,
                                                  "line": {"color": "#E8EDEE"}}})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": 480, "height": 300})
            sheet.insert_chart(anchor_row + 16 * (k // 2), 8 * (k % 2), chart)
        anchor_row += 16 * (-(-summary["pod"].nunique() // 2))
    bridge = tables.get("bridge")
    if bridge is not None and not bridge.empty:
        name = names["bridge"]
        step, value = list(bridge.columns).index("step"), list(bridge.columns).index("value_gbp")
        chart = book.add_chart({"type": "bar"})
        chart.add_series({
            "name": "Bridge step (£m)",
            "categories": [name, 1, step, len(bridge), step],
            "values": [name, 1, value, len(bridge), value],
            "fill": {"color": NHS_GREEN}, "invert_if_negative": True,
            "invert_if_negative_color": NHS_RED,
            "data_labels": {"value": True, "num_format": '£#,##0.0,,"m"'}})
        chart.set_title({"name": f"Financial bridge steps to the gap ({name})",
                         "name_font": {"size": 11}})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"num_format": '£#,##0,,"m"',
                          "major_gridlines": {"visible": True, "line": {"color": "#E8EDEE"}}})
        chart.set_legend({"none": True})
        chart.set_size({"width": 960, "height": 40 + 26 * len(bridge)})
        sheet.insert_chart(anchor_row, 0, chart)
