"""The report's finance sections: the bridge, investment and payback, workforce, QIPP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.charts import finance as finance_charts
from icsplan.report.components import FigureHtml, Section, table_html
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

M = ",.1f"


def bridge(plan: Plan, figure: FigureHtml) -> str:
    """The bridge waterfall and its steps in £m."""
    steps = plan.finance.bridge
    if steps.empty:
        return "<p>This scenario has no financial bridge.</p>"
    shown = steps.assign(value_gbpm=lambda f: f["value_gbp"] / MILLION,
                         cumulative_gbpm=lambda f: f["cumulative_gbp"] / MILLION)
    return figure(finance_charts.bridge_waterfall(steps)) + table_html(
        shown[["order", "step", "value_gbpm", "cumulative_gbpm", "source"]],
        "Bridge steps (£m)", {"value_gbpm": "+,.1f", "cumulative_gbpm": "+,.1f"})


def investment(plan: Plan, figure: FigureHtml) -> str:
    """Savings at the run's investment level, cash flow with payback, the investment curve."""
    fin = plan.finance
    if fin.economics.empty or fin.cash_flow.empty:
        return "<p>This scenario has no initiative finances.</p>"
    summary = fin.investment_summary.iloc[0]
    level = float(summary["investment_level"])
    payback = fin.payback_year
    intro = (f"<p>At <b>{level:.0%}</b> of the planned investment the plan releases "
             f"<b>{float(summary['savings_share']):.1%}</b> of its full savings (savings follow "
             "investment: full investment releases full savings, 25% releases 12.5%). "
             f"Payback: <b>{payback or 'not by the horizon'}</b>.</p>")
    econ = fin.economics
    last = econ[econ["year"] == econ["year"].max()].copy()
    for col in ("gross_gbp", "investment_gbp", "stranded_gbp", "net_gbp"):
        last[col.replace("_gbp", "_gbpm")] = last[col] / MILLION
    parts = [intro, figure(finance_charts.cash_flow_chart(fin.cash_flow, payback))]
    if not fin.investment_curve.empty:
        parts.append(figure(finance_charts.investment_curve_chart(fin.investment_curve)))
    parts.append(table_html(
        last[["initiative", "gross_gbpm", "investment_gbpm", "stranded_gbpm", "net_gbpm"]],
        f"Initiative economics in {econ['year'].max()} (£m)",
        {c: M for c in ("gross_gbpm", "investment_gbpm", "stranded_gbpm", "net_gbpm")}))
    return "".join(parts)


def workforce(plan: Plan, figure: FigureHtml) -> str:
    """FTE by role and the GP capacity gap."""
    fin = plan.finance
    parts = []
    if not fin.workforce.empty:
        parts.append(figure(finance_charts.workforce_table(fin.workforce)))
    if not fin.gp_capacity.empty:
        gp = fin.gp_capacity[["year", "demand_appts", "capacity_appts", "gap_fte"]]
        parts.append(table_html(gp, "GP appointments per week: demand, capacity and the FTE gap",
                                {"demand_appts": ",.0f", "capacity_appts": ",.0f",
                                 "gap_fte": ",.1f"}))
    return "".join(parts) or "<p>This scenario has no workforce inputs.</p>"


def budgets(plan: Plan, figure: FigureHtml) -> str:
    """Organisation budgets (004) and QIPP against target with headroom."""
    fin = plan.finance
    parts = []
    if not fin.org_budgets.empty:
        parts.append(table_html(fin.org_budgets, "Organisation budgets (£)",
                                {c: ",.0f" for c in ("allocation_gbp", "expenditure_gbp",
                                                     "surplus_gbp")}))
    if not fin.qipp.empty:
        cols = ["org", "year", "target_gbp", "identified_gbp", "planning_gap_gbp",
                "headroom_target_gbp", "headroom_shortfall_gbp"]
        parts.append(table_html(fin.qipp[cols], "QIPP: target, identified schemes, gap and "
                                "headroom (£)", {c: ",.0f" for c in cols[2:]}))
    return "".join(parts) or "<p>This scenario has no organisation budgets.</p>"


SECTIONS = [
    Section("The financial bridge", bridge),
    Section("Investment, savings and payback", investment),
    Section("Workforce and GP capacity", workforce),
    Section("Organisation budgets and QIPP", budgets),
]
