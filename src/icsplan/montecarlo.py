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
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.finance.bridge import closing_gap
from icsplan.finance.draws import MoneyDraws, money_draws, payback_probability
from icsplan.finance.result import Finance
from icsplan.model.demand import Projection
from icsplan.model.draws import simulate, slice_basis
from icsplan.model.uncertainty import QUANTILES, draw_parameters, summarise

if TYPE_CHECKING:
    from collections.abc import Callable

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


# noqa below: the run's own settings, each a keyword the CLI and the app pass by name.
def monte_carlo(scenario, projection: Projection, finance: Finance, draws: int, seed: int,  # noqa: PLR0913
                levels: tuple[str, ...] = ("pod",), poisson: bool = False,
                workers: int | None = None, progress: Callable[[int, int], None] | None = None,
                ) -> Uncertainty:
    """Draw the plan `draws` times from `seed` and summarise activity at `levels` (any of
    "pod", "ccg", "locality") and the money; `finance` is the principal run's (its
    investment level applies to every draw).  `workers` threads draw blocks of draws at
    once (None: one per core; the results do not depend on it).  `progress(done, total)`
    counts blocks of draws over every level (an exception it raises stops the run between
    blocks)."""
    params = draw_parameters(scenario, scenario.tables.get("intervals"), draws, seed)
    frames = []
    money = None
    for k, level in enumerate(levels):
        basis = slice_basis(scenario, projection, LEVELS[level], params.pods)
        sim = simulate(basis, params, poisson=poisson, workers=workers,
                       progress=_level_progress(progress, k, len(levels)))
        frames.append(_activity_frame(level, basis, sim, workers))
        if money is None:
            money = money_draws(scenario, sim, finance.investment_level)
    money_frame = _finance_frame(finance, money)
    gap = money_frame[money_frame["metric"] == "bridge_gap_gbp"]["probability"]
    log.info("monte carlo: %d draws (seed %d) at %s", draws, seed, ", ".join(levels))
    return Uncertainty(draws=draws, seed=seed, poisson=poisson,
                       activity=pd.concat(frames, ignore_index=True)[ACTIVITY_COLUMNS],
                       finance=money_frame, gap_closes=float(gap.iloc[0]) if len(gap) else None)


def _level_progress(progress: Callable[[int, int], None] | None, level: int, levels: int):
    """A level's block counts as counts over all levels (None without `progress`)."""
    if progress is None:
        return None
    return lambda done, total: progress(level * total + done, levels * total)


def _activity_frame(level: str, basis, sim, workers: int | None = None) -> pd.DataFrame:
    """One row per slice, year and measure (measure, then year, then slice, before the
    sort), with the principal run and the summary of the draws; made column by column."""
    slices, years = len(basis.slices), len(basis.years)
    measures = (("momentum", sim.momentum, basis.principal_momentum),
                ("planned", sim.planned, basis.principal_planned))
    stats = [summarise(values, workers) for _, values, _ in measures]
    out = basis.slices.iloc[np.tile(np.arange(slices), 2 * years)].reset_index(drop=True)
    out["year"] = np.tile(np.repeat(np.array(basis.years, dtype=object), slices), 2)
    out["measure"] = np.repeat(np.array([m for m, _, _ in measures], dtype=object),
                               years * slices)
    # (slices, years) arrays read year by year, as rows are ordered
    out["principal"] = np.concatenate([principal.T.ravel() for _, _, principal in measures])
    for name in stats[0]:
        out[name] = np.concatenate([stat[name].T.ravel() for stat in stats])
    for col in ("ccg", "locality", "pod"):
        if col not in out:
            out[col] = ""
    out["level"] = level
    return out.sort_values(["ccg", "locality", "pod", "measure", "year"],
                           kind="stable").reset_index(drop=True)


def _finance_frame(finance: Finance, money: MoneyDraws) -> pd.DataFrame:
    cash = finance.cash_flow
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
        add("bridge_gap_gbp", money.years[-1], closing_gap(finance.bridge), money.gap)
    principal_payback = finance.payback_year
    paid = payback_probability(money)
    for k, year in enumerate(money.years):
        done = principal_payback is not None and money.years.index(principal_payback) <= k
        indicator = ((money.payback >= 0) & (money.payback <= k)).astype(float)
        row = {"metric": "paid_back", "year": year, "principal": float(done),
               **{k2: float(v) for k2, v in summarise(indicator).items()},
               "probability": float(paid[year])}
        rows.append(row)
    return pd.DataFrame(rows, columns=FINANCE_COLUMNS)
