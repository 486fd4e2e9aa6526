"""Finance: the bridge waterfall, initiative economics, investment and payback, workforce and
the GP capacity gap (the report's finance charts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from icsplan.app.layout import graph, page, section, table
from icsplan.report.charts import finance as charts
from icsplan.report.labels import labels_for
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/finance", "finance", "Finance"


def layout(ctx: AppContext) -> html.Div:
    """The finance page of the scenario as loaded (full investment)."""
    fin = ctx.base_plan.finance
    parts = []
    if not fin.bridge.empty:
        parts.append(section("The financial bridge", graph(charts.bridge_waterfall(fin.bridge),
                                                           "finance-bridge")))
    if not fin.economics.empty:
        econ = fin.economics
        last = econ[econ["year"] == econ["year"].max()]
        shown = last[["initiative"]].copy()
        for col in ("gross_gbp", "investment_gbp", "stranded_gbp", "net_gbp"):
            shown[col.replace("_gbp", "")] = last[col] / MILLION
        parts.append(section("Initiative economics", table(
            shown, f"Initiative economics in {econ['year'].max()} (£m)",
            {c: ",.1f" for c in ("gross", "investment", "stranded", "net")},
            names=labels_for(ctx.scenario))))
    if not fin.cash_flow.empty:
        parts.append(section("Investment and payback",
                             graph(charts.cash_flow_chart(fin.cash_flow, fin.payback_year)),
                             graph(charts.investment_curve_chart(fin.investment_curve))))
    if not fin.workforce.empty:
        parts.append(section("Workforce", graph(charts.workforce_table(fin.workforce))))
    if not fin.gp_capacity.empty:
        parts.append(section("GP capacity gap", table(
            fin.gp_capacity[["year", "demand_appts", "capacity_appts", "gap_fte"]],
            "GP appointments per week: demand, capacity and the FTE gap",
            {"demand_appts": ",.0f", "capacity_appts": ",.0f", "gap_fte": ",.1f"},
            names=labels_for(ctx.scenario))))
    if not parts:
        parts.append(section("No finances", html.P("This scenario has no financial inputs.")))
    return page("Finance", *parts)


def register(app, ctx: AppContext) -> None:
    """The finance page has no callbacks."""
