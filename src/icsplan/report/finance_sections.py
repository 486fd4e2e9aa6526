"""The report's finance sections: the bridge, investment and payback, workforce, QIPP."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from icsplan.pipeline import Results
from icsplan.report import finance_charts
from icsplan.report.html import Section, table_html

M = ",.1f"


def _has(results: Results, *names: str) -> bool:
    return all(n in results.tables and not results.tables[n].empty for n in names)


def bridge(results: Results, figure: Callable[[go.Figure], str]) -> str:
    if not _has(results, "bridge_detail"):
        return "<p>This scenario has no financial bridge.</p>"
    steps = results.tables["bridge"].assign(value_gbpm=lambda f: f["value_gbp"] / 1e6,
                                            cumulative_gbpm=lambda f: f["cumulative_gbp"] / 1e6)
    return figure(finance_charts.bridge_waterfall(results.tables["bridge_detail"])) + table_html(
        steps[["order", "step", "value_gbpm", "cumulative_gbpm", "source"]],
        "Bridge steps (£m)", {"value_gbpm": "+,.1f", "cumulative_gbpm": "+,.1f"})


def investment(results: Results, figure: Callable[[go.Figure], str]) -> str:
    if not _has(results, "initiatives", "cash_flow", "investment_summary"):
        return "<p>This scenario has no initiative finances.</p>"
    summary = results.tables["investment_summary"].iloc[0]
    level = float(summary["investment_level"])
    payback = summary["payback_year"] if isinstance(summary["payback_year"], str) else None
    payback = payback or None
    intro = (f"<p>At <b>{level:.0%}</b> of the planned investment the plan releases "
             f"<b>{float(summary['savings_share']):.1%}</b> of its full savings (savings follow "
             "investment: full investment releases full savings, 25% releases 12.5%). "
             f"Payback: <b>{payback or 'not by the horizon'}</b>.</p>")
    econ = results.tables["initiatives"]
    last = econ[econ["year"] == econ["year"].max()].copy()
    for col in ("gross_gbp", "investment_gbp", "stranded_gbp", "net_gbp"):
        last[col.replace("_gbp", "_gbpm")] = last[col] / 1e6
    parts = [intro, figure(finance_charts.cash_flow_chart(results.tables["cash_flow"], payback))]
    if _has(results, "investment_curve"):
        parts.append(figure(finance_charts.investment_curve_chart(
            results.tables["investment_curve"])))
    parts.append(table_html(
        last[["initiative", "gross_gbpm", "investment_gbpm", "stranded_gbpm", "net_gbpm"]],
        f"Initiative economics in {econ['year'].max()} (£m)",
        {c: M for c in ("gross_gbpm", "investment_gbpm", "stranded_gbpm", "net_gbpm")}))
    return "".join(parts)


def workforce(results: Results, figure: Callable[[go.Figure], str]) -> str:
    parts = []
    if _has(results, "workforce_detail"):
        parts.append(figure(finance_charts.workforce_table(results.tables["workforce_detail"])))
    if _has(results, "gp_capacity"):
        gp = results.tables["gp_capacity"]
        parts.append(table_html(gp, "GP appointments per week: demand, capacity and the FTE gap",
                                {"demand_appts": ",.0f", "capacity_appts": ",.0f",
                                 "gap_fte": ",.1f"}))
    return "".join(parts) or "<p>This scenario has no workforce inputs.</p>"


def budgets(results: Results, figure: Callable[[go.Figure], str]) -> str:
    parts = []
    if _has(results, "org_budgets"):
        parts.append(table_html(results.tables["org_budgets"], "Organisation budgets (£)",
                                {c: ",.0f" for c in ("allocation_gbp", "expenditure_gbp",
                                                     "surplus_gbp")}))
    if _has(results, "qipp"):
        q = results.tables["qipp"]
        cols = ["org", "year", "target_gbp", "identified_gbp", "planning_gap_gbp",
                "headroom_target_gbp", "headroom_shortfall_gbp"]
        parts.append(table_html(q[cols], "QIPP: target, identified schemes, gap and headroom (£)",
                                {c: ",.0f" for c in cols[2:]}))
    return "".join(parts) or "<p>This scenario has no organisation budgets.</p>"


SECTIONS = [
    Section("The financial bridge", bridge),
    Section("Investment, savings and payback", investment),
    Section("Workforce and GP capacity", workforce),
    Section("Organisation budgets and QIPP", budgets),
]
