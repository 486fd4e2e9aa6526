"""The report's CCG section: the plan rolled up to each commissioner at the horizon."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.components import FigureHtml, Section, table_html
from icsplan.report.labels import labels_for

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def ccgs(plan: Plan, figure: FigureHtml) -> str:
    """Activity by CCG and pod at the horizon: baseline, momentum, planned and changes."""
    frame = plan.activity.by_ccg
    last = frame[frame["year"] == plan.horizon].drop(columns="year")
    fmt = {"baseline": ",.0f", "momentum": ",.0f", "planned": ",.0f",
           "change_vs_baseline_pct": "+.1f", "change_vs_momentum_pct": "+.1f"}
    return table_html(last, f"Activity by CCG in {plan.horizon}", fmt,
                      labels_for(plan.scenario))


SECTIONS = [Section("The plan by CCG", ccgs)]
