"""The programme register in the report: QIPP, milestones, risks and locality maturity.

`PARTS` make the stand-alone page of `icsplan register report` (assembled by report/html.py);
`SECTIONS` add the same content to the board report when the plan carries a register
(`icsplan run --db`). Both read a `RegisterSummary` (register/summary.py), never the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.register.rag import RAG_LABELS
from icsplan.report.charts import register as charts
from icsplan.report.components import FigureHtml, Section, details_html, table_html
from icsplan.report.templating import render_macro, trusted

if TYPE_CHECKING:
    from icsplan.pipeline import Plan
    from icsplan.register.summary import RegisterSummary

Figure = FigureHtml
K = ",.0f"


TEMPLATE = "sections/register.html"


def _part(macro: str, **arguments: object) -> str:
    """A part of the register: a macro of the section's template (HTML arguments trusted)."""
    return render_macro(TEMPLATE, macro, **arguments)


def qipp(summary: RegisterSummary, figure: Figure) -> str:
    """QIPP identified, delivered and the gap against target with its headroom."""
    chart = table = None
    if not summary.qipp.empty:
        chart = trusted(figure(charts.qipp_pipeline(summary.qipp)))
        frame = summary.qipp.drop(columns=["target_with_headroom_gbp"]).copy()
        money = [c for c in frame.columns if c.endswith("_gbp")]
        frame[money] = frame[money] / 1e3
        frame.columns = [c.replace("_gbp", " (£k)").replace("_", " ") for c in frame.columns]
        table = trusted(table_html(frame, "QIPP pipeline (identified = delivered + in progress; "
                                "gap = target - identified)",
                                {c: K for c in frame.columns if "(£k)" in c}))
    programmes = trusted("")
    if not summary.programmes.empty:
        prog = summary.programmes.copy()
        for c in ("planned_gbp", "forecast_gbp", "investment_gbp"):
            prog[c] = prog[c] / 1e6
        prog.columns = [c.replace("_gbp", " (£m)").replace("_", " ") for c in prog.columns]
        programmes = trusted(table_html(prog, "Schemes by programme and status (net savings, £m)",
                                     {c: ",.2f" for c in prog.columns if "(£m)" in c}))
    return _part("qipp", chart=chart, table=table, programmes=programmes)


def milestones(summary: RegisterSummary, figure: Figure) -> str:
    """Milestone slippage: forecast or actual date against planned."""
    frame = summary.milestones
    if frame.empty:
        return _part("missing", what="milestones")
    late = int((frame.slippage_days.fillna(0) > 0).sum())
    return _part("milestones", count=len(frame), late=late,
                 chart=trusted(figure(charts.milestone_slippage(frame))),
                 table=trusted(table_html(frame.drop(columns=["id"]), "Milestones")))


def risks(summary: RegisterSummary, figure: Figure) -> str:
    """The 5 x 5 heat map with counts, the top risks and the banding used."""
    rs = summary.risks
    if rs.risks.empty:
        return _part("missing", what="risks")
    bands = ", ".join(f"score ≥ {floor} → {RAG_LABELS.get(r, r)} ({r})"
                      for floor, r in summary.banding)
    counts = rs.risks.rag.value_counts()
    unrated = int(rs.risks.rag.isna().sum())
    disagree = rs.risks[rs.risks.published_rag.notna()
                        & (rs.risks.published_rag != rs.risks.rag)]
    published = int(rs.risks.published_rag.notna().sum())
    top = rs.top[["id", "category", "description", "impact", "likelihood", "score", "rag",
                  "owner"]]
    return _part(
        "risks", count=len(rs.risks), bands=bands, published=published, unrated=unrated,
        counts=[(counts.get(r, 0), RAG_LABELS.get(r, r).lower()) for _, r in summary.banding],
        reproduced=published - len(disagree), chart=trusted(figure(charts.risk_heat_map(
            rs.heat_map))), top=trusted(table_html(top, f"Top {len(top)} risks by score")),
        disagree=trusted(table_html(disagree[["id", "description", "score", "rag",
                                           "published_rag"]],
                                 "Published ratings the banding does not reproduce")
                      if not disagree.empty else ""))


def maturity(summary: RegisterSummary, figure: Figure) -> str:
    """Share of localities at each level, planned against assessed, by quarter."""
    frame = summary.maturity
    if frame.empty:
        return _part("missing", what="locality maturity")
    assessed = frame[frame.measure == "assessed"]
    wide = frame.pivot_table(index=["quarter", "measure"], columns="level", values="localities",
                             fill_value=0).reset_index()
    wide.columns = [c if isinstance(c, str) else f"level {c}" for c in wide.columns]
    return _part("maturity", assessed=not assessed.empty,
                 chart=trusted(figure(charts.maturity(frame))),
                 table=trusted(details_html("Localities at each level by quarter",
                                         table_html(wide, "Localities at each level"))))


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
    return _part("board", parts=[(title, trusted(part(plan.register, figure)))
                                 for title, part in PARTS])


SECTIONS = [Section("Programme register", register)]
