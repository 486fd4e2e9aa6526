"""The waiting list joined to the plan: referrals follow the demand model, capacity the
planned elective activity, the cost of extra capacity is an option beside the bridge, and
a Monte Carlo gives the odds of meeting the standard.

    referrals[month] = referrals at the last actual month x (growth of the plan's planned
                       outpatient activity since that month's financial year)
    capacity[month]  = clock stops a month over the last 12 actual months x (growth of the
                       plan's planned elective + daycase activity, likewise)

Annual growth is spread evenly over the months of each financial year (compounded).  The
plan's planned activity is momentum after the initiatives, so the initiatives' effect on
outpatient and elective demand reaches the waiting list.  Money: extra clock stops a month
x 12 x cost per clock stop, where a clock stop costs `admitted_share` x (the planned
elective and daycase unit costs weighted by activity) + (1 - `admitted_share`) x
`attendances_per_pathway` x the outpatient unit cost (both shares illustrative defaults,
not from the seeds).  The option is a table beside the bridge; it is never added to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.errors import InputError
from icsplan.waiting_list import measures
from icsplan.waiting_list.data import RttCounts
from icsplan.waiting_list.model import Params, Redistribution, calibrate, project
from icsplan.waiting_list.questions import (
    Answer,
    capacity_for_target,
    extra_for_zero_long_waits,
    steady_state_capacity,
)
from icsplan.waiting_list.result import WaitingListResult

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

REFERRAL_PODS = ("outpatient",)
CAPACITY_PODS = ("elective", "daycase")


class WaitingListError(InputError):
    """A waiting-list question that cannot be asked (a month outside the projection)."""

    title = "Cannot answer the waiting-list questions"


@dataclass(frozen=True)
class Settings:
    """What a waiting-list plan asks (dates as month starts, 'YYYY-MM')."""

    target_month: str | None = None  # 92% within 18 weeks by this month's end (default: the
    zero_52_month: str | None = None  # last projected month); no 52-week waits by this one
    horizon_month: str | None = None  # project to here (default: the plan's horizon March)
    calibration: str = "pooled"
    redistribution: Redistribution = "capped"
    referral_growth: float | None = None  # a year; None: from the plan's outpatient activity
    capacity_change: float = 0.0  # extra share of capacity on top of the plan's, e.g. 0.05
    admitted_share: float = 0.25  # illustrative
    attendances_per_pathway: float = 2.0  # illustrative
    draws: int = 2000
    seed: int = 2016
    referral_growth_sd: float = 0.02  # a year, illustrative
    capacity_sd: float = 0.03  # share of capacity, illustrative
    assumptions: tuple[str, ...] = field(default_factory=tuple)


def fy_label(month: pd.Timestamp) -> str:
    """The financial year of a month, e.g. 2016-07 -> '2016/17'."""
    start = month.year if month.month >= 4 else month.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def monthly_index(planned: pd.Series, months: pd.DatetimeIndex, base: pd.Timestamp
                  ) -> np.ndarray:
    """Index (1 at `base`) of planned activity by year spread over `months`: each financial
    year's growth compounds evenly over its twelve months; years past the plan keep its
    last growth."""
    years = list(planned.index)
    growth = {y: planned[y] / planned[years[i - 1]] for i, y in enumerate(years) if i > 0}
    last = growth[years[-1]] if growth else 1.0
    out = np.empty(len(months))
    level, current = 1.0, base
    for i, month in enumerate(months):
        while current < month:
            current = current + pd.offsets.MonthBegin(1)
            level *= growth.get(fy_label(current), last) ** (1 / 12)
        out[i] = level
    return out


def plan_paths(summary: pd.DataFrame, months: pd.DatetimeIndex, base: pd.Timestamp
               ) -> tuple[np.ndarray, np.ndarray]:
    """Referral and capacity indices by month from the plan's activity summary (pod, year,
    planned)."""
    by = summary.groupby(["pod", "year"])["planned"].sum()
    refs = by.loc[list(REFERRAL_PODS)].groupby(level="year").sum()
    cap = by.loc[list(CAPACITY_PODS)].groupby(level="year").sum()
    return monthly_index(refs, months, base), monthly_index(cap, months, base)


def cost_per_clock_stop(unit_costs: pd.DataFrame, summary: pd.DataFrame, year: str,
                        settings: Settings) -> float:
    """Pounds per clock stop from the scenario's unit costs (see the module docstring)."""
    cost = unit_costs.set_index("pod")["cost_gbp"]
    act = summary[summary["year"] == year].set_index("pod")["planned"]
    pods = [p for p in CAPACITY_PODS if p in act.index]
    admitted = float((cost[pods] * act[pods]).sum() / act[pods].sum())
    return (settings.admitted_share * admitted + (1 - settings.admitted_share)
            * settings.attendances_per_pathway * float(cost["outpatient"]))


def measures_frame(months: pd.DatetimeIndex, stocks: np.ndarray) -> pd.DataFrame:
    """The planner's measures by month from stocks [T, K+1] (one series)."""
    out = pd.DataFrame({"month": months.strftime("%Y-%m")})
    for name, values in measures.summary(stocks).items():
        out[name] = values
    out["share_within_18_weeks"] = 100 * out["share_within_18_weeks"]
    return out


def _month_index(months: pd.DatetimeIndex, text: str, what: str) -> int:
    try:
        stamp = pd.Timestamp(text + "-01" if len(text) == 7 else text).to_period(
            "M").to_timestamp()
    except ValueError:
        raise WaitingListError(f"{what} '{text}' is not a month (expected YYYY-MM)") from None
    if stamp not in months:
        raise WaitingListError(f"{what} {text} is outside the projection "
                               f"({months[0]:%Y-%m} to {months[-1]:%Y-%m})")
    return int(months.get_loc(stamp))


def _answer_row(question: str, answer: Answer, unit: str, basis: str) -> dict:
    status = answer.status if answer.monotone else (
        f"{answer.status} (the measure is not monotone over the search range: the first "
        "crossing)")
    return {"question": question, "value": round(answer.value, 1), "unit": unit,
            "status": status, "basis": basis}


def plan_waiting_list(counts: RttCounts, summary: pd.DataFrame, unit_costs: pd.DataFrame,
                      bridge_gap_gbp: float, horizon: str, settings: Settings,
                      spc_points: bool = True) -> WaitingListResult:
    """Answer the planner's questions for the counts' system total under the plan."""
    total = counts.total()
    params = calibrate(total.referrals, total.completes, total.incompletes,
                       settings.calibration)
    last = counts.periods[-1]
    end = pd.Timestamp(settings.horizon_month + "-01") if settings.horizon_month else \
        pd.Timestamp(f"{int(horizon[:4]) + 1}-03-01")
    months = pd.date_range(last + pd.offsets.MonthBegin(1), end, freq="MS")
    ref_index, cap_index = plan_paths(summary, months, last)
    if settings.referral_growth is not None:
        ref_index = (1 + settings.referral_growth) ** (np.arange(1, len(months) + 1) / 12)
    ref0 = float(total.referrals[0, -1])
    cap0 = float(total.completes[0, -12:].sum(-1).mean())
    referrals = ref0 * ref_index
    capacity = cap0 * cap_index * (1 + settings.capacity_change)
    stock = total.incompletes[0, -1]
    proj = project(stock[None], referrals[None], capacity[None], params,
                   settings.redistribution)
    projection = measures_frame(months, proj.incompletes[0])
    projection.insert(1, "referrals", referrals)
    projection.insert(2, "capacity", capacity)
    projection["unused_capacity"] = proj.unused_capacity[0]

    target = _month_index(months, settings.target_month or f"{end:%Y-%m}", "The target month")
    zero = _month_index(months, settings.zero_52_month or f"{end:%Y-%m}",
                        "The zero 52-week month")
    for_target = capacity_for_target(stock, referrals, capacity, params, target,
                                     redistribution=settings.redistribution)
    for_zero = extra_for_zero_long_waits(stock, referrals, capacity, params, zero,
                                         redistribution=settings.redistribution)
    steady = steady_state_capacity(float(referrals[target]), params,
                                   redistribution=settings.redistribution)
    tmonth, zmonth = months[target], months[zero]
    answers = pd.DataFrame([
        _answer_row("Extra clock stops a month (flat, from the first projected month) for 92% "
                    f"within 18 weeks by {tmonth:%B %Y}", for_target, "clock stops a month",
                    f"on top of the planned capacity ({capacity[target]:,.0f} in {tmonth:%b %Y})"),
        _answer_row(f"Capacity needed in {tmonth:%B %Y} for 92% within 18 weeks",
                    Answer(capacity[target] + for_target.value, for_target.status, 0, 0, 0,
                           for_target.monotone), "clock stops a month",
                    "planned capacity + the extra above"),
        _answer_row("Steady state: constant clock stops a month that hold 92% within 18 weeks",
                    steady, "clock stops a month",
                    f"referrals constant at {referrals[target]:,.0f} a month "
                    f"({tmonth:%b %Y})"),
        _answer_row(f"Extra clock stops a month for the longest waiters for zero 52-week "
                    f"waits by {zmonth:%B %Y}", for_zero, "clock stops a month",
                    "targeted at the longest waiters first, from the first projected month"),
    ])
    per_stop = cost_per_clock_stop(unit_costs, summary, horizon, settings)
    option = []
    for label, ans in (("Extra RTT capacity for 92% (option)", for_target),
                       ("Long-wait clearance for zero 52-week waits (option)", for_zero)):
        extra = max(ans.value, 0.0) if ans.status != "not reachable" else float("nan")
        option.append({"step": label, "value_gbp": 0.0 - extra * 12 * per_stop,
                       "basis": f"{extra:,.1f} clock stops a month x 12 x £{per_stop:,.0f} "
                                "a clock stop (a year)", "in_bridge": "no: an option"})
    bridge_option = pd.DataFrame([
        {"step": f"Bridge gap at {horizon} (the plan)", "value_gbp": bridge_gap_gbp,
         "basis": "bridge.csv, last step", "in_bridge": "yes"},
        *option,
        {"step": "Gap if both options are taken", "value_gbp":
         bridge_gap_gbp + np.nansum([o["value_gbp"] for o in option]),
         "basis": "gap + options", "in_bridge": "no: an option"}])
    odds = monte_carlo(stock, referrals, capacity, params, months, [target, zero], settings)
    actuals = measures_frame(total.periods, total.incompletes[0])
    actuals.insert(1, "referrals", total.referrals[0])
    actuals.insert(2, "clock_stops", total.completes[0].sum(-1))
    assumptions = (
        f"Calibration '{settings.calibration}', surplus treatment '{settings.redistribution}'",
        f"Referrals from {ref0:,.0f} in {last:%b %Y}, growing as the plan's planned "
        "outpatient activity" if settings.referral_growth is None else
        f"Referrals growing {100 * settings.referral_growth:.1f}% a year",
        f"Capacity from {cap0:,.0f} clock stops a month (mean of the last 12 months), growing "
        f"as the plan's planned elective and daycase activity, x {1 + settings.capacity_change:g}",
        f"Cost of a clock stop £{per_stop:,.0f}: {settings.admitted_share:.0%} admitted at the "
        f"planned elective/daycase unit cost, the rest {settings.attendances_per_pathway:g} "
        "outpatient attendances (illustrative)",
        *settings.assumptions)
    return WaitingListResult(
        actuals=actuals, parameters=pd.DataFrame({
            "months_waited": np.arange(params.renege.shape[1]),
            "renege_param": params.renege[0], "capacity_param": params.capacity[0]}),
        projection=projection, answers=answers, bridge_option=bridge_option, odds=odds,
        spc=rtt_spc(actuals) if spc_points and len(actuals) >= 2 else None,
        assumptions=assumptions)


def attach_waiting_list(plan: Plan, counts: RttCounts, settings: Settings | None = None
                        ) -> Plan:
    """The plan with its waiting list answered (targets at the plan's last March unless
    `settings` say otherwise)."""
    from dataclasses import replace

    result = plan_waiting_list(counts, plan.activity.summary, plan.scenario.unit_costs,
                               float(plan.finance.bridge["cumulative_gbp"].iloc[-1]),
                               plan.projection.horizon, settings or Settings())
    return replace(plan, waiting_list=result)


def monte_carlo(stock: np.ndarray, referrals: np.ndarray, capacity: np.ndarray,
                params: Params, months: pd.DatetimeIndex, at: list[int],
                settings: Settings) -> pd.DataFrame:
    """Odds of 92% within 18 weeks and of zero 52-week waits at the months `at`, over draws
    of annual referral growth (normal, sd a year) and capacity (lognormal multiplier), all
    draws one vectorised projection from one seed."""
    rng = np.random.default_rng(settings.seed)
    n = settings.draws
    t = np.arange(1, len(months) + 1) / 12
    growth = rng.normal(0.0, settings.referral_growth_sd, n)
    mult = rng.lognormal(0.0, settings.capacity_sd, n)
    refs = referrals[None] * (1 + growth[:, None]) ** t[None]
    caps = capacity[None] * mult[:, None]
    rep = Params(np.repeat(params.renege, n, 0), np.repeat(params.capacity, n, 0),
                 params.method)
    proj = project(np.repeat(stock[None], n, 0), refs, caps, rep, settings.redistribution)
    rows = []
    for i in sorted(set(at)):
        s = proj.incompletes[:, i]
        share = 100 * np.nan_to_num(measures.share_within(s), nan=1.0)
        over = measures.over_weeks(s, 52)
        for name, values, met in (("share_within_18_weeks", share, share >= 92.0),
                                  ("over_52_weeks", over, over < 0.5)):
            p10, p50, p90 = np.percentile(values, [10, 50, 90])
            rows.append({"measure": name, "month": f"{months[i]:%Y-%m}",
                         "probability_met": float(met.mean()), "p10": p10, "p50": p50,
                         "p90": p90, "draws": n, "seed": settings.seed})
    return pd.DataFrame(rows)


def rtt_spc(actuals: pd.DataFrame) -> pd.DataFrame:
    """The actual share within 18 weeks (target 92%) and the number over 52 weeks (target 0)
    as Making Data Count charts, with the project's own SPC engine."""
    from icsplan.delivery.spc import spc

    frame = pd.concat([
        pd.DataFrame({"measure": "share_within_18_weeks", "x": actuals["month"],
                      "y": actuals["share_within_18_weeks"]}),
        pd.DataFrame({"measure": "over_52_weeks", "x": actuals["month"],
                      "y": actuals["over_52_weeks"]})], ignore_index=True)
    frame["x"] = pd.to_datetime(frame["x"] + "-01")
    points = spc(frame, facet="measure",
                 improvement_direction={"share_within_18_weeks": "increase",
                                        "over_52_weeks": "decrease"},
                 target={"share_within_18_weeks": 92.0, "over_52_weeks": 0.0})
    return points.assign(x=points["x"].dt.strftime("%Y-%m-%d"))
