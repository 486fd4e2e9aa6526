"""The report's finance sections: the bridge, investment and payback, workforce, QIPP.

Money is shown in £m, except the organisation budgets and QIPP, shown in £k as seed 004
publishes them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.charts import finance as finance_charts
from icsplan.report.charts.plain import as_constructed
from icsplan.report.components import (
    FigureHtml,
    Section,
    chart_html,
    paragraph_html,
    table_html,
)
from icsplan.report.labels import labels_for, money, role_label
from icsplan.report.templating import render, trusted
from icsplan.vocabulary import MILLION, THOUSAND

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

M = ",.1f"
K = ",.0f"


def in_units(frame: pd.DataFrame, unit: float, suffix: str) -> pd.DataFrame:
    """Every `*_gbp` column of `frame` divided by `unit` and renamed `*_gbp<suffix>`."""
    cols = [c for c in frame.columns if str(c).endswith("_gbp")]
    shown = frame.assign(**{f"{c}{suffix}": frame[c] / unit for c in cols})
    return shown[[f"{c}{suffix}" if c in cols else c for c in frame.columns]]


def bridge(plan: Plan, figure: FigureHtml) -> str:
    """The bridge waterfall, its steps in £m as the data behind it."""
    steps = plan.finance.bridge
    if steps.empty:
        return paragraph_html("This scenario has no financial bridge.")
    labels = labels_for(plan.scenario)
    shown = in_units(steps[["order", "step", "value_gbp", "cumulative_gbp", "source"]],
                     MILLION, "m")
    caption = (f"The financial bridge in {plan.horizon}, read top to bottom: the opening "
               "position, each pressure (red) and each saving or income (green), the named "
               f"subtotals and the closing gap (blue) of {money(float(steps['value_gbp'].sum()))}.")
    title = f"Financial bridge to the planned gap in {plan.horizon} (£m)"
    return chart_html(figure, finance_charts.bridge_figure(steps, title), caption, shown,
                      {"value_gbpm": "+,.1f", "cumulative_gbpm": "+,.1f"}, labels)


def investment(plan: Plan, figure: FigureHtml) -> str:
    """Savings at the run's investment level, cash flow with payback, the investment curve."""
    fin = plan.finance
    summary = fin.investment_summary
    if fin.economics.empty or fin.cash_flow.empty or summary is None:
        return paragraph_html("This scenario has no initiative finances.")
    labels = labels_for(plan.scenario)
    level = summary.investment_level
    payback = summary.payback_year
    invested = summary.investment_gbp > 0
    payback_text = (payback or f"not by {plan.horizon}") if invested else \
        "no investment to pay back"
    cash = in_units(fin.cash_flow, MILLION, "m")
    parts = [chart_html(
        figure, as_constructed(finance_charts.cash_flow_figure(
            fin.cash_flow, payback, f"Net saving by year and cumulative to {plan.horizon} (£m)")),
        f"Net saving of the initiatives each year (bars: green a saving, red a cost) and the "
        f"cumulative net (line); payback {payback_text}.",
        cash, {c: M for c in cash.columns if c != "year"}, labels)]
    curve = fin.investment_curve
    if not curve.empty:
        shown = in_units(curve, MILLION, "m")
        parts.append(chart_html(
            figure, finance_charts.investment_curve_figure(
                curve, f"Savings and net position by investment level, {plan.horizon} (£m)"),
            f"Gross saving, net saving and investment in {plan.horizon} at every investment "
            "level from 0 to 100% of the plan, with the lowest level that pays back.",
            shown, {"investment_level": ".0%", "savings_share": ".1%",
                    **{c: M for c in shown.columns if c.endswith("_gbpm")}}, labels))
    econ = fin.economics
    last_year = econ["year"].max()
    last = in_units(econ[econ["year"] == last_year][
        ["initiative", "gross_gbp", "investment_gbp", "stranded_gbp", "net_gbp"]], MILLION, "m")
    parts.append(table_html(last, f"Initiative economics in {last_year} (£m)",
                            {c: M for c in last.columns if c.endswith("_gbpm")}, labels))
    return render("sections/investment.html", level=f"{level:.0%}",
                  share=f"{summary.savings_share:.1%}", payback=payback_text,
                  parts=[trusted(p) for p in parts])


def workforce_frame(workforce: pd.DataFrame, year: str | None = None) -> pd.DataFrame:
    """FTE by role at `year` (default: the last) and initial cost to then (£k), with totals
    (one per kind, additional or up-skilled, when the table has kinds)."""
    year = year or (str(workforce["year"].max()) if len(workforce) else "")
    keys = ["role", "kind"] if "kind" in workforce.columns else ["role"]
    fte = workforce[workforce["year"] == year].groupby(keys, sort=False)["fte"].sum()
    cost = workforce[workforce["year"] <= year].groupby(keys, sort=False)["cost_gbp"].sum()
    frame = pd.concat([fte, cost], axis=1).reset_index()
    frame["role"] = [role_label(r) for r in frame["role"]]
    groups = ([("Total " + k.replace("upskilled", "up-skilled"), frame[frame["kind"] == k])
               for k in dict.fromkeys(frame["kind"])] if "kind" in frame else
              [("Total", frame)])
    totals = pd.DataFrame([{"role": name, "fte": part["fte"].sum(),
                            "cost_gbp": part["cost_gbp"].sum()} for name, part in groups])
    frame = pd.concat([frame, totals], ignore_index=True)
    if "kind" in frame:
        frame["kind"] = frame["kind"].fillna("").str.replace("upskilled", "up-skilled")
    frame["cost_gbpk"] = frame.pop("cost_gbp") / THOUSAND
    return frame


def workforce(plan: Plan, figure: FigureHtml) -> str:
    """FTE by role and the GP capacity gap."""
    fin = plan.finance
    labels = labels_for(plan.scenario)
    parts = []
    if not fin.workforce.empty:
        year = str(fin.workforce["year"].max())
        parts.append(table_html(
            workforce_frame(fin.workforce, year),
            f"Workforce bought by the investment: FTE by {year} and initial cost (£k)",
            {"fte": ",.0f", "cost_gbpk": ",.0f"}, labels))
    if not fin.gp_capacity.empty:
        gp = fin.gp_capacity[["year", "demand_appts", "capacity_appts", "gap_fte"]]
        parts.append(table_html(gp, "GP appointments per week: demand, capacity and the FTE gap",
                                {"demand_appts": ",.0f", "capacity_appts": ",.0f",
                                 "gap_fte": ",.1f"}, labels))
    return "".join(parts) or paragraph_html("This scenario has no workforce inputs.")


def budgets(plan: Plan, figure: FigureHtml) -> str:
    """Organisation budgets and QIPP against target with headroom, in £k as seed 004 has."""
    fin = plan.finance
    labels = labels_for(plan.scenario)
    parts = []
    if not fin.org_budgets.empty:
        shown = in_units(fin.org_budgets, THOUSAND, "k")
        parts.append(table_html(shown, "Organisation budgets (£k)",
                                {c: K for c in shown.columns if c.endswith("_gbpk")}, labels))
    if not fin.qipp.empty:
        cols = ["org", "year", "target_gbp", "identified_gbp", "planning_gap_gbp",
                "headroom_target_gbp", "headroom_shortfall_gbp"]
        shown = in_units(fin.qipp[cols], THOUSAND, "k")
        parts.append(table_html(shown, "QIPP: target, identified schemes, gap and headroom (£k)",
                                {c: K for c in shown.columns if c.endswith("_gbpk")}, labels))
    return "".join(parts) or paragraph_html("This scenario has no organisation budgets.")


SECTIONS = [
    Section("The financial bridge", bridge),
    Section("Investment, savings and payback", investment),
    Section("Workforce and GP capacity", workforce),
    Section("Organisation budgets and QIPP", budgets),
]
