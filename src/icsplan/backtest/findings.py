"""A reconciliation finding: one published figure, the recomputed one and their difference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

Status = Literal["match", "differs", "inconsistent"]


@dataclass(frozen=True)
class Finding:
    """One published figure compared with icsplan's recomputation.

    `status` is "match" when the recomputed value rounds to the published one (within
    `tolerance`), "differs" when it does not, and "inconsistent" when the seeds contradict
    themselves (then `note` says which figure the model follows).  `rule` names the kind of
    check: "recompute" (a published figure against icsplan's recomputation) or a plan
    forensics rule kind ("sum", "growth", "same", ...; see `icsplan.forensics`).
    """

    table: str  # e.g. "003 system activity table"
    item: str  # e.g. "non_elective change vs momentum (%)"
    published: float | None
    recomputed: float | None
    tolerance: float
    status: Status
    note: str = ""
    rule: str = "recompute"

    @property
    def difference(self) -> float | None:
        """Recomputed minus published, when both are known."""
        if self.published is None or self.recomputed is None:
            return None
        return self.recomputed - self.published


def compare(table: str, item: str, published: float, recomputed: float, tolerance: float,
            note: str = "") -> Finding:
    """A finding that matches when |recomputed - published| <= tolerance (+ float slack)."""
    ok = abs(recomputed - published) <= tolerance * (1 + 1e-9) + 1e-12
    return Finding(table, item, published, recomputed, tolerance, "match" if ok else "differs",
                   "" if ok else note)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table (one row each, with the difference)."""
    rows = [(f.table, f.item, f.published, f.recomputed, f.difference, f.tolerance, f.status,
             f.note, f.rule) for f in findings]
    cols = ["table", "item", "published", "recomputed", "difference", "tolerance", "status",
            "note", "rule"]
    return pd.DataFrame(rows, columns=cols)


FORENSICS = " plan forensics: "  # in a forensic finding's table: "<plan> plan forensics: <section>"


def forensics_summary(findings: list[Finding]) -> pd.DataFrame:
    """Plan-forensics findings counted by plan: rules applied, passed, failed."""
    rows = [(f.table.split(FORENSICS)[0], f.status == "match") for f in findings
            if f.rule != "recompute" and FORENSICS in f.table]
    frame = pd.DataFrame(rows, columns=["plan", "passed"])
    if frame.empty:
        return pd.DataFrame(columns=["plan", "rules", "passed", "failed"])
    out = frame.groupby("plan", sort=False)["passed"].agg(rules="size", passed="sum")
    out["failed"] = out["rules"] - out["passed"]
    return out.reset_index().astype({"rules": int, "passed": int, "failed": int})


def _table_key(table: str) -> str:
    return table.split(FORENSICS)[0] + FORENSICS.rstrip(": ") if FORENSICS in table else table


def summary(findings: list[Finding]) -> pd.DataFrame:
    """Findings counted by table and status (plan forensics counted by plan, not section)."""
    frame = pd.DataFrame([(_table_key(f.table), f.status) for f in findings],
                         columns=["table", "status"])
    if frame.empty:
        return pd.DataFrame(columns=["table", "match", "differs", "inconsistent"])
    counts = frame.value_counts().unstack(fill_value=0)
    for col in ("match", "differs", "inconsistent"):
        if col not in counts.columns:
            counts[col] = 0
    return counts[["match", "differs", "inconsistent"]].reset_index()
