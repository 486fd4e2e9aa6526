"""Overview: the headline figures and the activity and money story in brief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from icsplan.app.compute import headline
from icsplan.app.layout import cards, graph, page, section
from icsplan.headline import gap_words, payback_words
from icsplan.report.charts.finance import cash_flow_chart
from icsplan.report.labels import money

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/", "overview", "Overview"


def explain_link(key: str) -> str | None:
    """The drill-down of a headline card, where the figure has one."""
    from icsplan.app.explain import explained_by
    from icsplan.app.pages.explain import href

    target = explained_by(key)
    return href(target) if target else None


def story(ctx: AppContext) -> list[str]:
    """Two or three sentences a board member can read: activity, then money."""
    plan = ctx.base_plan
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    fewer = float((last["momentum"] - last["planned"]).sum())
    people = int(plan.scenario.localities["population"].sum())
    lines = [f"{plan.scenario.meta.title}: {people:,} people in "
             f"{len(plan.scenario.localities)} localities. By {plan.horizon} the plan's "
             f"initiatives mean {fewer:,.0f} fewer hospital contacts a year than momentum "
             "(doing nothing)."]
    inv = plan.finance.investment_summary
    if inv is not None:
        payback = payback_words(plan.finance.payback_year, float(inv.investment_gbp),
                                plan.horizon)
        pays = (f"the investment pays back in {payback}" if plan.finance.payback_year
                else f"payback: {payback}")
        lines.append(f"Their gross saving (after re-provision) is "
                     f"{money(inv.gross_saving_gbp)} and their net saving "
                     f"{money(inv.net_saving_gbp)} in {plan.horizon}; {pays}.")
    if not plan.finance.bridge.empty:
        lines.append(f"After every step of the financial bridge the system is left with "
                     f"{gap_words(float(plan.finance.bridge['value_gbp'].sum()))} in "
                     f"{plan.horizon}.")
    return lines


def layout(ctx: AppContext) -> html.Div:
    """The overview page."""
    plan = ctx.base_plan
    parts = [section("Headline figures", cards(headline(plan), link=explain_link)),
             section("The plan in brief", *[html.P(s) for s in story(ctx)])]
    if not plan.finance.cash_flow.empty:
        parts.append(section("Money by year", graph(cash_flow_chart(
            plan.finance.cash_flow, plan.finance.payback_year))))
    return page(f"{plan.scenario.meta.title}: overview", *parts)


def register(app, ctx: AppContext) -> None:
    """The overview has no callbacks."""
