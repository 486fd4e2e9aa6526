"""The report's reconciliation section: published figures against icsplan's recomputation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.backtest.findings import findings_frame, summary
from icsplan.report.components import FigureHtml, Section, table_html

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def reconciliation(plan: Plan, figure: FigureHtml) -> str:
    """Findings counted by table, and every figure that does not match with its note."""
    if not plan.findings:
        return "<p>No published figures to reconcile for this run.</p>"
    counts = summary(list(plan.findings))
    frame = findings_frame(list(plan.findings))
    open_items = frame[frame["status"] != "match"].drop(columns=["tolerance"])
    return (
        "<p>Each published figure is recomputed from its own inputs and compared at its "
        "published rounding. <b>differs</b>: icsplan's figure does not round to the published "
        "one; <b>inconsistent</b>: the seeds contradict themselves, and the note says which "
        "figure the model follows.</p>"
        + table_html(counts, "Findings by table")
        + table_html(open_items, "Figures that do not match",
                     {"published": ",.2f", "recomputed": ",.2f", "difference": "+,.2f"}))


SECTIONS = [Section("Reconciliation with the published plan", reconciliation)]
