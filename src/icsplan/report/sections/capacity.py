"""The report's capacity section: bed days per 1,000 against the published trajectory and
beds by acute trust at 85% and 92% occupancy (for scenarios that give lengths of stay)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.backtest.capacity import key_facts
from icsplan.report.charts import capacity as charts
from icsplan.report.components import FigureHtml, Section, table_html
from icsplan.report.labels import labels_for
from icsplan.report.templating import render, trusted

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def capacity(plan: Plan, figure: FigureHtml) -> str:
    """Bed days per 1,000 (chart) and the horizon's beds by area (table)."""
    cap = plan.capacity
    if cap is None:
        return ""
    facts = key_facts(plan.scenario)
    published = facts[(facts["measure"] == "bed_days_per_1000") & (facts["basis"] == "target")]
    last = cap[cap["year"] == plan.horizon]
    table = last[["level", "area", "occupancy", "bed_days_per_1000", "planned_beds",
                  "momentum_beds", "released_beds"]]
    return render("sections/capacity.html",
                  per_1000=trusted(figure(charts.bed_days_figure(cap, published))),
                  by_area=trusted(figure(charts.beds_by_area_figure(cap, plan.horizon))),
                  table=trusted(table_html(table, f"Beds in {plan.horizon}",
                                           {"occupancy": ".0%", "bed_days_per_1000": ",.1f",
                                            "planned_beds": ",.0f", "momentum_beds": ",.0f",
                                            "released_beds": ",.0f"},
                                           labels_for(plan.scenario))))


SECTIONS = [Section("Hospital capacity: bed days and beds", capacity)]
