"""The forecast outturn: the plan's remaining years re-projected from delivery to date.

Each initiative's effect on a pod with actuals is scaled, year by year, by an achievement
path a(y) (1 = as planned, 0 = nothing, negative = activity above momentum):

* years with actuals: the share achieved that year (`forecast.achieved`, system level);
* later years, with â the share of the last year with actuals (L):
    - `continues`  (continues as achieved):  a(y) = â
    - `recovers`   (recovers to plan by R):  a(y) = â + (1 - â) x min(1, (y - L) / (R - L))
    - `as_planned` (as planned from now):    a(y) = 1 - (1 - â) x phasing(L) / phasing(y)
      i.e. the shortfall to date stays and every further step of the phasing is delivered
      as planned: a(y) phasing(y) = â phasing(L) + (phasing(y) - phasing(L))

Effects on pods without actuals keep the plan (a = 1).  The scaled projection is

    removed'_i[y, c] = removed_i[y, c] x a_(i, pod(c))(y) x slip_i(y)
    planned'[y, c]   = momentum[y, c] - sum_i removed'_i[y, c]

(slip_i(y) = phasing_i(y - slip) / phasing_i(y) for the years after the last actuals, 1
before: the register's slipped milestones, `forecast.signals`), and the finance stage runs
on it unchanged (`finance.result.plan_finance`): activity saving, bridge gap, net saving and
payback follow from its formulas, not from copies of them.  Non-activity savings (e.g.
prescribing) are not measured by activity actuals and stay as planned, as does investment
(a slip delays savings, not spending).

**Uncertainty** (`forecast_draws`): the Monte Carlo of `model.draws` and `finance.draws`,
with the achieved share drawn from what the actuals support, not the planning intervals:

    â_d = â + k_i x s_pod x z_(d, pod)        z standard normal, one per pod and draw
    s_pod = sigma x sqrt(1/12 + 1/n)          sigma = the XmR process sigma (mean moving
                                              range / 1.128) of the last n (<= 12) monthly
                                              achieved shares at system level

i.e. the spread of a future year's mean of a stable process whose mean is estimated from n
months (SPC: the process limits are mean +- 3 sigma).  k_i is the register's widening
factor for an at-risk initiative (1 otherwise).  On pods with actuals the planning intervals
(growth and effect) are not drawn: the achieved share is measured against the central
momentum and carries both; delay intervals of initiatives with a measured effect are not
drawn either (slips come from the register).  Other pods keep their planning intervals.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from icsplan.delivery.spc import spc
from icsplan.finance.bridge import closing_gap
from icsplan.finance.draws import money_draws, payback_probability
from icsplan.finance.result import Finance, plan_finance
from icsplan.forecast.achieved import Achievement
from icsplan.forecast.mapping import SYSTEM
from icsplan.model.demand import Projection
from icsplan.model.draws import simulate, slice_basis
from icsplan.model.uncertainty import (
    delayed_phasing,
    draw_parameters,
    effect_refs,
    initiative_phasing,
    summarise,
)

ASSUMPTIONS = {"plan": "the plan",
               "continues": "continues as achieved",
               "recovers": "recovers to plan by {year}",
               "as_planned": "as planned from now"}
STATS = ["mean", "p5", "p10", "p50", "p90", "p95"]
COLUMNS = ["assumption", "label", "metric", "pod", "initiative", "year", "principal", *STATS,
           "probability"]
D2 = 1.128  # the XmR constant: sigma = mean moving range / d2


@dataclass(frozen=True)
class Outturn:
    """One assumption's deterministic outturn: its projection and finance."""

    assumption: str
    label: str
    projection: Projection
    finance: Finance
    paths: dict[tuple[str, str], np.ndarray]  # (initiative, pod) -> a(y)

    @property
    def gap(self) -> float:
        """The bridge's closing position at the horizon (pounds)."""
        return closing_gap(self.finance.bridge)


@dataclass(frozen=True)
class Evidence:
    """What the actuals say about each measured (initiative, pod): the observed shares by
    year, the last year with a share, and each pod's spread of the share."""

    observed: dict[tuple[str, str], dict[str, float]]
    last_year: dict[str, str]  # pod -> L
    spread: dict[str, float]  # pod -> s_pod
    months: dict[str, int]  # pod -> n months behind the spread

    @property
    def now(self) -> str | None:
        """The last year with actuals (of any measured pod), if any."""
        return max(self.last_year.values()) if self.last_year else None


def evidence(achieved: Achievement, org: str = SYSTEM) -> Evidence:
    """The observed shares and spreads at `org` (the system by default)."""
    rows = achieved.by_initiative[(achieved.by_initiative["org"] == org)
                                  & achieved.by_initiative["share_achieved"].notna()]
    observed: dict[tuple[str, str], dict[str, float]] = {}
    for r in rows.itertuples(index=False):
        observed.setdefault((r.initiative, r.pod), {})[r.year] = float(r.share_achieved)
    pods = achieved.by_pod[(achieved.by_pod["org"] == org)
                           & achieved.by_pod["share_achieved"].notna()]
    last_year = pods.groupby("pod")["year"].max().to_dict()
    spread, months = {}, {}
    for pod in last_year:
        s, n = share_spread(achieved.monthly, pod, org)
        spread[pod], months[pod] = s, n
    return Evidence(observed=observed, last_year=last_year, spread=spread, months=months)


def share_spread(monthly: pd.DataFrame, pod: str, org: str = SYSTEM) -> tuple[float, int]:
    """s_pod and n (see the module docstring) from the last 12 monthly shares of a pod."""
    pts = monthly[(monthly["pod"] == pod) & (monthly["org"] == org)
                  & monthly["share"].notna()].sort_values("period").tail(12)
    n = len(pts)
    if n < 2:
        return float("nan"), n
    spc_log = logging.getLogger("icsplan.delivery.spc")
    before = spc_log.level
    spc_log.setLevel(logging.ERROR)  # 12 monthly points are trial limits, as stated
    try:
        chart = spc(pts.assign(series="s"), "share", "period", ["series"])
    finally:
        spc_log.setLevel(before)
    amr = float(chart["upl"].iloc[0] - chart["mean_col"].iloc[0]) / 2.66  # mean moving range
    sigma = amr / D2
    return sigma * math.sqrt(1.0 / 12.0 + 1.0 / n), n


def paths(scenario, ev: Evidence, assumption: str, recover_by: str,
          alpha: dict[tuple[str, str], np.ndarray] | None = None) -> dict[tuple[str, str],
                                                                           np.ndarray]:
    """Achievement path a(y) per measured (initiative, pod), shape (draws, years) when
    `alpha` gives â per draw, else (1, years) with â as observed."""
    years = list(scenario.years)
    phasing = initiative_phasing(scenario)
    ids = [ini.id for ini in scenario.initiatives]
    out = {}
    for key, seen in ev.observed.items():
        pod = key[1]
        last = ev.last_year.get(pod)
        if last is None:
            continue
        hat = seen.get(last, 1.0)
        a_d = np.atleast_1d(alpha[key]) if alpha is not None else np.array([hat])
        arr = np.ones((len(a_d), len(years)))
        li = years.index(last)
        ri = years.index(recover_by) if recover_by in years else len(years) - 1
        for k, y in enumerate(years):
            if k <= li:
                arr[:, k] = seen.get(y, 1.0)
            elif assumption == "continues":
                arr[:, k] = a_d
            elif assumption == "recovers":
                frac = 1.0 if ri <= li else min(1.0, (k - li) / (ri - li))
                arr[:, k] = a_d + (1.0 - a_d) * frac
            elif assumption == "as_planned":
                phase = phasing[ids.index(key[0])]
                ratio = phase[li] / phase[k] if phase[k] > 0 else 0.0
                arr[:, k] = 1.0 - (1.0 - a_d) * ratio
        out[key] = arr
    return out


def slip_factors(scenario, slip: np.ndarray, now: str | None) -> np.ndarray:
    """Per initiative and year, the delayed phasing over the planned (initiatives, years):
    the register's slips move the phasing of the years after `now` (the last year with
    actuals; every year when None) `slip` years later; years with actuals already show
    any delay."""
    phase = initiative_phasing(scenario)
    late = delayed_phasing(phase, slip[None, :])[0]
    factor = np.where(phase > 0, late / np.where(phase > 0, phase, 1.0), 1.0)
    if now is not None and now in scenario.years:
        factor[:, : list(scenario.years).index(now) + 1] = 1.0
    return factor


def scaled_projection(scenario, projection: Projection,
                      path: dict[tuple[str, str], np.ndarray], factor: np.ndarray) -> Projection:
    """The projection with each initiative's removal scaled by its achievement path (by the
    pod of each cell) and by its slip factor (`slip_factors`; see the module docstring)."""
    years = len(projection.years)
    pods = projection.cells["pod"].astype(str).to_numpy()
    removed, shifted = {}, {}
    for i, ini in enumerate(scenario.initiatives):
        m = np.tile(factor[i][:, None], (1, len(pods)))
        for (ident, pod), arr in path.items():
            if ident == ini.id:
                m = m * np.where(pods[None, :] == pod, arr[0][:years, None], 1.0)
        removed[ini.id] = projection.removed[ini.id] * m
        shifted[ini.id] = projection.shifted_by[ini.id] * m
    planned = projection.momentum - sum(removed.values(), np.zeros_like(projection.momentum))
    return replace(projection, removed=removed, shifted_by=shifted, planned=planned)


def outturns(scenario, projection: Projection, plan_fin: Finance, ev: Evidence,
             slip: np.ndarray, recover_by: str) -> list[Outturn]:
    """The plan and its three re-projections, each with its finance."""
    out = [Outturn("plan", ASSUMPTIONS["plan"], projection, plan_fin, {})]
    factor = slip_factors(scenario, slip, ev.now)
    for name in ("continues", "recovers", "as_planned"):
        path = paths(scenario, ev, name, recover_by)
        proj = scaled_projection(scenario, projection, path, factor)
        fin = plan_finance(scenario, proj, plan_fin.investment_level)
        out.append(Outturn(name, ASSUMPTIONS[name].format(year=recover_by), proj, fin, path))
    return out


# The evidence and options of one Monte Carlo, passed through: hence the noqa below.
def forecast_draws(scenario, projection: Projection, level: float, ev: Evidence,  # noqa: PLR0913
                   slip: np.ndarray, widen: dict[str, float], recover_by: str, draws: int,
                   seed: int) -> dict[str, dict[str, np.ndarray | pd.Series | object]]:
    """Per assumption, the draws of pod activity (draws, pods, years), the money
    (`finance.draws.MoneyDraws`) and the pods' order (see the module docstring)."""
    measured = set(ev.last_year)
    refs = effect_refs(scenario)
    measured_inis = {r.initiative for r in refs if r.pod in measured}
    intervals = scenario.tables.get("intervals")
    if intervals is not None and len(intervals):
        keep = ~((intervals["kind"].isin(["growth", "effect"]) & intervals["pod"].isin(measured))
                 | ((intervals["kind"] == "delay")
                    & intervals["initiative"].isin(measured_inis)))
        intervals = intervals[keep]
    params = draw_parameters(scenario, intervals, draws, seed)
    factor = slip_factors(scenario, slip, ev.now)
    ids = [ini.id for ini in scenario.initiatives]
    basis = slice_basis(scenario, projection, ("pod",), params.pods)
    sim = simulate(basis, params)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 21])))
    pods = sorted(measured)
    z = rng.standard_normal((draws, len(pods))) if pods else np.zeros((draws, 0))
    alpha = {}
    for key, seen in ev.observed.items():
        pod = key[1]
        if pod not in ev.last_year:
            continue
        s = ev.spread.get(pod, float("nan"))
        s = 0.0 if s != s else s
        hat = seen.get(ev.last_year[pod], 1.0)
        alpha[key] = hat + widen.get(key[0], 1.0) * s * z[:, pods.index(pod)]
    slice_pod = basis.slices["pod"].astype(str).tolist()
    out = {}
    for name in ("continues", "recovers", "as_planned"):
        path = paths(scenario, ev, name, recover_by, alpha)
        scale = np.ones_like(sim.removed_by_effect)
        for k, ref in enumerate(refs):
            if (ref.initiative, ref.pod) in path:
                scale[:, k, :] = path[(ref.initiative, ref.pod)]
            scale[:, k, :] *= factor[ids.index(ref.initiative)][None, :]
        removed = sim.removed_by_effect * scale
        planned = sim.momentum.copy()
        for k, ref in enumerate(refs):
            planned[:, slice_pod.index(ref.pod), :] -= removed[:, k, :]
        act = replace(sim, removed_by_effect=removed, planned=planned)
        out[name] = {"activity": planned, "money": money_draws(scenario, act, level),
                     "pods": slice_pod}
    return out


# One block per measure of the tidy table: hence the noqa below.
def forecast_table(outs: list[Outturn], mc: dict | None, horizon: str) -> pd.DataFrame:  # noqa: C901
    """The forecast as one tidy table (COLUMNS): per assumption, system activity by pod and
    year, net saving and cumulative net by year, the bridge gap at the horizon, payback by
    year and the achievement paths; with draws, their mean, percentiles and the probability
    (share of draws at or above 0: for the gap, the odds it closes)."""
    rows = []
    for o in outs:
        d = (mc or {}).get(o.assumption)
        summ = o.projection.summary()

        def add(metric, year, principal, values=None, pod="", initiative="", prob=None,
                o=o):
            row = {"assumption": o.assumption, "label": o.label, "metric": metric,
                   "pod": pod, "initiative": initiative, "year": year,
                   "principal": float(principal)}
            if values is not None:
                stats = summarise(values)
                row.update({k: float(v) for k, v in stats.items()})
                row["probability"] = (float((values >= -1e-6).mean()) if prob is None
                                      else prob)
            rows.append(row)

        years = list(o.projection.years)
        for r in summ.itertuples(index=False):
            values = None
            if d is not None:
                values = d["activity"][:, d["pods"].index(r.pod), years.index(r.year)]
            add("activity", r.year, r.planned, values, pod=r.pod, prob=float("nan"))
        cash = o.finance.cash_flow
        money = d["money"] if d is not None else None
        for k, year in enumerate(years):
            add("net_saving_gbp", year, cash["net_gbp"].iloc[k],
                money.net[:, k] if money is not None else None)
            add("cumulative_net_gbp", year, cash["cumulative_net_gbp"].iloc[k],
                money.cumulative[:, k] if money is not None else None)
        add("bridge_gap_gbp", horizon, o.gap,
            money.gap if money is not None and money.gap is not None else None)
        pay = o.finance.payback_year
        paid = payback_probability(money) if money is not None else None
        for k, year in enumerate(years):
            done = pay is not None and years.index(pay) <= k
            ind = None
            if money is not None:
                ind = ((money.payback >= 0) & (money.payback <= k)).astype(float)
            add("paid_back", year, float(done), ind,
                prob=float(paid[year]) if paid is not None else None)
        for (ini, pod), arr in o.paths.items():
            for k, year in enumerate(years):
                add("share_achieved", year, arr[0][k], pod=pod, initiative=ini)
    frame = pd.DataFrame(rows)
    for col in COLUMNS:
        if col not in frame:
            frame[col] = np.nan
    return frame[COLUMNS]
