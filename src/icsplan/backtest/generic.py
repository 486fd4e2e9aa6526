"""The generic back test: every published figure against the run's tables, with the mapping,
tolerance, the status it takes when it does not match and its note all given as data.

A scenario's `published/reconcile.csv` has one row per figure, or one row per *kind* of figure
repeated over the rows of a table (`over`):

    table, item        where the finding is listed (e.g. "003 system activity table",
                       "{pod}: change vs 2015/16 (%)"); {field} is the `over` row's field
    over, select       optional: a table to repeat the row over (a run output, a published
                       table `published:<name>` or a scenario table `input:<name>`) and the
                       rows of it to take ("metric=change_vs_momentum"); consecutive rows over
                       the same table are listed row by row of it
    published          the figure as the document prints it, in the row's unit: a number, or an
                       expression of the `over` row's fields ("population_k * 1000")
    published_from,    optional: the published side is itself added up from a table (e.g. the
    published_where    plan's own parts against its total); `published` then reads its columns
    output, where      the run's output table (`OUTPUTS`, or published:/input: tables) and the
                       rows to add up, as "column=value;column!=value;column~a+b" (empty: all)
    column, aggregate  what is recomputed: a column or an expression of columns
                       ("100 * (planned / baseline - 1)"), each aggregated over the rows by
                       `aggregate` (sum, the default; mean, first, min, max, count) or by an
                       explicit sum(c), first(c), ...
    min_rows           optional: compared only when at least this many rows are selected (a
                       "parts add up to the total" check needs two parts)
    scale, round       the value divided by `scale` to the row's unit, then rounded (decimals)
    tolerance          the largest difference that still matches: a number or an expression of
                       the `over` row's fields ("0.5 * 10 ** -decimals"), `published` and
                       aggregations of the recomputed rows ("0.05 * count(value) + 0.005")
    when               "" (always listed) or "differs" (listed only when it does not match)
    expected, note     when it does not match: "differs" (the default) or "inconsistent" (the
                       documents contradict themselves), and the note explaining which figure
                       the model follows ("match": the note, e.g. why the tolerance is wider,
                       is shown when it matches too); the note may quote {published}, {recomputed},
                       {difference} and the `over` row's fields, with a format ({recomputed:.1f})
    source             the document and section the figure comes from

A row whose table, figure or rows are absent from the run (a scenario without capacity, a year
the run does not reach, an empty published figure) is skipped.  So a second system's plan is
reconciled by writing this table, with no new Python.  Findings may also be given their
status and note from `published/expectations.csv` (table, item, expected, note):
`apply_expectations`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from icsplan.backtest import expression as ex
from icsplan.backtest.findings import Finding, compare

# Output tables a published figure may be reconciled against, and whether each is computed
# from the projected activity (then skipped when the run's activity is not comparable).
ACTIVITY_OUTPUTS = ("activity_summary", "activity_by_ccg", "initiatives", "bridge", "capacity",
                    "activity_horizon", "locality_table", "bridge_subtotals", "cohorts")
OUTPUTS = (*ACTIVITY_OUTPUTS, "org_budgets", "qipp", "qipp_schemes", "workforce",
           "gp_capacity", "investment_schedule", "workforce_line_costs")
TABLE_PREFIXES = ("published:", "input:")
COLUMNS = ("table", "item", "over", "select", "published", "published_from", "published_where",
           "output", "where", "column", "aggregate", "min_rows", "scale", "round", "tolerance",
           "when", "expected", "note", "source")


class ReconcileSpecError(ValueError):
    """A row of reconcile.csv that names an unknown output, column or filter."""


def known_table(name: str) -> bool:
    """Whether `name` can name a table of the reconciliation (output, published or input)."""
    return name in OUTPUTS or (name.startswith(TABLE_PREFIXES) and len(name.split(":", 1)[1]) > 0)


_CONDITION = re.compile(r";(?=\s*[A-Za-z_][\w ]*\s*(?:!=|=|~))")


def parse_where(where: str) -> list[tuple[str, str, str]]:
    """'org=southend;year!=2019/20;pod~ae+elective' ->
    [('org', '=', 'southend'), ('year', '!=', '2019/20'), ('pod', '~', 'ae+elective')].
    A ';' starts a new condition only before 'column=', so 'initiative~frailty_eol;ltc' is
    one list."""
    out = []
    for part in _CONDITION.split(str(where or "")):
        part = part.strip()
        if not part:
            continue
        for op in ("!=", "=", "~"):
            if op in part:
                column, value = part.split(op, 1)
                out.append((column.strip(), op, value.strip()))
                break
        else:
            raise ReconcileSpecError(f"'{part}' is not column=value")
    return out


class _Texts:
    """Columns of the run's tables as text (as `select_rows` compares them) and as numbers, and
    the rows each `where` selects, each made once: the spec's ~700 figures select rows of the
    same few small tables, and pandas' cost per operation, not the rows, was most of a run's
    reconciliation."""

    def __init__(self) -> None:
        self._texts: dict[tuple[int, str], tuple[pd.DataFrame, np.ndarray]] = {}
        self._numbers: dict[tuple[int, str], tuple[pd.DataFrame, np.ndarray | None]] = {}
        self._rows: dict[tuple[int, str], tuple[pd.DataFrame, Selection]] = {}

    def column(self, frame: pd.DataFrame, col: str) -> np.ndarray:
        key = (id(frame), col)
        made = self._texts.get(key)
        if made is None or made[0] is not frame:  # the frame is kept, so its id is not reused
            made = (frame, np.array([_text(v) for v in frame[col].tolist()], dtype=object))
            self._texts[key] = made
        return made[1]

    def numbers(self, frame: pd.DataFrame, col: str) -> np.ndarray | None:
        """The column as floats (missing values NaN); None when not every value is a number
        (then only the rows a figure adds up are converted, as before)."""
        key = (id(frame), col)
        made = self._numbers.get(key)
        if made is None or made[0] is not frame:
            try:
                values = frame[col].to_numpy(dtype=float, na_value=np.nan)
            except (TypeError, ValueError):
                values = None
            made = (frame, values)
            self._numbers[key] = made
        return made[1]

    def rows(self, frame: pd.DataFrame, where: str, name: str) -> Selection:
        key = (id(frame), where)
        made = self._rows.get(key)
        if made is None or made[0] is not frame:
            mask = np.ones(len(frame), dtype=bool)
            for col, op, value in parse_where(where):
                if col not in frame.columns:
                    raise ReconcileSpecError(f"table '{name}' has no column '{col}'")
                mask &= _matches(self.column(frame, col), op, value)
            made = (frame, Selection(frame, np.flatnonzero(mask), self))
            self._rows[key] = made
        return made[1]


@dataclass(frozen=True, eq=False)
class Selection:
    """The rows of a run's table a `where` selects, kept as their positions (the table is not
    copied: copying pandas frames, their text columns especially, cost most of the time)."""

    frame: pd.DataFrame
    at: np.ndarray
    texts: _Texts

    def __len__(self) -> int:
        return len(self.at)

    @property
    def columns(self) -> pd.Index:
        """The table's columns."""
        return self.frame.columns

    def text(self, col: str) -> np.ndarray:
        """The selected rows' values of `col` as text (as `where` compares them)."""
        return self.texts.column(self.frame, col)[self.at]

    def numbers(self, col: str) -> np.ndarray:
        """The selected rows' values of `col` as floats, missing values NaN."""
        values = self.texts.numbers(self.frame, col)
        if values is None:
            return self.frame[col].iloc[self.at].to_numpy(dtype=float, na_value=np.nan)
        return values[self.at]


def _matches(text: np.ndarray, op: str, value: str) -> np.ndarray:
    if op == "=":
        return text == value
    if op == "!=":
        return text != value
    if not value:
        return np.ones(len(text), dtype=bool)
    return np.isin(text, re.split(r"[+;]", value))


def select_rows(frame: pd.DataFrame, where: str, name: str,
                texts: _Texts | None = None) -> Selection:
    """The rows of `frame` matching `where` (values compared as text; `~a+b` is one of a, b,
    and `~` with nothing after it selects every row).  `texts` keeps the column texts and the
    selections of one reconciliation, each made once."""
    return (texts if texts is not None else _Texts()).rows(frame, where, name)


def _aggregate(rows: Selection, column: str, how: str, name: str,
               filters: ex.Filters = ()) -> float | None:
    if column not in rows.columns:
        raise ReconcileSpecError(f"table '{name}' has no column '{column}'")
    keep = np.ones(len(rows), dtype=bool)
    for col, value in filters:
        if col not in rows.columns:
            raise ReconcileSpecError(f"table '{name}' has no column '{col}'")
        keep &= rows.text(col) == value
    if how == "count":
        return float(keep.sum())
    if not keep.any() and how != "sum":
        return None
    # NumPy on the column, as pandas' sum, mean, min and max compute it (missing values
    # skipped; pandas' own cost per call was most of the reconciliation's time)
    values = rows.numbers(column)[keep]
    present = values[~np.isnan(values)]
    if how == "sum":
        return float(present.sum())
    if how in ("mean", "min", "max"):
        return (float({"mean": np.mean, "min": np.min, "max": np.max}[how](present))
                if present.size else math.nan)
    return float(values[0])


def aggregate(rows: Selection, expr: str, how: str, name: str) -> float | None:
    """An expression of `rows`' columns, each aggregated by `how` unless the expression says."""
    tree = ex.parse(expr)
    return ex.evaluate(tree, lambda col, agg, filters: _aggregate(rows, col, agg or how, name,
                                                                  filters))


def recomputed_value(outputs: dict[str, pd.DataFrame], output: str, where: str, column: str,
                     scale: float, how: str = "sum") -> float | None:
    """`column` (a column or an expression) over the output's rows matching `where`, divided
    by `scale`; None when the run has no such output (e.g. a scenario without capacity)."""
    frame = outputs.get(output)
    if frame is None:
        return None
    value = aggregate(select_rows(frame, where, output), column, how or "sum", output)
    return None if value is None else value / scale


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field(value: object) -> object:
    """A `over` row's value as a template fills it in: empty for a missing value, whole
    numbers as integers (so {document:03d} and {year} read as written)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None if value != value else float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class _Row:
    """One spec row, its text cells."""

    cells: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.cells.get(key, "")


def _contexts(row: _Row, tables: dict[str, pd.DataFrame]) -> list[dict[str, object]] | None:
    """The `over` rows the spec row repeats over ([{}] when it stands alone); None when the
    table is absent from this run."""
    if not row["over"]:
        return [{}]
    frame = tables.get(row["over"])
    if frame is None:
        return None
    return frame.to_dict(orient="records")


def _selected(row: _Row, ctx: dict[str, object]) -> bool:
    """Whether the `over` row `ctx` is one the spec row's `select` takes."""
    for col, op, value in parse_where(row["select"]):
        if col not in ctx:
            raise ReconcileSpecError(f"table '{row['over']}' has no column '{col}'")
        text = _text(ctx[col])
        ok = (text == value if op == "=" else text != value if op == "!=" else
              not value or text in re.split(r"[+;]", value))
        if not ok:
            return False
    return True


def _field_lookup(ctx: dict[str, object], rows: Selection | None, how: str, name: str):
    def lookup(col: str, agg: str | None, filters: ex.Filters) -> float | None:
        if agg is None and col in ctx:
            return _number(ctx[col])
        if rows is None:
            raise ReconcileSpecError(f"'{col}' is not a field of the row's `over` table")
        return _aggregate(rows, col, agg or how, name, filters)
    return lookup


def _recomputed(row: _Row, text: dict[str, object], tables: dict[str, pd.DataFrame],
                texts: _Texts) -> tuple[float, Selection] | None:
    """The recomputed figure and the rows it adds up; None when there is none."""
    output = row["output"]
    rows = select_rows(tables[output], ex.fill(row["where"], text), output, texts)
    if row["min_rows"] and len(rows) < float(row["min_rows"]):
        return None
    value = aggregate(rows, ex.fill(row["column"], text), row["aggregate"] or "sum", output)
    if value is None:
        return None
    value = value / float(row["scale"] or 1) + 0.0  # + 0.0: no negative zero
    if row["round"]:
        value = round(value, int(float(row["round"])))
    return value, rows


def _published(row: _Row, ctx: dict[str, object], text: dict[str, object],
               tables: dict[str, pd.DataFrame], texts: _Texts) -> float | None:
    """The published figure: of the `over` row's fields, or added up from `published_from`."""
    how, src = row["aggregate"] or "sum", row["published_from"]
    prows = (select_rows(tables[src], ex.fill(row["published_where"], text), src, texts) if src
             else None)
    value = ex.evaluate(ex.parse(row["published"]), _field_lookup(ctx, prows, how, src))
    return None if value is None or math.isnan(value) else value


def _figure(row: _Row, ctx: dict[str, object], tables: dict[str, pd.DataFrame],
            activity_comparable: bool, texts: _Texts) -> Finding | None:
    """The finding of one spec row for one `over` row, or None when it is skipped."""
    text = {k: _field(v) for k, v in ctx.items()}
    names = [n for n in (row["output"], row["published_from"]) if n]
    if any(n not in tables or (not activity_comparable and n in ACTIVITY_OUTPUTS)
           for n in names):
        return None
    got = _recomputed(row, text, tables, texts)
    published = _published(row, ctx, text, tables, texts) if got is not None else None
    if got is None or published is None:
        return None
    value, rows = got
    tolerance = ex.evaluate(ex.parse(row["tolerance"]), _field_lookup(
        {**ctx, "published": published}, rows, row["aggregate"] or "sum", row["output"]))
    note = ex.fill(row["note"], {**text, "published": published, "recomputed": value,
                                 "difference": value - published, "tolerance": tolerance})
    f = compare(ex.fill(row["table"], text), ex.fill(row["item"], text), published, value,
                float(tolerance or 0.0), note)
    return _classified(f, row, note)


def _classified(f: Finding, row: _Row, note: str) -> Finding | None:
    """The finding as the row's `when` and `expected` say (None: not listed)."""
    if f.status == "match" and row["when"] == "differs":
        return None
    if f.status == "match" and row["expected"] == "match":
        return replace(f, note=note)  # the note explains the tolerance
    if f.status != "match" and row["expected"] == "inconsistent":
        return replace(f, status="inconsistent")
    return f


def _groups(spec: pd.DataFrame) -> list[list[tuple[int, _Row]]]:
    """Spec rows with their file lines, consecutive rows over the same table grouped (they are
    listed together, row by row of that table, each row for the rows its `select` takes)."""
    groups: list[list[tuple[int, _Row]]] = []
    for line, rec in enumerate(spec.to_dict(orient="records"), start=2):
        row = _Row({k: _text(rec.get(k)) for k in COLUMNS})
        last = groups[-1][-1][1] if groups else None
        if last is not None and row["over"] and row["over"] == last["over"]:
            groups[-1].append((line, row))
        else:
            groups.append([(line, row)])
    return groups


def generic_findings(spec: pd.DataFrame | None, outputs: dict[str, pd.DataFrame],
                     activity_comparable: bool = True) -> list[Finding]:
    """The findings of reconcile.csv in its order; consecutive rows over the same table are
    listed row by row of that table (all of a locality's figures, then the next locality's)."""
    if spec is None:
        return []
    out, texts = [], _Texts()
    for group in _groups(spec):
        line, first = group[0]
        try:
            contexts = _contexts(first, outputs) or []
        except (ReconcileSpecError, ex.ExpressionError) as exc:
            raise ReconcileSpecError(f"published/reconcile.csv, line {line}: {exc}") from None
        for ctx in contexts:
            for line, row in group:
                try:
                    f = (_figure(row, ctx, outputs, activity_comparable, texts)
                         if _selected(row, ctx) else None)
                except (ReconcileSpecError, ex.ExpressionError) as exc:
                    raise ReconcileSpecError(f"published/reconcile.csv, line {line}: {exc}") \
                        from None
                if f is not None:
                    out.append(f)
    return out


def apply_expectations(findings: list[Finding], spec: pd.DataFrame | None) -> list[Finding]:
    """Each finding that does not match, given the status and note its (table, item) row of
    expectations.csv records; findings that match are left as they are."""
    if spec is None:
        return findings
    known = {(r["table"], r["item"]): r for r in spec.to_dict(orient="records")}
    out = []
    for f in findings:
        rec = known.get((f.table, f.item))
        if rec is not None and f.status != "match":
            status = _text(rec.get("expected")) or f.status
            f = replace(f, status=status, note=_text(rec.get("note")) or f.note)
        out.append(f)
    return out
