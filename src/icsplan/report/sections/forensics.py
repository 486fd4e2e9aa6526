"""The board pack's "Does the plan add up?" section: plan forensics of the published plan —
its own arithmetic checked rule by rule, the failures with the figures involved and the
reading that would make them hold (icsplan.forensics)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.backtest.findings import FORENSICS, findings_frame, forensics_summary
from icsplan.report.components import (
    FigureHtml,
    Section,
    details_html,
    paragraph_html,
    table_html,
)
from icsplan.report.templating import render, trusted

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
        return paragraph_html("This scenario names no published plan figures to check.")
    frame = forensic_frame(plan)
    failed = frame[frame["status"] != "match"].drop(columns=["status"])
    rules, passing = int(counts["rules"].sum()), int(counts["passed"].sum())
    parts = [table_html(counts, "Plan forensics: rules by published document"),
             table_html(failed, f"Rules that fail ({len(failed)})", FORMATS),
             details_html(f"Every rule checked ({len(frame)})",
                          table_html(frame.drop(columns=["note"]), "Every rule checked",
                                     FORMATS))]
    return render("sections/forensics.html", passing=passing, rules=rules,
                  parts=[trusted(p) for p in parts])


SECTIONS = [Section("Does the plan add up?", does_it_add_up)]
