"""The report's reconciliation section: published figures against icsplan's recomputation,
counted by table, with the figures themselves in collapsed blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.backtest.findings import findings_frame, summary
from icsplan.report.components import (
    FigureHtml,
    Section,
    details_html,
    paragraph_html,
    table_html,
)
from icsplan.report.labels import labels_for
from icsplan.report.templating import render, trusted

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

FORMATS = {"published": ",.2f", "recomputed": ",.2f", "difference": "+,.2f"}


def reconciliation(plan: Plan, figure: FigureHtml) -> str:
    """Findings counted by table; the figures that do not match, and all of them, collapsed."""
    if not plan.findings:
        return paragraph_html("No published figures to reconcile for this run.")
    labels = labels_for(plan.scenario)
    counts = summary(list(plan.findings))
    frame = findings_frame(list(plan.findings)).drop(columns=["tolerance"])
    open_items = frame[frame["status"] != "match"]
    total = len(frame)
    matched = int((frame["status"] == "match").sum())
    return render(
        "sections/reconciliation.html", matched=matched, total=total,
        counts=trusted(table_html(counts, "Published figures by table and outcome",
                                  labels=labels)),
        open_items=trusted(details_html(
            f"Figures that do not match ({len(open_items)})",
            table_html(open_items, "Figures that do not match", FORMATS, labels))),
        every=trusted(details_html(f"Every reconciled figure ({total})",
                                   table_html(frame, "Every reconciled figure", FORMATS,
                                              labels))))


SECTIONS = [Section("Reconciliation with the published plan", reconciliation)]
