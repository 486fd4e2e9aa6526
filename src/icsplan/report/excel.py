"""A formatted Excel workbook of result tables, ready to drop into a board pack.

One sheet per table: a styled, frozen header row with filters, money columns (`*_gbp`) as
£#,##0, share and percent columns as 0.0%, counts with thousands separators, and column
widths fitted to their contents.  Written with XlsxWriter (DESIGN.md).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from icsplan.report.style import NHS_BLUE

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


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write `tables` (name -> DataFrame) to `path`, one formatted sheet per table."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
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
    for sheet_name, (_, frame) in zip(sheet_names(list(tables)), tables.items(), strict=True):
        sheet = book.add_worksheet(sheet_name)
        columns = [str(c) for c in frame.columns]
        for j, name in enumerate(columns):
            sheet.write_string(0, j, header_label(name), header)
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
                    sheet.write(i + 1, j, str(value) if not isinstance(value, bool | int | float)
                                else value, fmt)
                    shown = len(str(value))
                width = max(width, shown + 1)
            sheet.set_column(j, j, min(width, MAX_WIDTH))
        sheet.set_row(0, 30)
        sheet.freeze_panes(1, 0)
        if len(columns):
            sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    book.close()
    return path
