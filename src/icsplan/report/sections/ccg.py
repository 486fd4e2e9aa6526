"""The report's CCG section: the plan rolled up to each commissioner at the horizon."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.components import FigureHtml, Section, table_html
from icsplan.report.style import pod_label

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def ccgs(plan: Plan, figure: FigureHtml) -> str:
    """Activity by CCG and pod at the horizon: baseline, momentum, planned and changes."""
    frame = plan.activity.by_ccg
    last = frame[frame["year"] == plan.horizon].drop(columns="year").copy()
    names = plan.scenario.tables["ccgs"].set_index("ccg")["name"]
    last["ccg"] = last["ccg"].map(names).fillna(last["ccg"])
    last["pod"] = last["pod"].map(pod_label)
    last = last.rename(columns={"ccg": "CCG", "pod": "Point of delivery",
                                "baseline": f"Baseline {plan.scenario.years[0]}",
                                "momentum": "Momentum", "planned": "Planned",
                                "change_vs_baseline_pct": "Change vs baseline (%)",
                                "change_vs_momentum_pct": "Change vs momentum (%)"})
    fmt = {c: ",.0f" for c in last.columns[2:5]}
    fmt.update({c: "+.1f" for c in last.columns[5:]})
    return table_html(last, f"Activity by CCG in {plan.horizon}", fmt)


SECTIONS = [Section("The plan by CCG", ccgs)]
