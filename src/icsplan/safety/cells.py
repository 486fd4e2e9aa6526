"""Cells that cannot run as formulas and come back exactly: the one place every CSV and
workbook writer of icsplan goes through.

CSV (OWASP's CSV-injection guidance): a text cell starting with `=`, `+`, `-`, `@`, a tab or
a carriage return is written with a leading apostrophe, so a spreadsheet shows it as text.
To keep a round trip exact the rule is symmetric: a text cell made of apostrophes followed by
one of those characters gains one more apostrophe on writing, and `unescape_text` removes one
on reading.  A text cell that is a plain number (`-5`, `+1.5e3`) cannot run and is left alone;
numbers in numeric columns are numbers and are never touched.

Excel: text is written as a text cell (xlsxwriter's `strings_to_formulas` off), so `=1+1`
stays the five characters the user typed.  Text Excel cannot hold exactly (over 32,767
characters, control characters other than tab and newline) is a problem before anything is
written, never a truncated value.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from icsplan.errors import InputError, Problem

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32_767
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab (\x09) and newline (\x0a) allowed
#: xlsxwriter options: text is text (never a formula, link or number), NaN/inf refused upstream
EXCEL_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                 "strings_to_numbers": False, "nan_inf_to_errors": True}


def needs_escape(text: str) -> bool:
    """Whether a text cell could run as a formula (or is an escaped one), so is escaped."""
    core = text.lstrip("'")
    if core[:1] not in TRIGGERS:
        return False
    return len(core) != len(text) or not _NUMBER.fullmatch(text)


def escape_text(text: str) -> str:
    """A text cell made inert for a spreadsheet (OWASP: a leading apostrophe)."""
    return "'" + text if needs_escape(text) else text


def unescape_text(text: str) -> str:
    """The original of an escaped text cell (the exact inverse of `escape_text`)."""
    if text.startswith("'") and text.lstrip("'")[:1] in TRIGGERS:
        return text[1:]
    return text


def _text_columns(frame: pd.DataFrame) -> list[str]:
    # from `dtypes` (one Series), not column by column (a Series made per column)
    return [c for c, dtype in frame.dtypes.items()
            if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype)]


def _could_trigger(text: pd.Series) -> pd.Series:
    """Text cells starting with a trigger or an apostrophe: no other cell can need escaping
    (`needs_escape` looks at the first character after the apostrophes).  On Arrow-backed
    text by Arrow's own kernels (~4x faster than pandas' `.str[:1].isin`, the same cells)."""
    if isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        first = pc.utf8_slice_codeunits(pa.array(text.array), 0, 1)
        hit = pc.is_in(first, value_set=pa.array([*TRIGGERS, "'"]))
        return pd.Series(hit.to_numpy(zero_copy_only=False), index=text.index, dtype=bool)
    return text.str[:1].isin([*TRIGGERS, "'"])


def _cells_where(values: pd.Series, maybe, rule) -> np.ndarray:
    """Which cells of a text column satisfy `rule` (a test of one cell).  On a column of
    pandas' string dtype the rule is tried only on the cells `maybe` (a vectorised test that
    holds for every cell the rule holds for) lets through, not on every cell."""
    if not isinstance(values.dtype, pd.StringDtype):  # Python objects: the rule on each
        return np.fromiter(map(rule, values.to_numpy()), dtype=bool, count=len(values))
    mask = np.zeros(len(values), dtype=bool)
    candidates = np.flatnonzero(maybe(values).fillna(False).to_numpy(dtype=bool))
    texts = values.to_numpy()[candidates] if len(candidates) else []
    for at, v in zip(candidates, texts, strict=True):
        mask[at] = bool(rule(v))
    return mask


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell escaped (numbers left alone); the frame itself if none
    needs it.  Column headers are escaped too."""
    out = frame
    for col in _text_columns(frame):
        values = frame[col]
        mask = _cells_where(values, _could_trigger,
                            lambda v: isinstance(v, str) and needs_escape(v))
        if mask.any():
            if out is frame:
                out = frame.copy()
            out.loc[mask, col] = values[mask].map(escape_text)
    renamed = {c: escape_text(c) for c in out.columns if isinstance(c, str) and needs_escape(c)}
    return out.rename(columns=renamed) if renamed else out


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of `escape_frame` for a frame read as text (headers and cells)."""
    out = frame
    for col in _text_columns(frame):
        values = frame[col]
        mask = _cells_where(values, lambda text: text.str.startswith("'"),
                            lambda v: isinstance(v, str) and v.startswith("'"))
        if mask.any():
            if out is frame:
                out = frame.copy()
            out.loc[mask, col] = values[mask].map(unescape_text)
    renamed = {c: unescape_text(c) for c in out.columns
               if isinstance(c, str) and c.startswith("'")}
    return out.rename(columns=renamed) if renamed else out


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV text with every text cell made inert (the app's downloads).  A text cell
    holding a carriage return gets every text cell quoted, since the csv module does not quote
    it with a newline line ending and it would read back as a line break."""
    import csv

    safe = escape_frame(frame)
    carriage = any(_cells_where(safe[c], lambda text: text.str.contains("\r", regex=False),
                                lambda v: isinstance(v, str) and "\r" in v).any()
                   for c in _text_columns(safe))
    return safe.to_csv(index=False, lineterminator="\n",
                       quoting=csv.QUOTE_NONNUMERIC if carriage else csv.QUOTE_MINIMAL)


def write_csv(frame: pd.DataFrame, path: str | Path, table: str | None = None) -> Path:
    """Write a frame as CSV: text cells inert, numbers finite (`finite_problems`)."""
    path = Path(path)
    problems = finite_problems(frame, table or path.stem)
    if problems:
        raise InputError(problems, title="The results would hold numbers that are not finite")
    path.write_text(csv_text(frame), encoding="utf-8")
    return path


def finite_problems(frame: pd.DataFrame, table: str, limit: int = 5) -> list[Problem]:
    """An infinite number anywhere in a table is a problem (it comes from an input out of
    range); so is a missing number in a column of `NEVER_MISSING`."""
    problems: list[Problem] = []
    for k, (col, dtype) in enumerate(frame.dtypes.items()):
        if not pd.api.types.is_float_dtype(dtype):
            continue
        arr = frame.iloc[:, k].to_numpy(dtype=float)
        bad = np.isinf(arr)
        if f"{table}.{col}" in NEVER_MISSING:
            bad |= np.isnan(arr)
        for i in np.flatnonzero(bad)[:limit]:
            problems.append(Problem(f"{table}.csv", "would be "
                                    f"{'missing' if math.isnan(arr[i]) else 'infinite'}: an "
                                    "input is out of any plausible range (check the "
                                    "scenario's activity, costs and rates)", row=int(i) + 2,
                                    field=str(col)))
    return problems


#: output columns that are never missing in a valid run: a NaN there is an input out of range
NEVER_MISSING = frozenset({
    "bridge.value_gbp", "bridge.cumulative_gbp", "bridge_detail.value_gbp",
    "bridge_detail.cumulative_gbp", "initiatives.gross_gbp", "initiatives.net_gbp",
    "initiatives.investment_gbp", "activity.baseline", "activity.momentum", "activity.planned",
    "activity_summary.baseline", "activity_summary.momentum", "activity_summary.planned",
    "workforce.fte", "workforce.cost_gbp", "org_budgets.budget_gbp",
})


def excel_cell_problems(frame: pd.DataFrame, file: str, sheet: str) -> list[Problem]:
    """Text Excel cannot hold exactly: over 32,767 characters, or control characters."""
    problems = []
    headers = [str(c) for c in frame.columns]
    cells = [(1, c, c) for c in headers]
    for col in _text_columns(frame):
        for i, v in enumerate(frame[col].tolist()):
            if isinstance(v, str) and (len(v) > EXCEL_MAX_CHARS or _CONTROL.search(v)):
                cells.append((i + 2, str(col), v))
    for row, col, v in cells:
        if len(v) > EXCEL_MAX_CHARS:
            problems.append(Problem(file, f"holds {len(v):,} characters; an Excel cell holds "
                                    f"at most {EXCEL_MAX_CHARS:,}, so the workbook would lose "
                                    "text. Shorten it", row=row, field=col, sheet=sheet))
        elif _CONTROL.search(v):
            code = ord(_CONTROL.search(v).group())
            problems.append(Problem(file, f"holds a control character (code {code}) that an "
                                    "Excel cell cannot keep; remove it", row=row, field=col,
                                    sheet=sheet))
    return problems


def check_excel_tables(tables: dict[str, pd.DataFrame], file: str) -> None:
    """Refuse, before writing, tables that a workbook cannot hold exactly."""
    problems = []
    for sheet, frame in tables.items():
        problems += excel_cell_problems(frame, file, sheet)
    if problems:
        raise InputError(problems, title=f"Cannot write {file}")


def excel_writer(path: str | Path) -> pd.ExcelWriter:
    """A pandas Excel writer whose text cells are text (never formulas, links, numbers)."""
    return pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": EXCEL_OPTIONS})
