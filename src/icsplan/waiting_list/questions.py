"""The planner's questions, each answered by a root-finder on a monotone function.

* `capacity_for_target`: the flat extra capacity (clock stops a month, added to the planned
  capacity in every month from now) at which a measure reaches its target in a given month;
* `steady_state` / `steady_state_capacity`: the waiting list that constant referrals and
  capacity settle to, and the capacity at which that settled list holds the standard;
* `extra_for_zero_long_waits`: the extra clock stops a month, given to the longest waiters
  first (a long-wait programme), for no one waiting 52 weeks or more in a given month.

Each evaluates the model on a grid of candidate values at once (the candidates are
series of one vectorised projection), checks whether the measure moves one way over the grid
(recorded in the answer), brackets the first crossing from the lower end and finds it with
Brent's method (`scipy.optimize.brentq`, to 0.01 clock stops).  Counts over 52 weeks fall
monotonically with extra capacity; the share within 18 weeks need not at low capacity when
the calibrated capacity parameters favour patients near 18 weeks (more treatment then
drains the short-wait compartments first), so the searches start at the planned capacity
(extra 0) and, for the steady state, at half the referrals.  NHSRtt's `optimise_capacity`
instead bisects a multiplier of the capacity (as we read its documentation); the answer is
the same kind of quantity, found to a stated tolerance in fewer projections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from icsplan.waiting_list import measures
from icsplan.waiting_list.model import Params, Redistribution, project, step

GRID = 17
XTOL = 0.01  # clock stops a month


@dataclass(frozen=True)
class Answer:
    """A solved value and what it means: `status` is "solved", "already met" (the target
    holds at the lower end of the search) or "not reachable" (not even at the upper end);
    `monotone` says whether the measure moved one way over the whole search grid (if not,
    the answer is the first crossing from the lower end)."""

    value: float
    status: str
    lower: float
    upper: float
    evaluations: int
    monotone: bool = True


def solve(measure: Callable[[np.ndarray], np.ndarray], target: float, lower: float,
          upper: float, increasing: bool) -> Answer:
    """The smallest x in [lower, upper] at which `measure(x)` (vectorised over x) reaches
    `target` (>= when increasing, <= when decreasing)."""
    grid = np.linspace(lower, upper, GRID)
    values = measure(grid)
    sign = 1.0 if increasing else -1.0
    gap = sign * (values - target)
    steps = np.diff(sign * values)
    scale = max(float(np.nanmax(np.abs(values))), 1.0)
    monotone = not np.any(steps < -1e-9 * scale)
    if gap[0] >= 0:
        return Answer(lower, "already met", lower, upper, GRID, monotone)
    if not np.any(gap >= 0):
        return Answer(float("nan"), "not reachable", lower, upper, GRID, monotone)
    i = int(np.argmax(gap >= 0))
    count = [GRID]

    def f(x: float) -> float:
        count[0] += 1
        return float(sign * (measure(np.array([x]))[0] - target))

    root = brentq(f, grid[i - 1], grid[i], xtol=XTOL)
    return Answer(float(root), "solved", lower, upper, count[0], monotone)


def _repeat(params: Params, n: int) -> Params:
    return Params(np.repeat(params.renege[:1], n, axis=0),
                  np.repeat(params.capacity[:1], n, axis=0), params.method)


# noqa below (added with issue 16's rules): the model's three series, its parameters and the
# question's own terms (month, target, measure, method, search bound), all keyword-defaulted.
def capacity_for_target(stock: np.ndarray, referrals: np.ndarray, capacity: np.ndarray,  # noqa: PLR0913
                        params: Params, month: int, target: float = measures.STANDARD_SHARE,
                        measure: str = "share_within_18_weeks",
                        redistribution: Redistribution = "capped",
                        upper: float | None = None) -> Answer:
    """Flat extra clock stops a month (0 or more) for one series so that `measure` reaches
    `target` at the end of projection month `month` (0-based).

    `stock` [K+1] opening list, `referrals` and `capacity` [H] planned by month.
    Share measures must rise to the target; count measures (`over_52_weeks`, ...) fall to it.
    """
    referrals, capacity = np.asarray(referrals, float), np.asarray(capacity, float)
    upper = upper if upper is not None else float(np.sum(stock) + referrals.max())
    lower = 0.0

    def evaluate(extra: np.ndarray) -> np.ndarray:
        n = len(extra)
        proj = project(np.repeat(stock[None], n, axis=0), np.repeat(referrals[None], n, 0),
                       capacity[None] + extra[:, None], _repeat(params, n), redistribution)
        return _empty_meets(measures.summary(proj.incompletes[:, month])[measure], measure)

    return solve(evaluate, target, lower, upper, increasing=measure.startswith("share"))


def _empty_meets(values: np.ndarray, measure: str) -> np.ndarray:
    """An empty list meets every share standard (its share is undefined: NaN -> 1)."""
    return np.nan_to_num(values, nan=1.0) if measure.startswith("share") else values


def steady_state(referrals: np.ndarray, capacity: np.ndarray, params: Params,
                 redistribution: Redistribution = "capped", months: int = 2400,
                 tol: float = 1e-9) -> np.ndarray:
    """The settled waiting list [S, K+1] under constant referrals and capacity [S] (NaN
    where it has not settled within `months`)."""
    referrals, capacity = np.asarray(referrals, float), np.asarray(capacity, float)
    stock = np.zeros((len(referrals), params.renege.shape[1]))
    for _ in range(months):
        new = step(stock, referrals, capacity, params, redistribution)[0]
        change = np.abs(new - stock).max(axis=1)
        stock = new
        if np.all(change <= tol * np.maximum(stock.sum(axis=1), 1.0)):
            return stock
    settled = change <= tol * np.maximum(stock.sum(axis=1), 1.0)
    return np.where(settled[:, None], stock, np.nan)


def steady_state_capacity(referrals: float, params: Params,
                          target: float = measures.STANDARD_SHARE,
                          measure: str = "share_within_18_weeks",
                          redistribution: Redistribution = "capped") -> Answer:
    """The constant clock stops a month at which the settled list of one series holds
    `target` under constant `referrals` a month."""

    def evaluate(capacity: np.ndarray) -> np.ndarray:
        n = len(capacity)
        settled = steady_state(np.full(n, referrals), capacity, _repeat(params, n),
                               redistribution)
        return _empty_meets(measures.summary(settled)[measure], measure)

    return solve(evaluate, target, 0.5 * referrals, 2.0 * referrals,
                 increasing=measure.startswith("share"))


def extra_for_zero_long_waits(stock: np.ndarray, referrals: np.ndarray, capacity: np.ndarray,
                              params: Params, month: int, weeks: int = 52,
                              redistribution: Redistribution = "capped") -> Answer:
    """Extra clock stops a month, from the first projected month to `month`, given to the
    longest waiters first, for fewer than half a pathway at `weeks` or more at the end of
    `month` (zero when rounded)."""
    referrals, capacity = np.asarray(referrals, float), np.asarray(capacity, float)
    horizon = month + 1

    def evaluate(extra: np.ndarray) -> np.ndarray:
        n = len(extra)
        proj = project(np.repeat(stock[None], n, axis=0),
                       np.repeat(referrals[None, :horizon], n, 0),
                       np.repeat(capacity[None, :horizon], n, 0), _repeat(params, n),
                       redistribution, targeted=np.repeat(extra[:, None], horizon, axis=1))
        return measures.over_weeks(proj.incompletes[:, month], weeks)

    return solve(evaluate, 0.5, 0.0, float(np.sum(stock)), increasing=False)
