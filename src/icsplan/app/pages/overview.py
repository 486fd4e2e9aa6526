"""Overview: the headline figures and the activity and money story in brief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from icsplan.app.compute import headline
from icsplan.app.layout import cards, graph, page, section
from icsplan.report.charts.finance import cash_flow_chart
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/", "overview", "Overview"


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
        lines.append(f"They save £{inv.gross_saving_gbp / MILLION:,.1f}m gross and "
                     f"£{inv.net_saving_gbp / MILLION:,.1f}m net in {plan.horizon}; the plan "
                     f"pays back in {inv.payback_year or 'no year before the horizon'}.")
    return lines


def layout(ctx: AppContext) -> html.Div:
    """The overview page."""
    plan = ctx.base_plan
    parts = [section("Headline figures", cards(headline(plan))),
             section("The plan in brief", *[html.P(s) for s in story(ctx)])]
    if not plan.finance.cash_flow.empty:
        parts.append(section("Money by year", graph(cash_flow_chart(
            plan.finance.cash_flow, plan.finance.payback_year))))
    return page(f"{plan.scenario.meta.title}: overview", *parts)


def register(app, ctx: AppContext) -> None:
    """The overview has no callbacks."""
