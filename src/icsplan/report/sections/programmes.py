"""The programmes in the report: the portfolio on one page (RAG by the stated rule) and a
one-page summary per programme (money, milestones due this quarter, risks, KPIs with their
SPC icons where delivery is tracked).  Reads `Plan.programmes` (programmes.portfolio)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.components import Section, cards_html, details_html, table_html
from icsplan.report.sections.delivery import summary_table

if TYPE_CHECKING:
    from icsplan.pipeline import Plan
    from icsplan.programmes.portfolio import Portfolio
    from icsplan.report.components import FigureHtml

RAG_NAMES = {"R": "Red", "A": "Amber", "G": "Green", "not rated": "Not rated"}


def _money(value: float) -> str:
    if value is None or pd.isna(value):
        return "not quantified"
    if value == 0:
        return "£0"
    return f"£{value / 1e3:,.0f}k" if abs(value) < 1e6 else f"£{value / 1e6:,.2f}m"


def portfolio_page(plan: Plan, figure: FigureHtml) -> str:
    """All programmes on one page with their RAG and the rule that sets it."""
    p: Portfolio | None = plan.programmes
    if p is None or p.programmes.empty:
        return ""
    rule = f"<p><b>RAG rule</b> (computed, never set by hand): {html.escape(p.rule)}</p>"
    return (cards_html(portfolio_cards(p)) + rule
            + table_html(portfolio_table(p), f"Programme portfolio, {p.quarter}"))


def portfolio_cards(p: Portfolio) -> list[tuple[str, str]]:
    """(value, label) of the portfolio's counts and RAG counts (the report's and the app's)."""
    frame = p.programmes
    counts = frame["rag"].value_counts()
    cards = [(str(len(frame)), "programmes"),
             (str(int(frame["milestones"].sum())), "milestones"),
             (str(int(frame["due_this_quarter"].sum())), f"due in {p.quarter}"),
             (str(int(frame["risks"].sum())), f"risks ({int(frame['risks_rated'].sum())} rated)"),
             (str(int(frame["kpis"].sum())), "KPIs")]
    cards += [(str(int(counts.get(r, 0))), f"rated {RAG_NAMES[r]}") for r in RAG_NAMES]
    return cards[:10]


def portfolio_table(p: Portfolio) -> pd.DataFrame:
    """Every programme on a row as the board reads it (money in words, RAG named)."""
    table = p.programmes[["name", "area", "scope", "milestones", "due_this_quarter", "risks",
                          "kpis", "investment_gbp", "net_saving_gbp", "rag",
                          "rag_reason"]].copy()
    table["investment_gbp"] = table["investment_gbp"].map(_money)
    table["net_saving_gbp"] = table["net_saving_gbp"].map(_money)
    table["rag"] = table["rag"].map(RAG_NAMES)
    table.columns = ["Programme", "Area", "Scope", "Milestones", f"Due {p.quarter}", "Risks",
                     "KPIs", "Investment", "Net saving", "RAG", "Why"]
    return table


def programme_page(p: Portfolio, programme: str) -> str:
    """One programme's summary: money, milestones due this quarter, risks and KPIs."""
    row = p.programmes.set_index("programme").loc[programme]
    lead = f"<p>Lead: {html.escape(row['lead'])}</p>" if row["lead"] else ""
    cards = cards_html([(_money(row["investment_gbp"]), "investment"),
                        (_money(row["savings_gbp"]), "savings"),
                        (_money(row["net_saving_gbp"]), "net saving"),
                        (str(row["due_this_quarter"]), f"milestones due {p.quarter}"),
                        (str(row["risks"]), "key risks"),
                        (RAG_NAMES[row["rag"]], "RAG")])
    parts = [lead, cards, f"<p>RAG: {html.escape(RAG_NAMES[row['rag']])} "
             f"({html.escape(row['rag_reason'])}).</p>"]
    money = p.finance[p.finance["programme"] == programme]
    if not money.empty:
        parts.append(table_html(money[["line", "kind", "ccg", "as_printed", "value_gbp",
                                       "reading"]], "Costs and financial benefits (as printed "
                                "and as read, £)", {"value_gbp": ",.0f"}))
    due = p.milestones[(p.milestones["programme"] == programme)
                       & p.milestones["due_this_quarter"]]
    columns = ["project", "milestone", "as_printed"] + (
        ["status"] if due["status"].notna().any() else [])
    parts.append(table_html(due[columns],
                            f"Milestones due in {p.quarter}") if not due.empty else
                 f"<p>No milestone is due in {html.escape(p.quarter)}.</p>")
    risks = p.risks[p.risks["programme"] == programme]
    if not risks.empty:
        shown = risks[["description", "rating"]].replace({"rating": {"": "unrated"}})
        parts.append(table_html(shown, "Key risks (rated only where the plan rates them)"))
    kpis = p.kpis[p.kpis["programme"] == programme]
    tracked = kpis[kpis["latest_value"].notna()]
    if not tracked.empty and "lpl" in tracked.columns:
        parts.append(summary_table(tracked))
    if not kpis.empty:
        parts.append(table_html(kpis[["name", "org", "unit", "trajectory", "trajectory_text"]],
                                "KPIs and their trajectories"))
    return "".join(parts)


def programme_pages(plan: Plan, figure: FigureHtml) -> str:
    """A one-page summary per programme, grouped by area, each folded away."""
    p: Portfolio | None = plan.programmes
    if p is None or p.programmes.empty:
        return ""
    parts = []
    for area, rows in p.programmes.groupby("area", sort=False):
        parts.append(f"<h3>{html.escape(area)}</h3>")
        for r in rows.itertuples(index=False):
            parts.append(details_html(f"{r.name} ({RAG_NAMES[r.rag]})",
                                      programme_page(p, r.programme)))
    return "".join(parts)


SECTIONS = [Section("Programme portfolio", portfolio_page),
            Section("Programme pages", programme_pages)]
