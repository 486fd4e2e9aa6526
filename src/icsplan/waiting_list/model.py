"""Calibration and projection of RTT waiting lists by months waited, vectorised over series.

Compartment m (months_waited 0..K, K meaning "K or more") of series s in month t:

    inflow[t, 0] = referrals[t]                             (new clock starts)
    inflow[t, m] = incompletes[t-1, m-1]                    for 1 <= m < K
    inflow[t, K] = incompletes[t-1, K-1] + incompletes[t-1, K]
    reneges[t, m] = inflow[t, m] - completes[t, m] - incompletes[t, m]

Calibration (as NHSRtt's `calibrate_parameters` documents it, "reference"):

    renege_param[m]   = mean over t of reneges[t, m] / inflow[t, m]
    capacity_param[m] = mean over t of completes[t, m] / inflow[t, m]

and icsplan's "pooled" option, the ratio of the sums (every month weighted by its inflow):

    renege_param[m]   = sum_t reneges[t, m] / sum_t inflow[t, m]      (likewise capacity)

Projection of one month (as `apply_params_to_projections`): reneges = renege_param x
inflow; the month's capacity C (clock stops) is shared over compartments in proportion to
capacity_param x inflow; where a compartment is given more treatment than it has patients
(inflow - reneges), the surplus is handled by one of `REDISTRIBUTION`:

    none         no redistribution: the compartment's stock goes negative (reference)
    evenly       the surplus is taken off the over-treated compartments and shared equally
                 over the others, in one pass: a small compartment can go negative (reference)
    prioritise   the surplus goes to the longest waiters first, each compartment up to its
                 remaining patients; never negative (reference)
    capped       icsplan's: the surplus is shared in proportion to each compartment's
                 remaining patients, never more than they are; never negative, and no clock
                 stop is invented or lost while patients remain

Units: counts of pathways (people) a month.  Arrays are [series, ...]; no loop over series.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Redistribution = Literal["none", "evenly", "prioritise", "capped"]
REDISTRIBUTION: tuple[str, ...] = ("none", "evenly", "prioritise", "capped")
Calibration = Literal["reference", "pooled"]
CALIBRATION: tuple[str, ...] = ("reference", "pooled")


@dataclass(frozen=True)
class Params:
    """Renege and capacity parameters per series and compartment ([S, K+1] each)."""

    renege: np.ndarray
    capacity: np.ndarray
    method: str = "reference"

    @property
    def max_months_waited(self) -> int:
        """K, the last compartment ("K or more months")."""
        return self.renege.shape[-1] - 1


@dataclass(frozen=True)
class Projection:
    """A projection month by month: stocks and flows [S, H, K+1] and capacity used [S, H]."""

    incompletes: np.ndarray  # waiting list at each month's end by months waited
    completes: np.ndarray  # clock stops (treatments) by months waited
    reneges: np.ndarray  # pathways removed without treatment (validation, gone elsewhere)
    unused_capacity: np.ndarray  # clock stops that found no patient (capacity > list)


def inflows(referrals: np.ndarray, incompletes: np.ndarray) -> np.ndarray:
    """Inflow to every compartment in months 1..T-1 ([S, T-1, K+1]) from the referrals
    ([S, T]) and the month-end stocks ([S, T, K+1]); month 0 only gives the opening stock."""
    prev = incompletes[:, :-1, :]
    out = np.empty_like(prev, dtype=float)
    out[..., 0] = referrals[:, 1:]
    out[..., 1:-1] = prev[..., :-2]
    out[..., -1] = prev[..., -2] + prev[..., -1]
    return out


def calibrate(referrals: np.ndarray, completes: np.ndarray, incompletes: np.ndarray,
              method: Calibration = "reference", allow_negative_params: bool = True,
              redistribute_m0_reneges: bool = False) -> Params:
    """Renege and capacity parameters per compartment from counts of T >= 2 months.

    `referrals` [S, T]; `completes` and `incompletes` [S, T, K+1].  Month 0 of the data
    gives the opening stock only.  Compartments with no inflow in any month get 0.  With
    `allow_negative_params=False` negative renege parameters become 0 (more clock stops
    and patients than inflow: data error or late validation).  `redistribute_m0_reneges`
    moves the month-0 reneges to compartments 1..K in proportion to their inflow (icsplan's
    reading of the reference's option; see docs).
    """
    referrals = np.asarray(referrals, dtype=float)
    completes = np.asarray(completes, dtype=float)
    incompletes = np.asarray(incompletes, dtype=float)
    if referrals.shape[1] < 2:
        raise ValueError("calibration needs at least two months (the first is the opening stock)")
    inflow = inflows(referrals, incompletes)
    treated = completes[:, 1:, :]
    reneged = inflow - treated
    reneged -= incompletes[:, 1:, :]
    if redistribute_m0_reneges:
        moved = reneged[..., 0].copy()  # [S, T-1]
        reneged[..., 0] = 0.0
        rest = inflow[..., 1:]
        total = rest.sum(axis=-1, keepdims=True)
        share = np.divide(rest, total, out=np.zeros_like(rest), where=total > 0)
        reneged[..., 1:] += share * moved[..., None]
    if method == "reference":  # mean over the months with inflow of each month's ratio
        has = inflow > 0
        count = has.sum(axis=1)
        ratio = np.zeros_like(inflow)
        np.divide(reneged, inflow, out=ratio, where=has)
        renege = _mean_of(ratio.sum(axis=1), count)
        np.divide(treated, inflow, out=ratio, where=has)  # where not has: still 0
        capacity = _mean_of(ratio.sum(axis=1), count)
    elif method == "pooled":
        total_in = inflow.sum(axis=1)
        renege = _mean_of(reneged.sum(axis=1), total_in)
        capacity = _mean_of(treated.sum(axis=1), total_in)
    else:
        raise ValueError(f"unknown calibration method '{method}' (one of {CALIBRATION})")
    if not allow_negative_params:
        renege = np.maximum(renege, 0.0)
    return Params(renege=renege, capacity=capacity, method=method)


def breakdown(referrals: np.ndarray, completes: np.ndarray, incompletes: np.ndarray
              ) -> dict[str, np.ndarray]:
    """The monthly flows behind calibration ([S, T-1, K+1] each, months 1..T-1): inflow,
    completes, reneges (negative where the counts do not add up) and the two ratios (NaN
    without inflow) -- what NHSRtt's `full_breakdown` shows, by our reading."""
    inflow = inflows(np.asarray(referrals, float), np.asarray(incompletes, float))
    treated = np.asarray(completes, float)[:, 1:, :]
    reneged = inflow - treated - np.asarray(incompletes, float)[:, 1:, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        has = inflow > 0
        return {"inflow": inflow, "completes": treated, "reneges": reneged,
                "renege_ratio": np.where(has, reneged / np.where(has, inflow, 1.0), np.nan),
                "capacity_ratio": np.where(has, treated / np.where(has, inflow, 1.0), np.nan)}


def _mean_of(total: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The ratio total / count, 0 where count is 0 (no inflow in any month)."""
    return np.divide(total, count, out=np.zeros_like(total, dtype=float), where=count > 0)


def step(stock: np.ndarray, referrals: np.ndarray, capacity: np.ndarray, params: Params,
         redistribution: Redistribution = "capped", targeted: np.ndarray | None = None
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One month: (new stock, completes, reneges, unused capacity) from the opening stock
    [S, K+1], the month's referrals and capacity [S].  `targeted` [S] adds clock stops given
    to the longest waiters first (beyond `capacity`), as a long-wait programme would."""
    inflow = np.empty_like(stock)
    inflow[:, 0] = referrals
    inflow[:, 1:-1] = stock[:, :-2]
    np.add(stock[:, -2], stock[:, -1], out=inflow[:, -1])
    reneges = params.renege * inflow
    available = inflow - reneges
    treated = params.capacity * inflow  # weights, then scaled to the month's capacity
    total = treated.sum(axis=1)
    shareable = total > 1e-9  # else no one the parameters would treat: capacity unused
    scale = np.divide(capacity, total, out=np.zeros_like(total), where=shareable)
    treated *= scale[:, None]
    treated, unused = redistribute(treated, available, redistribution)
    unused = unused + np.where(shareable, 0.0, capacity)
    if targeted is not None:
        extra, spare = _top_down(np.maximum(available - treated, 0.0), targeted)
        treated = treated + extra
        unused = unused + spare
    return available - treated, treated, reneges, unused


def redistribute(treated: np.ndarray, available: np.ndarray, method: Redistribution
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Treatments [S, K+1] after handling any surplus over the patients available, and the
    clock stops left unused [S]."""
    if method == "none":
        return treated, np.zeros(treated.shape[0])
    over = treated - available
    if available.min(initial=0.0) < 0:  # negative stocks (a reference method): none to treat
        over += np.minimum(available, 0.0)
    np.maximum(over, 0.0, out=over)
    surplus = over.sum(axis=1)
    if not surplus.any():
        return treated, np.zeros(treated.shape[0])
    capped = treated - over
    if method == "evenly":
        receivers = (over == 0) & (available > 0)
        n = receivers.sum(axis=1)
        each = np.divide(surplus, n, out=np.zeros_like(surplus), where=n > 0)
        unused = np.where(n > 0, 0.0, surplus)
        return capped + receivers * each[:, None], unused
    spare = np.maximum(available - capped, 0.0)
    if method == "prioritise":
        extra, unused = _top_down(spare, surplus)
        return capped + extra, unused
    if method == "capped":
        room = spare.sum(axis=1)
        fill = np.minimum(1.0, np.divide(surplus, room, out=np.ones_like(room),
                                         where=room > 1e-9))
        return capped + spare * fill[:, None], surplus - room * fill
    raise ValueError(f"unknown redistribution method '{method}' (one of {REDISTRIBUTION})")


def _top_down(spare: np.ndarray, amount: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Give `amount` [S] to the last compartments first, each up to its `spare`; what is
    given [S, K+1] and what is left over [S]."""
    rev = spare[:, ::-1]
    before = np.cumsum(rev, axis=1) - rev
    given = np.clip(amount[:, None] - before, 0.0, rev)[:, ::-1]
    return given, amount - given.sum(axis=1)


def project(stock: np.ndarray, referrals: np.ndarray, capacity: np.ndarray, params: Params,
            redistribution: Redistribution = "capped", targeted: np.ndarray | None = None
            ) -> Projection:
    """Project H months from the opening stock [S, K+1] under referrals and capacity [S, H]
    (clock stops a month); `targeted` [S, H] adds clock stops for the longest waiters."""
    stock = np.asarray(stock, dtype=float)
    referrals = np.asarray(referrals, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    n, horizon = referrals.shape
    k1 = stock.shape[1]
    inc = np.empty((n, horizon, k1))
    comp = np.empty((n, horizon, k1))
    ren = np.empty((n, horizon, k1))
    unused = np.empty((n, horizon))
    for h in range(horizon):
        stock, comp[:, h], ren[:, h], unused[:, h] = step(
            stock, referrals[:, h], capacity[:, h], params, redistribution,
            None if targeted is None else targeted[:, h])
        inc[:, h] = stock
    return Projection(incompletes=inc, completes=comp, reneges=ren, unused_capacity=unused)
