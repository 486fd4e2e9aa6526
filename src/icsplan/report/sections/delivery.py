"""The report's Delivery section: KPIs read as SPC charts, with icons, and plan against actual."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.charts import delivery as delivery_charts
from icsplan.report.components import FigureHtml, Section, details_html, table_html
from icsplan.report.icons import assurance_icon, variation_icon
from icsplan.report.labels import Labels, labels_for
from icsplan.report.templating import render_macro, trusted

if TYPE_CHECKING:
    from icsplan.delivery.track import DeliveryResult
    from icsplan.pipeline import Plan

TEMPLATE = "sections/delivery.html"
OPEN = ("ae_4hr_all",)  # measures whose charts are shown open; the rest fold away
CSS = """
.kpi td, .kpi th { vertical-align: middle; }
.kpi td.icon { width: 44px; text-align: center; padding: 2px; }
.kpi .reading { color: #425563; font-size: 12px; }
"""


def _value(v: object, unit: str) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "–"
    return f"{v:.1f}%" if unit == "%" else f"{v:,.0f}"


def summary_table(kpi: pd.DataFrame) -> str:
    """The KPI summary as an accessible table with variation and assurance icons."""
    rows = [{"name": r.name, "org_name": str(r.org_name or r.org), "org": r.org,
             "latest": _value(r.latest_value, r.unit), "period": r.latest_period,
             "target": _value(r.target, r.unit), "mean": _value(r.mean, r.unit),
             "limits": f"{_value(r.lpl, r.unit)} to {_value(r.upl, r.unit)}",
             "variation": trusted(variation_icon(r.variation, r.improvement_direction)),
             "assurance": trusted(assurance_icon(r.assurance)),
             "reading": f"{r.variation_reading}. {r.assurance_reading}."}
            for r in kpi.itertuples(index=False)]
    return render_macro(TEMPLATE, "kpi_table", css=trusted(CSS), rows=rows)


def spc_charts(d: DeliveryResult, figure: FigureHtml) -> str:
    """One SPC chart per measure x organisation, grouped by measure."""
    parts = []
    groups = dict(tuple(d.spc.groupby(["measure", "org"], sort=False)))
    for measure, rows in d.kpi_summary.groupby("measure", sort=False):
        charts = []
        for r in rows.itertuples(index=False):
            title = f"{r.name}: {r.org_name or r.org} ({r.org})"
            reading = f"{r.variation_reading}. {r.assurance_reading}."
            ahead = d.future[(d.future["measure"] == measure) & (d.future["org"] == r.org)]
            charts.append(figure(delivery_charts.spc_chart(groups[(measure, r.org)], title,
                                                           r.unit, reading, ahead)))
        parts.append(details_html(f"{rows['name'].iloc[0]}: SPC charts", "".join(charts),
                                  open_=measure in OPEN))
    return "".join(parts)


def plan_vs_actual(d: DeliveryResult, figure: FigureHtml) -> str:
    """Actual activity against momentum and planned, with the share of the reduction made."""
    pva = d.plan_vs_actual
    if pva.empty:
        return render_macro(TEMPLATE, "plan_vs_actual", chart=None, table=None, caveats=[])
    table = pva[["measure", "year", "actual", "actual_index", "momentum_index",
                 "planned_index", "share_of_planned_reduction_achieved"]]
    return render_macro(
        TEMPLATE, "plan_vs_actual",
        chart=trusted(figure(delivery_charts.plan_vs_actual_chart(pva, d.caveats))),
        table=trusted(table_html(
            table, "Plan against actual (2016/17 = 100; share of the planned reduction vs "
            "momentum achieved)",
            {"actual": ",.0f", "actual_index": ".1f", "momentum_index": ".1f",
             "planned_index": ".1f", "share_of_planned_reduction_achieved": "+.2f"},
            Labels())),
        caveats=list(d.caveats))


def delivery(plan: Plan, figure: FigureHtml) -> str:
    """The Delivery section of the report."""
    d = plan.delivery
    if d is None:
        return render_macro(TEMPLATE, "section", actuals_file=None, kpi=None, untracked=[],
                            ytd=None, charts=None, versus=None)
    ytd = "" if d.ytd_check.empty else table_html(
        d.ytd_check, "Published 2016/17 year-to-date KPIs (002) recomputed from the actuals",
        {"published": ".1f", "recomputed": ".2f", "difference": "+.2f"},
        labels_for(plan.scenario))
    return render_macro(TEMPLATE, "section", actuals_file=d.actuals_file,
                        kpi=trusted(summary_table(d.kpi_summary)), untracked=list(d.untracked),
                        ytd=trusted(ytd), charts=trusted(spc_charts(d, figure)),
                        versus=trusted(plan_vs_actual(d, figure)))


SECTIONS: list[Section] = [Section("Delivery", delivery)]
