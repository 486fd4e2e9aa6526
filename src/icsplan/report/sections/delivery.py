"""The report's Delivery section: KPIs read as SPC charts, with icons, and plan against actual."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.charts import delivery as delivery_charts
from icsplan.report.components import FigureHtml, Section, details_html, table_html
from icsplan.report.icons import assurance_icon, variation_icon
from icsplan.report.labels import Labels, labels_for

if TYPE_CHECKING:
    from icsplan.delivery.track import DeliveryResult
    from icsplan.pipeline import Plan

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
    head = ("<tr>" + "".join(f'<th scope="col" class="{c}">{t}</th>' for c, t in (
        ("text", "Measure"), ("text", "Organisation"), ("num", "Latest"), ("num", "Target"),
        ("num", "Mean"), ("num", "Limits"), ("icon", "Variation"), ("icon", "Assurance"),
        ("text", "Reading"))) + "</tr>")
    rows = []
    for r in kpi.itertuples(index=False):
        limits = f"{_value(r.lpl, r.unit)} to {_value(r.upl, r.unit)}"
        reading = html.escape(f"{r.variation_reading}. {r.assurance_reading}.")
        rows.append(
            f'<tr><td class="text">{html.escape(r.name)}</td>'
            f'<td class="text">{html.escape(str(r.org_name or r.org))} ({html.escape(r.org)})</td>'
            f'<td>{_value(r.latest_value, r.unit)}<br><span class="reading">'
            f"{html.escape(r.latest_period)}</span></td>"
            f"<td>{_value(r.target, r.unit)}</td><td>{_value(r.mean, r.unit)}</td>"
            f"<td>{limits}</td>"
            f'<td class="icon">{variation_icon(r.variation, r.improvement_direction)}</td>'
            f'<td class="icon">{assurance_icon(r.assurance)}</td>'
            f'<td class="text reading">{reading}</td></tr>')
    return (f'<style>{CSS}</style><table class="kpi"><caption>Key performance indicators: '
            f"latest month, SPC variation and assurance</caption><thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


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
        return "<p>No whole financial years of A&E actuals to set beside the plan.</p>"
    table = pva[["measure", "year", "actual", "actual_index", "momentum_index",
                 "planned_index", "share_of_planned_reduction_achieved"]]
    caveats = "".join(f"<li>{html.escape(c)}</li>" for c in d.caveats)
    return (figure(delivery_charts.plan_vs_actual_chart(pva, d.caveats))
            + table_html(table, "Plan against actual (2016/17 = 100; share of the planned "
                         "reduction vs momentum achieved)",
                         {"actual": ",.0f", "actual_index": ".1f", "momentum_index": ".1f",
                          "planned_index": ".1f", "share_of_planned_reduction_achieved": "+.2f"},
                         Labels())
            + f"<p>Caveats:</p><ul>{caveats}</ul>")


def delivery(plan: Plan, figure: FigureHtml) -> str:
    """The Delivery section of the report."""
    d = plan.delivery
    if d is None:
        return "<p>No actuals were given (run with <code>--actuals FILE</code>).</p>"
    intro = (f"<p>What really happened, from <b>{html.escape(d.actuals_file)}</b>, read as "
             "statistical process control charts (NHS England's <i>Making Data Count</i>): "
             "the mean, process limits at the mean ± 2.66 × the mean moving range, and "
             "special causes (a point outside the limits, 7 points rising or falling, 7 points "
             "on one side of the mean, 2 of 3 points near a limit). Targets are the plan's "
             "trajectories (seed 002). Icons: H / L for a special cause high or low "
             "(blue improvement, orange concern, purple neither), P / F / ? for a target "
             "consistently passed, failed or hit and missed at random.</p>")
    parts = [intro, summary_table(d.kpi_summary)]
    if d.untracked:
        parts.append("<p>No actuals given for: " + html.escape(", ".join(d.untracked)) + ".</p>")
    if not d.ytd_check.empty:
        parts.append(table_html(d.ytd_check, "Published 2016/17 year-to-date KPIs (002) "
                                "recomputed from the actuals",
                                {"published": ".1f", "recomputed": ".2f",
                                 "difference": "+.2f"}, labels_for(plan.scenario)))
    parts.append(spc_charts(d, figure))
    parts.append('<h3 id="plan-vs-actual">Plan against actual</h3>' + plan_vs_actual(d, figure))
    return "".join(parts)


SECTIONS: list[Section] = [Section("Delivery", delivery)]
