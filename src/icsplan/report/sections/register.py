"""The programme register in the report: QIPP, milestones, risks and locality maturity.

`PARTS` make the stand-alone page of `icsplan register report` (assembled by report/html.py);
`SECTIONS` add the same content to the board report when the plan carries a register
(`icsplan run --db`). Both read a `RegisterSummary` (store/summary.py), never the database.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from icsplan.report.charts import register as charts
from icsplan.report.components import FigureHtml, Section, table_html
from icsplan.store.rag import RAG_LABELS

if TYPE_CHECKING:
    from icsplan.pipeline import Plan
    from icsplan.store.summary import RegisterSummary

Figure = FigureHtml
K = ",.0f"


def qipp(summary: RegisterSummary, figure: Figure) -> str:
    """QIPP identified, delivered and the gap against target with its headroom."""
    parts = []
    if summary.qipp.empty:
        parts.append("<p>No QIPP target is in the register.</p>")
    else:
        parts.append(figure(charts.qipp_pipeline(summary.qipp)))
        table = summary.qipp.drop(columns=["target_with_headroom_gbp"]).copy()
        money = [c for c in table.columns if c.endswith("_gbp")]
        table[money] = table[money] / 1e3
        table.columns = [c.replace("_gbp", " (£k)").replace("_", " ") for c in table.columns]
        parts.append(table_html(table, "QIPP pipeline (identified = delivered + in progress; "
                                "gap = target - identified)",
                                {c: K for c in table.columns if "(£k)" in c}))
    if not summary.programmes.empty:
        prog = summary.programmes.copy()
        for c in ("planned_gbp", "forecast_gbp", "investment_gbp"):
            prog[c] = prog[c] / 1e6
        prog.columns = [c.replace("_gbp", " (£m)").replace("_", " ") for c in prog.columns]
        parts.append(table_html(prog, "Schemes by programme and status (net savings, £m)",
                                {c: ",.2f" for c in prog.columns if "(£m)" in c}))
    return "".join(parts)


def milestones(summary: RegisterSummary, figure: Figure) -> str:
    """Milestone slippage: forecast or actual date against planned."""
    frame = summary.milestones
    if frame.empty:
        return "<p>No milestones are in the register.</p>"
    late = int((frame.slippage_days.fillna(0) > 0).sum())
    return (f"<p>{len(frame)} milestones; <b>{late}</b> forecast or delivered late.</p>"
            + figure(charts.milestone_slippage(frame))
            + table_html(frame.drop(columns=["id"]), "Milestones"))


def risks(summary: RegisterSummary, figure: Figure) -> str:
    """The 5 x 5 heat map with counts, the top risks and the banding used."""
    rs = summary.risks
    if rs.risks.empty:
        return "<p>No risks are in the register.</p>"
    bands = ", ".join(f"score ≥ {floor} → {RAG_LABELS.get(r, r)} ({r})"
                      for floor, r in summary.banding)
    counts = rs.risks.rag.value_counts()
    unrated = int(rs.risks.rag.isna().sum())
    intro = (f"<p>{len(rs.risks)} risks: " + ", ".join(
        f"<b>{counts.get(r, 0)}</b> {RAG_LABELS.get(r, r).lower()}"
        for _, r in summary.banding) + (f", <b>{unrated}</b> unrated (no rating given)"
                                        if unrated else "")
        + f". Rating = impact × likelihood banded {bands}.</p>")
    disagree = rs.risks[rs.risks.published_rag.notna()
                        & (rs.risks.published_rag != rs.risks.rag)]
    published = int(rs.risks.published_rag.notna().sum())
    if published:
        intro += (f"<p>The banding reproduces {published - len(disagree)} of {published} "
                  "published ratings.</p>")
    top = rs.top[["id", "category", "description", "impact", "likelihood", "score", "rag",
                  "owner"]]
    return (intro + figure(charts.risk_heat_map(rs.heat_map))
            + table_html(top, f"Top {len(top)} risks by score")
            + (table_html(disagree[["id", "description", "score", "rag", "published_rag"]],
                          "Published ratings the banding does not reproduce")
               if not disagree.empty else ""))


def maturity(summary: RegisterSummary, figure: Figure) -> str:
    """Share of localities at each level, planned against assessed, by quarter."""
    frame = summary.maturity
    if frame.empty:
        return "<p>No locality maturity is in the register.</p>"
    assessed = frame[frame.measure == "assessed"]
    note = ("" if not assessed.empty else
            "<p>No assessed levels are recorded yet: the chart shows the planned phasing "
            "(seed 003); record assessments with <code>icsplan register import maturity</code>."
            "</p>")
    wide = frame.pivot_table(index=["quarter", "measure"], columns="level", values="localities",
                             fill_value=0).reset_index()
    wide.columns = [c if isinstance(c, str) else f"level {c}" for c in wide.columns]
    return note + figure(charts.maturity(frame)) + (
        f"<details><summary>Localities at each level by quarter</summary>"
        f"{table_html(wide, 'Localities at each level')}</details>")


def programmes(summary: RegisterSummary, figure: Figure) -> str:
    """Programme by programme: schemes, savings, milestones, risks and KPIs it groups."""
    frame = summary.by_programme
    if frame is None or frame.empty:
        return "<p>No programmes are in the register.</p>"
    shown = frame.drop(columns=["programme"]).copy()
    for c in ("planned_net_saving_gbp", "forecast_net_saving_gbp"):
        shown[c] = shown[c] / 1e3
    shown.columns = [c.replace("_gbp", " (£k)").replace("_", " ") for c in shown.columns]
    return table_html(shown, "Programmes: the schemes, milestones, risks and KPIs each groups",
                      {c: K for c in shown.columns if "(£k)" in c})


PARTS = [("Programmes", programmes), ("QIPP pipeline against target", qipp),
         ("Milestones", milestones), ("Risks", risks), ("Locality maturity", maturity)]


def register(plan: Plan, figure: Figure) -> str:
    """The whole register as one board-report section (empty when the plan has none)."""
    if plan.register is None:
        return ""
    return "".join(f"<h3>{html.escape(title)}</h3>{part(plan.register, figure)}"
                   for title, part in PARTS)


SECTIONS = [Section("Programme register", register)]
