"""Waiting lists: the referral-to-treatment list under the plan and under two levers,
referral growth and extra capacity (clock stops a month), side by side by month: the list,
the share within 18 weeks, the waits of 52 weeks or more and the 92nd-percentile wait, with
the capacity the 92% standard needs.

The model is `icsplan.waiting_list`, joined to the plan as `icsplan waiting-list plan
--seeds` joins it (`plan_link.plan_waiting_list`: referrals follow the plan's outpatient
activity, capacity its elective and daycase activity) on the RTT system derived from seeds
002 and 004, which describes Mid and South Essex (mse-2016) only.  Each set of levers is
computed once and cached; a bad lever is one plain problem beside it and the results are
left as they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from dash import Input, Output, dcc, html

from icsplan.app.layout import cards, graph, page, section, table
from icsplan.headline import Figure
from icsplan.report.charts import waiting_list as charts

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.waiting_list.data import RttCounts
    from icsplan.waiting_list.result import WaitingListResult

PATH, NAME, TITLE = "/waiting-list", "waiting_list", "Waiting lists"
SEEDED = ("mse-2016",)  # the plans the seeds' RTT system describes
TARGET_MONTH, ZERO_52_MONTH = "2018-03", "2020-03"  # as `icsplan waiting-list plan`
DRAWS = 500  # draws behind the odds on this page (seed 2016)
MAX_GROWTH = 50.0  # % a year either way
MEASURES = [("waiting_list", "Waiting list (pathways)", ""),
            ("share_within_18_weeks", "Waiting list within 18 weeks (%)", "%"),
            ("over_52_weeks", "Waiting 52 weeks or more (pathways)", ""),
            ("p92_wait_weeks", "92nd-percentile wait (weeks)", " weeks")]


@dataclass(frozen=True)
class Levers:
    """The page's levers: referral growth (a year, None: the plan's) and extra clock stops a
    month on top of the plan's capacity."""

    referral_growth: float | None = None
    extra_clock_stops: float = 0.0


def seeded(ctx: AppContext) -> bool:
    """True when the seeds' RTT system describes the app's plan."""
    return ctx.scenario.name in SEEDED and ctx.scenario.has_demand_model


def lever_problems(growth_pct: object, extra: object, start_capacity: float
                   ) -> dict[str, str]:
    """One plain problem per bad lever, keyed 'growth' or 'extra' (empty when both are
    good); a blank referral growth means the plan's."""
    problems = {}
    if growth_pct not in (None, ""):
        if not _number(growth_pct):
            problems["growth"] = (f"Referral growth must be a number of % a year, not "
                                  f"'{growth_pct}'.")
        elif abs(float(growth_pct)) > MAX_GROWTH:
            problems["growth"] = (f"Referral growth must be between -{MAX_GROWTH:g}% and "
                                  f"+{MAX_GROWTH:g}% a year; {float(growth_pct):g}% is not.")
    if extra in (None, ""):
        problems["extra"] = "Give the extra clock stops a month (0 for none)."
    elif not _number(extra):
        problems["extra"] = (f"Extra capacity must be a number of clock stops a month, not "
                             f"'{extra}'.")
    elif float(extra) <= -start_capacity:
        problems["extra"] = (f"Extra capacity of {float(extra):,.0f} clock stops a month would "
                             f"remove all {start_capacity:,.0f}; give more than "
                             f"-{start_capacity:,.0f}.")
    return problems


def _number(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


@lru_cache(maxsize=1)
def seeded_counts() -> RttCounts:
    """The seeds' RTT system (built once: it never changes)."""
    from icsplan.waiting_list.seeds import seeded_system

    return seeded_system()


def start_capacity() -> float:
    """Clock stops a month at the start of the projection (mean of the last 12 months), as
    `plan_link.plan_waiting_list` takes it."""
    total = seeded_counts().total()
    return float(total.completes[0, -12:].sum(-1).mean())


def waiting_list_for(ctx: AppContext, levers: Levers = Levers()) -> WaitingListResult:  # noqa: B008 (a frozen value)
    """The waiting list under the plan with `levers` (cached per levers)."""
    plan = ctx.base_plan

    def build(p):
        from icsplan.waiting_list.plan_link import Settings, plan_waiting_list
        from icsplan.waiting_list.seeds import SOURCES

        counts = seeded_counts()
        settings = Settings(target_month=TARGET_MONTH, zero_52_month=ZERO_52_MONTH,
                            referral_growth=levers.referral_growth,
                            capacity_change=levers.extra_clock_stops / start_capacity(),
                            draws=DRAWS, assumptions=SOURCES)
        return plan_waiting_list(counts, p.activity.summary, p.scenario.unit_costs,
                                 float(p.finance.bridge["cumulative_gbp"].iloc[-1]),
                                 p.projection.horizon, settings, spc_points=False)

    return ctx.cache.derived(plan, f"waiting-list:{levers}", build)


def side_by_side(plan: WaitingListResult, levers: WaitingListResult):
    """The four measures by month under the plan and with the levers."""
    cols = [m for m, _, _ in MEASURES]
    both = plan.projection[["month", *cols]].merge(
        levers.projection[["month", *cols]], on="month", suffixes=("_plan", "_levers"))
    return both[["month", *(f"{c}_{s}" for c in cols for s in ("plan", "levers"))]]


def answers_side_by_side(plan: WaitingListResult, levers: WaitingListResult):
    """The planner's questions (capacity for the target among them): plan and levers."""
    a = plan.answers[["question", "value", "unit"]].rename(columns={"value": "the_plan"})
    a["with_the_levers"] = levers.answers["value"].to_numpy()
    return a[["question", "the_plan", "with_the_levers", "unit"]]


def _end_figures(result: WaitingListResult) -> list[Figure]:
    end = result.projection.iloc[-1]
    month = end["month"]
    return [Figure("wl-list", f"waiting list, {month} (with the levers)",
                   float(end["waiting_list"]), "count"),
            Figure("wl-share", f"within 18 weeks, {month} (standard 92%)", _share(end),
                   "text"),
            Figure("wl-52", f"waiting 52 weeks or more, {month}", float(end["over_52_weeks"]),
                   "count"),
            Figure("wl-p92", f"92nd-percentile wait, {month}", _weeks(end), "text")]


def _share(row) -> str:
    """The share within 18 weeks as a planner reads it (an empty list has no share)."""
    value = row["share_within_18_weeks"]
    return "no one waiting" if value != value else f"{value:.1f}%"


def _weeks(row) -> str:
    value = row["p92_wait_weeks"]
    return "none (no one waiting)" if value != value else f"{value:.1f} weeks"


def results(ctx: AppContext, levers: Levers) -> list:
    """Cards, the four measures by month beside the plan, the questions, the odds."""
    plan, mine = waiting_list_for(ctx), waiting_list_for(ctx, levers)
    end_plan, end_mine = plan.projection.iloc[-1], mine.projection.iloc[-1]
    lines = [html.P(
        f"By {end_mine['month']}, with the levers: {end_mine['waiting_list']:,.0f} waiting "
        f"(the plan {end_plan['waiting_list']:,.0f}), {_share(end_mine)} within 18 weeks "
        f"(the plan {_share(end_plan)}), {end_mine['over_52_weeks']:,.0f} waiting 52 weeks "
        f"or more (the plan {end_plan['over_52_weeks']:,.0f}), a 92nd-percentile wait of "
        f"{_weeks(end_mine)} (the plan {_weeks(end_plan)}).", id="wl-story")]
    charts_ = [graph(charts.plan_and_levers(plan.actuals, plan.projection, mine.projection,
                                            column, title, unit), f"wl-chart-{column}")
               for column, title, unit in MEASURES]
    fmt = {c: ",.0f" for c in side_by_side(plan, mine).columns if c != "month"}
    fmt.update({c: ".1f" for c in fmt if c.startswith(("share", "p92"))})
    return [
        section("Results beside the plan", *lines, cards(_end_figures(mine)), *charts_),
        section("Capacity for the standard", table(
            answers_side_by_side(plan, mine), "The planner's questions: the plan and with the "
            "levers", {"the_plan": ",.1f", "with_the_levers": ",.1f"},
            labels={"the_plan": "The plan", "with_the_levers": "With the levers"},
            table_id="wl-answers"),
            table(mine.odds[["measure", "month", "probability_met", "p10", "p50", "p90"]]
                  .assign(measure=lambda d: d["measure"].map(
                      {"share_within_18_weeks": "within 18 weeks (%)",
                       "over_52_weeks": "waiting 52 weeks or more"})),
                  f"Odds of meeting the standard with the levers ({DRAWS:,} draws over "
                  "referral growth and capacity)",
                  {"probability_met": ".0%", "p10": ",.1f", "p50": ",.1f", "p90": ",.1f"},
                  labels={"probability_met": "probability met", "p10": "10th percentile",
                          "p50": "median", "p90": "90th percentile"})),
        section("By month", html.Details([html.Summary("Every month, the plan and with the "
                                                       "levers (table)"),
                                          table(side_by_side(plan, mine),
                                                "Waiting list by month", fmt,
                                                labels=_month_labels())])),
        section("Assumptions", html.Ul([html.Li(in_words(a)) for a in mine.assumptions])),
    ]


def in_words(text: str) -> str:
    """A model's sentence with its pod codes as the label map names them ('planned
    outpatient activity' -> 'planned Outpatient appointments')."""
    import re

    from icsplan.report.style import pod_label

    text = re.sub(r"(planned )?(outpatient|elective|daycase)( and (daycase))?"
                  r"(/daycase)?( activity| attendances)?",
                  lambda m: (m.group(1) or "") + " and ".join(
                      pod_label(p) for p in (m.group(2), m.group(4) or (
                          "daycase" if m.group(5) else None)) if p), text)
    return text


def _month_labels() -> dict[str, str]:
    out = {"month": "Month"}
    for column, title, _ in MEASURES:
        out[f"{column}_plan"] = f"{title}: the plan"
        out[f"{column}_levers"] = f"{title}: with the levers"
    return out


def _lever(ident: str, label: str, value: object, hint: str) -> html.Div:
    return html.Div(className="lever", children=[
        html.Label([label, html.Br(),
                    dcc.Input(id=ident, type="number", value=value, debounce=True),
                    html.Span(f" {hint}", className="note")]),
        html.Div(id=f"{ident}-problem", className="problem", role="alert")])


def layout(ctx: AppContext) -> html.Div:
    """The levers beside the results; an explanation for a plan the seeds do not describe."""
    if not seeded(ctx):
        return page("Waiting lists", section("No waiting-list data for this plan", html.P(
            "The app's waiting list is the RTT system derived from seeds 002 and 004, which "
            "describes mse-2016; for another plan run `icsplan waiting-list plan SCENARIO "
            "--rtt FILE`.")))
    return page("Waiting lists", html.Div(className="columns", children=[
        html.Div(section("Levers",
                html.P(in_words(
                    "Blank referral growth follows the plan's outpatient activity; extra "
                    "clock stops are added to the plan's capacity "
                    f"({start_capacity():,.0f} a month at the start, growing with the "
                    "plan's elective and daycase activity)."), className="note"),
                _lever("wl-growth", "Referral growth", None, "% a year (blank: the plan's)"),
                _lever("wl-extra", "Extra capacity", 0, "clock stops a month")),
                 style={"minWidth": 0}),  # grid items may shrink below their charts' width
        html.Div(results(ctx, Levers()), id="wl-results", style={"minWidth": 0})]))


def register(app, ctx: AppContext) -> None:
    """Recompute on a lever change; a bad lever is a problem beside it, results unchanged."""
    if not seeded(ctx):
        return
    from dash import no_update

    @app.callback(Output("wl-results", "children"), Output("wl-growth-problem", "children"),
                  Output("wl-extra-problem", "children"),
                  Input("wl-growth", "value"), Input("wl-extra", "value"),
                  prevent_initial_call=True)
    def recompute(growth, extra):
        problems = lever_problems(growth, extra, start_capacity())
        if problems:
            return no_update, problems.get("growth", ""), problems.get("extra", "")
        levers = Levers(None if growth in (None, "") else float(growth) / 100.0,
                        float(extra))
        return results(ctx, levers), "", ""
