"""The board pack's "Does the plan add up?" section: plan forensics of the published plan —
its own arithmetic checked rule by rule, the failures with the figures involved and the
reading that would make them hold (icsplan.forensics)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.backtest.findings import FORENSICS, findings_frame, forensics_summary
from icsplan.report.components import FigureHtml, Section, details_html, table_html

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

FORMATS = {"published": ",.4g", "recomputed": ",.4g", "difference": "+,.4g"}


def forensic_frame(plan: Plan) -> pd.DataFrame:
    """The plan's forensic findings: plan, section, rule kind, check, status, note."""
    frame = findings_frame(list(plan.findings))
    frame = frame[(frame["rule"] != "recompute") & frame["table"].str.contains(FORENSICS)]
    parts = frame["table"].str.split(FORENSICS, n=1, expand=True)
    return pd.DataFrame({"plan": parts[0], "section": parts[1], "kind": frame["rule"],
                         "check": frame["item"], "status": frame["status"],
                         "published": frame["published"], "recomputed": frame["recomputed"],
                         "difference": frame["difference"], "note": frame["note"]})


def does_it_add_up(plan: Plan, figure: FigureHtml) -> str:
    """Rules applied, passed and failed per published document; each failure explained."""
    counts = forensics_summary(list(plan.findings))
    if counts.empty:
        return "<p>This scenario names no published plan figures to check.</p>"
    frame = forensic_frame(plan)
    failed = frame[frame["status"] != "match"].drop(columns=["status"])
    rules, passing = int(counts["rules"].sum()), int(counts["passed"].sum())
    return (
        f"<p><b>{passing} of {rules}</b> arithmetic rules of the published plan hold at the "
        "figures' printed rounding: parts add up to their totals, net = savings − investment, "
        "growth rates and shares agree with the amounts they describe, a figure repeated "
        "agrees with itself, series move the way they say and targets are reachable. For "
        "each rule that fails, the note gives the figures as printed, the size of the "
        "disagreement and, where one slip of one figure (a misplaced decimal, a dropped, "
        "extra or swapped digit, a sign, thousands for millions) makes everything agree, "
        "that reading. The rules are data beside the figures (docs/forensics.md).</p>"
        + table_html(counts, "Plan forensics: rules by published document")
        + table_html(failed, f"Rules that fail ({len(failed)})", FORMATS)
        + details_html(f"Every rule checked ({len(frame)})",
                       table_html(frame.drop(columns=["note"]), "Every rule checked",
                                  FORMATS)))


SECTIONS = [Section("Does the plan add up?", does_it_add_up)]
