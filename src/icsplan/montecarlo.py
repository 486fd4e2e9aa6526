"""One Monte Carlo run of the plan: activity and money draws summarised for planners.

`monte_carlo(scenario, projection, draws, seed)` draws every uncertain input up front
(`model.uncertainty`), computes each slice's activity per draw exactly (`model.draws`) and the
money that follows (`finance.draws`), and returns two tidy tables: activity by slice x year and
money (net savings by year, cumulative net, bridge gap, payback), each with the principal run
(the deterministic result, unchanged), the mean and the 5th/10th/50th/90th/95th percentiles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from icsplan.finance.bridge import bridge, closing_gap
from icsplan.finance.draws import MoneyDraws, money_draws, payback_probability
from icsplan.finance.initiatives import at_horizon, initiative_economics
from icsplan.finance.phasing import cash_flow, investment_schedule, payback_year
from icsplan.model.demand import Projection
from icsplan.model.draws import simulate, slice_basis
from icsplan.model.uncertainty import QUANTILES, draw_parameters, summarise

log = logging.getLogger(__name__)
STAT_COLUMNS = ["principal", "mean", *[f"p{q}" for q in QUANTILES]]
ACTIVITY_COLUMNS = ["level", "ccg", "locality", "pod", "year", "measure", *STAT_COLUMNS]
FINANCE_COLUMNS = ["metric", "year", *STAT_COLUMNS, "probability"]
LEVELS = {"pod": ("pod",), "ccg": ("ccg", "pod"), "locality": ("ccg", "locality", "pod")}


@dataclass(frozen=True)
class Uncertainty:
    """A Monte Carlo run: its settings and its two summary tables."""

    draws: int
    seed: int
    poisson: bool
    activity: pd.DataFrame
    finance: pd.DataFrame
    gap_closes: float | None


def monte_carlo(scenario, projection: Projection, draws: int, seed: int,
                levels: tuple[str, ...] = ("pod",), poisson: bool = False,
                processes: int = 1, investment_level: float = 1.0) -> Uncertainty:
    """Draw the plan `draws` times from `seed` and summarise activity at `levels` (any of
    "pod", "ccg", "locality") and the money."""
    params = draw_parameters(scenario, scenario.tables.get("intervals"), draws, seed)
    frames = []
    money = None
    for level in levels:
        basis = slice_basis(scenario, projection, LEVELS[level], params.pods)
        sim = simulate(basis, params, poisson=poisson, processes=processes)
        frames.append(_activity_frame(level, basis, sim))
        if money is None:
            money = money_draws(scenario, sim, investment_level)
    finance = _finance_frame(scenario, projection, money, investment_level)
    gap = finance[finance["metric"] == "bridge_gap_gbp"]["probability"]
    log.info("monte carlo: %d draws (seed %d) at %s", draws, seed, ", ".join(levels))
    return Uncertainty(draws=draws, seed=seed, poisson=poisson,
                       activity=pd.concat(frames, ignore_index=True)[ACTIVITY_COLUMNS],
                       finance=finance, gap_closes=float(gap.iloc[0]) if len(gap) else None)


def _activity_frame(level: str, basis, sim) -> pd.DataFrame:
    frames = []
    for measure, values, principal in (("momentum", sim.momentum, basis.principal_momentum),
                                       ("planned", sim.planned, basis.principal_planned)):
        stats = summarise(values)
        for k, year in enumerate(basis.years):
            frame = basis.slices.copy()
            frame["year"] = year
            frame["measure"] = measure
            frame["principal"] = principal[:, k]
            for name, arr in stats.items():
                frame[name] = arr[:, k]
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    for col in ("ccg", "locality", "pod"):
        if col not in out:
            out[col] = ""
    out["level"] = level
    return out.sort_values(["ccg", "locality", "pod", "measure", "year"],
                           kind="stable").reset_index(drop=True)


def _finance_frame(scenario, projection: Projection, money: MoneyDraws,
                   investment_level: float) -> pd.DataFrame:
    econ = initiative_economics(scenario, projection, investment_level)
    cash = cash_flow(econ, investment_schedule(scenario, investment_level), projection.years)
    rows = []

    def add(metric: str, year: str, principal: float, values: np.ndarray) -> None:
        stats = summarise(values)
        rows.append({"metric": metric, "year": year, "principal": principal,
                     **{k: float(v) for k, v in stats.items()},
                     "probability": float((values >= -1e-6).mean())})

    for k, year in enumerate(money.years):
        add("net_saving_gbp", year, float(cash["net_gbp"].iloc[k]), money.net[:, k])
        add("cumulative_net_gbp", year, float(cash["cumulative_net_gbp"].iloc[k]),
            money.cumulative[:, k])
    if money.gap is not None:
        steps = bridge(scenario.table("bridge"), at_horizon(econ)["net_gbp"].to_dict())
        add("bridge_gap_gbp", money.years[-1], closing_gap(steps), money.gap)
    principal_payback = payback_year(cash)
    paid = payback_probability(money)
    for k, year in enumerate(money.years):
        done = principal_payback is not None and money.years.index(principal_payback) <= k
        indicator = ((money.payback >= 0) & (money.payback <= k)).astype(float)
        row = {"metric": "paid_back", "year": year, "principal": float(done),
               **{k2: float(v) for k2, v in summarise(indicator).items()},
               "probability": float(paid[year])}
        rows.append(row)
    return pd.DataFrame(rows, columns=FINANCE_COLUMNS)
