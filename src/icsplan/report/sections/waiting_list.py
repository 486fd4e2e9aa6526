"""The report's Waiting lists section: the RTT list against the 92% standard under the plan,
the planner's questions answered, the cost of extra capacity as an option beside the bridge,
and the odds of meeting the standard (when a run has RTT data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.charts import waiting_list as charts
from icsplan.report.components import FigureHtml, Section, cards_html, chart_html, table_html
from icsplan.report.templating import render, trusted

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

MEASURE_FORMATS = {"referrals": ",.0f", "capacity": ",.0f", "clock_stops": ",.0f",
                   "waiting_list": ",.0f", "within_18_weeks": ",.0f",
                   "share_within_18_weeks": ".1f", "over_52_weeks": ",.0f",
                   "over_65_weeks": ",.0f", "over_78_weeks": ",.0f", "p92_wait_weeks": ".1f",
                   "unused_capacity": ",.0f"}


def waiting_list(plan: Plan, figure: FigureHtml) -> str:
    """Cards, charts, answers, the bridge option, odds and assumptions."""
    w = plan.waiting_list
    if w is None:
        return ""
    last, end = w.actuals.iloc[-1], w.projection.iloc[-1]
    cards = [(f"{last['waiting_list']:,.0f}", f"Waiting list, {last['month']}"),
             (f"{last['share_within_18_weeks']:.1f}%", "Within 18 weeks (standard 92%)"),
             (f"{last['over_52_weeks']:,.0f}", "Waiting 52 weeks or more"),
             (f"{end['share_within_18_weeks']:.1f}%", f"Within 18 weeks, {end['month']} "
              "(projected)")]
    shown = ["month", "waiting_list", "share_within_18_weeks", "over_52_weeks",
             "p92_wait_weeks"]
    answers = w.answers.assign(value=w.answers["value"].map(lambda v: f"{v:,.1f}")).rename(
        columns={"question": "Question", "value": "Answer", "unit": "Unit",
                 "status": "Status", "basis": "Basis"})
    option = w.bridge_option.assign(value_gbp=w.bridge_option["value_gbp"] / 1e6).rename(
        columns={"step": "Step", "value_gbp": "£m a year", "basis": "Basis",
                 "in_bridge": "In the bridge"})
    odds = w.odds.assign(seed=w.odds["seed"].astype(str)).rename(
        columns={"measure": "Measure", "month": "Month", "probability_met": "Probability met",
                 "p10": "10th percentile", "p50": "Median", "p90": "90th percentile",
                 "draws": "Draws", "seed": "Seed"})
    parts = [
        cards_html(cards),
        chart_html(figure, charts.share_within_18_weeks(w.actuals, w.projection),
                   "Share of the waiting list within 18 weeks, actual and projected under "
                   "the plan, against the 92% standard",
                   w.projection[shown], MEASURE_FORMATS),
        chart_html(figure, charts.long_waits(w.actuals, w.projection),
                   "Pathways waiting 52, 65 and 78 weeks or more, actual and projected",
                   w.projection[["month", "over_52_weeks", "over_65_weeks",
                                 "over_78_weeks"]], MEASURE_FORMATS),
        table_html(answers, "The planner's questions"),
        table_html(option, "The cost of extra capacity: an option beside the bridge, not in "
                   "it (£m a year)", {"£m a year": ",.1f"}),
        table_html(odds, "Odds of meeting the standard (Monte Carlo over referral growth "
                   "and capacity)", {"Probability met": ".0%", "10th percentile": ",.1f",
                                     "Median": ",.1f", "90th percentile": ",.1f",
                                     "Draws": ",d"})]
    return render("sections/waiting_list.html", parts=[trusted(p) for p in parts],
                  assumptions=list(w.assumptions))


SECTIONS = [Section("Waiting lists: referral to treatment", waiting_list)]
