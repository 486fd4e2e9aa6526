"""The generic back test: any published figure against any output table of a run, with its
tolerance, the status it takes when it does not match and its note all given as data.

A scenario's `published/reconcile.csv` has one row per figure:

    table, item        where the finding is listed (e.g. "004 CCG operational plans 2019/20:
                       southend", "allocation 2019/20 (£k)")
    published          the figure as the document prints it, in the row's unit
    output, where      the run's output table (`OUTPUTS`) and the rows to add up, as
                       "column=value;column=value" (empty: every row)
    column, scale      the output column summed, divided by `scale` to the row's unit
    tolerance          the largest difference that still matches (the figure's rounding)
    expected, note     when it does not match: "differs" (the default) or "inconsistent" (the
                       documents contradict themselves), and the note that explains which
                       figure the model follows
    source             the document and section the figure comes from

So a second system's plan is reconciled by writing this table, with no new Python.  Findings
of the other back tests may be given their status and note the same way, from
`published/expectations.csv` (table, item, expected, note): `apply_expectations`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from icsplan.backtest.findings import Finding, compare

# Output tables a published figure may be reconciled against, and whether each is computed
# from the projected activity (then skipped when the run's activity is not comparable).
ACTIVITY_OUTPUTS = ("activity_summary", "activity_by_ccg", "initiatives", "bridge", "capacity")
OUTPUTS = (*ACTIVITY_OUTPUTS, "org_budgets", "qipp", "qipp_schemes", "workforce",
           "gp_capacity", "investment_schedule")


class ReconcileSpecError(ValueError):
    """A row of reconcile.csv that names an unknown output, column or filter."""


def parse_where(where: str) -> list[tuple[str, str]]:
    """'org=southend;year=2019/20' -> [('org', 'southend'), ('year', '2019/20')]."""
    out = []
    for part in str(where or "").split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ReconcileSpecError(f"'{part}' is not column=value")
        column, value = part.split("=", 1)
        out.append((column.strip(), value.strip()))
    return out


def recomputed_value(outputs: dict[str, pd.DataFrame], output: str, where: str, column: str,
                     scale: float) -> float | None:
    """The sum of `column` over the output's rows matching `where`, divided by `scale`; None
    when the run has no such output (e.g. a scenario without capacity)."""
    frame = outputs.get(output)
    if frame is None:
        return None
    mask = pd.Series(True, index=frame.index)
    for col, value in parse_where(where):
        if col not in frame.columns:
            raise ReconcileSpecError(f"output '{output}' has no column '{col}'")
        mask &= frame[col].astype(str) == value
    if column not in frame.columns:
        raise ReconcileSpecError(f"output '{output}' has no column '{column}'")
    return float(frame.loc[mask, column].sum()) / scale


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def generic_findings(spec: pd.DataFrame | None, outputs: dict[str, pd.DataFrame],
                     activity_comparable: bool = True) -> list[Finding]:
    """One finding per row of reconcile.csv, in its order."""
    if spec is None:
        return []
    out = []
    for rec in spec.to_dict(orient="records"):
        if not activity_comparable and rec["output"] in ACTIVITY_OUTPUTS:
            continue
        scale = float(rec["scale"]) if _text(rec.get("scale")) else 1.0
        value = recomputed_value(outputs, rec["output"], _text(rec.get("where")),
                                 rec["column"], scale)
        if value is None:
            continue
        f = compare(rec["table"], rec["item"], float(rec["published"]), value,
                    float(rec["tolerance"]), _text(rec.get("note")))
        if f.status != "match" and _text(rec.get("expected")) == "inconsistent":
            f = replace(f, status="inconsistent")
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
