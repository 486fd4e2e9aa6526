"""Programmes: the portfolio (every programme on one page, RAG by the stated rule, never by
hand) and one programme at a time (money, milestones due this quarter, key risks, KPIs with
their SPC icons when delivery is tracked).

The figures are `programmes.portfolio`'s, as the board pack's "Programme portfolio" and
"Programme pages": milestone status from the register when it holds the programmes'
milestones (`icsplan register init --seed SCENARIO`; the app's --db), otherwise the
scenario's seed alone; KPIs tracked when the app has --actuals.  A programme opens from its
link in the portfolio (`/programmes?programme=ID`), so every programme has an address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote

from dash import Input, Output, dcc, html

from icsplan.app.layout import page, section, table
from icsplan.report.icons import assurance_icon, variation_icon
from icsplan.report.labels import labels_for
from icsplan.report.sections.programmes import (
    RAG_NAMES,
    _money,
    portfolio_cards,
    portfolio_table,
)
from icsplan.report.style import ASSURANCE_LABELS, VARIATION_LABELS

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.app.context import AppContext
    from icsplan.programmes.portfolio import Portfolio

PATH, NAME, TITLE = "/programmes", "programmes", "Programmes"
CHOOSE = "Choose a programme in the portfolio below to see its page here."
# RAG badges: the colour only repeats the word, which is always written (contrast >= 4.5:1)
RAG_STYLE = {"R": ("#b3261e", "white"), "A": ("#ffb81c", "#212b32"),
             "G": ("#006747", "white"), "not rated": ("#425563", "white")}


def portfolio_for(ctx: AppContext) -> tuple[Portfolio | None, str]:
    """The portfolio and where milestone status came from: the register when it holds the
    programmes' milestones, else the scenario's seed (the board pack's rule)."""
    plan = ctx.base_plan
    if plan.programmes is None:
        return None, ""
    if ctx.engine is not None:
        from icsplan.programmes.portfolio import portfolio
        from icsplan.register.summary import programme_milestones

        with ctx.transaction("reader") as session:
            status = programme_milestones(session)
        known = set(ctx.scenario.table("programmes")["programme"])
        status = status[status["programme"].isin(known)]
        if not status.empty:
            return portfolio(ctx.scenario, plan.delivery, status), "the register"
    return plan.programmes, "the scenario's seed (no register milestones)"


def _badge(rag: str) -> html.Span:
    back, fore = RAG_STYLE.get(rag, RAG_STYLE["not rated"])
    return html.Span(RAG_NAMES.get(rag, rag), className="rag",
                     style={"background": back, "color": fore, "padding": "1px 6px",
                            "borderRadius": "3px", "fontWeight": "bold",
                            "whiteSpace": "nowrap"})


def portfolio_rows(p: Portfolio) -> html.Div:
    """The portfolio table (the report's columns), each programme a link to its page."""
    shown = portfolio_table(p)
    cols = list(shown.columns)
    head = html.Thead(html.Tr([html.Th(c, scope="col", className="text") for c in cols]))
    rows = []
    for code, rag, rec in zip(p.programmes["programme"], p.programmes["rag"],
                              shown.itertuples(index=False), strict=True):
        cells = []
        for col, value in zip(cols, rec, strict=True):
            if col == "Programme":
                content = dcc.Link(str(value), href=f"{PATH}?programme={quote(code)}")
            elif col == "RAG":
                content = _badge(rag)
            else:
                content = "" if value is None else str(value)
            cells.append(html.Td(content, className="text"))
        rows.append(html.Tr(cells))
    caption = f"Programme portfolio, {p.quarter}"
    return html.Div(html.Table([html.Caption(caption), head, html.Tbody(rows)],
                               id="programme-portfolio"),
                    className="scroll", tabIndex="0", role="region",
                    **{"aria-label": f"{caption} (scrolls sideways)"})


def _icon(svg: str, label: str) -> html.Img:
    return html.Img(src="data:image/svg+xml;charset=utf-8," + quote(svg), alt=label,
                    title=label, width=32, height=32)


def kpi_rows(kpis: pd.DataFrame) -> html.Div:
    """KPIs with their trajectory and, when tracked, latest value and SPC icons."""
    head = ["Measure", "Organisation", "Latest", "Target", "Variation", "Assurance",
            "Trajectory"]
    rows = []
    for r in kpis.itertuples(index=False):
        tracked = r.latest_value is not None and r.latest_value == r.latest_value
        direction = getattr(r, "improvement_direction", "increase") or "increase"
        variation = (_icon(variation_icon(r.variation, direction),
                           VARIATION_LABELS.get(r.variation, "No data"))
                     if tracked else "not tracked")
        assurance = (_icon(assurance_icon(r.assurance),
                           ASSURANCE_LABELS.get(r.assurance, "No target"))
                     if tracked else "not tracked")
        latest = f"{r.latest_value:,.1f} ({r.latest_period})" if tracked else ""
        target = (f"{r.target:,.1f}" if tracked and r.target == r.target
                  and r.target is not None else "")
        rows.append(html.Tr([html.Td(r.name, className="text"),
                             html.Td(str(r.org_name or r.org), className="text"),
                             html.Td(latest), html.Td(target), html.Td(variation),
                             html.Td(assurance),
                             html.Td(r.trajectory_text, className="text")]))
    caption = "KPIs, their SPC icons (when tracked with actuals) and trajectories"
    return html.Div(html.Table([html.Caption(caption), html.Thead(html.Tr([
        html.Th(h, scope="col", className="text") for h in head])), html.Tbody(rows)],
        id="programme-kpis"), className="scroll", tabIndex="0", role="region",
        **{"aria-label": f"{caption} (scrolls sideways)"})


def programme_detail(ctx: AppContext, p: Portfolio, programme: str) -> list:
    """One programme: money, RAG, milestones due this quarter, risks and KPIs."""
    row = p.programmes.set_index("programme").loc[programme]
    names = labels_for(ctx.scenario)
    parts: list = [html.H3(row["name"], id="programme-name")]
    if row["lead"]:
        parts.append(html.P(f"Lead: {row['lead']}"))
    parts.append(html.Div(className="cards", children=[
        html.Div(className="card", children=[html.Div(v, className="value"),
                                             html.Div(label, className="label")])
        for v, label in ((_money(row["investment_gbp"]), "investment"),
                         (_money(row["savings_gbp"]), "savings"),
                         (_money(row["net_saving_gbp"]), "net saving"),
                         (str(row["due_this_quarter"]), f"milestones due {p.quarter}"),
                         (str(row["risks"]), "key risks"))]))
    parts.append(html.P(["RAG: ", _badge(row["rag"]), f" ({row['rag_reason']})."],
                        id="programme-rag"))
    money = p.finance[p.finance["programme"] == programme]
    if not money.empty:
        parts.append(table(money[["line", "kind", "ccg", "as_printed", "value_gbp",
                                  "reading"]],
                           "Costs and financial benefits (as printed and as read, £)",
                           {"value_gbp": ",.0f"}, names=names))
    due = p.milestones[(p.milestones["programme"] == programme)
                       & p.milestones["due_this_quarter"]]
    cols = ["project", "milestone", "as_printed"] + (
        ["status"] if due["status"].notna().any() else [])
    parts.append(table(due[cols], f"Milestones due in {p.quarter}", names=names)
                 if not due.empty else html.P(f"No milestone is due in {p.quarter}."))
    risks = p.risks[p.risks["programme"] == programme]
    if not risks.empty:
        parts.append(table(risks[["description", "rating"]].replace(
            {"rating": {"": "unrated"}}), "Key risks (rated only where the plan rates them)",
            names=names))
    kpis = p.kpis[p.kpis["programme"] == programme]
    if not kpis.empty:
        parts.append(kpi_rows(kpis))
    return parts


def chosen(p: Portfolio, search: str | None) -> str | None:
    """The programme named in the address (`?programme=ID`), if it is one of the plan's."""
    wanted = parse_qs((search or "").lstrip("?")).get("programme", [None])[0]
    return wanted if wanted in set(p.programmes["programme"]) else None


def layout(ctx: AppContext) -> html.Div:
    """The portfolio, then the programme chosen from it."""
    p, source = portfolio_for(ctx)
    if p is None or p.programmes.empty:
        return page("Programmes", section("No programmes", html.P(
            "This plan has no programmes (programmes.csv).")))
    cards = html.Div(className="cards", children=[
        html.Div(className="card", children=[html.Div(v, className="value"),
                                             html.Div(label, className="label")])
        for v, label in portfolio_cards(p)])
    return page("Programmes", section("One programme", html.Div(
        html.P(CHOOSE), id="programme-detail")), section(
        f"Portfolio, {p.quarter}", cards,
        html.P([html.B("RAG rule"), f" (computed, never set by hand): {p.rule}"]),
        html.P(f"Milestone status from {source}. Choose a programme to see its page.",
               className="note", id="programme-source"),
        portfolio_rows(p)))


def register(app, ctx: AppContext) -> None:
    """Show the programme the address names."""
    if "programmes" not in ctx.scenario.tables:
        return

    @app.callback(Output("programme-detail", "children"), Input("url", "search"),
                  Input("url", "pathname"))
    def detail(search: str | None, pathname: str | None):
        p, _ = portfolio_for(ctx)
        code = chosen(p, search) if p is not None else None
        if code is None:
            return html.P(CHOOSE)
        return programme_detail(ctx, p, code)
