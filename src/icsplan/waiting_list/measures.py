"""What planners read off a waiting list: its size, the share within 18 weeks, the numbers
over 52, 65 and 78 weeks and the 92nd-percentile wait.

Weeks and months: a month is 52/12 = 4.33 weeks, so compartment m holds waits from 4.33m
to 4.33(m+1) weeks; 52, 65 and 78 weeks are the starts of compartments 12, 15 and 18
exactly.  18 weeks is 4.15 months: the share within 18 weeks counts compartments 0..3 and
15.4% of compartment 4, waits being taken as spread evenly within a month (NHSRtt's users
usually count compartments 0..3, i.e. within 17.3 weeks; `within_weeks` says which).
The 92nd-percentile wait interpolates the same way; when it falls in the open last
compartment it is reported as that compartment's start and flagged as censored.
Negative stocks (left by the reference's "none" and "evenly" methods) count as they are.
"""

from __future__ import annotations

import numpy as np

WEEKS_PER_MONTH = 52 / 12
STANDARD_WEEKS = 18.0
STANDARD_SHARE = 0.92
LONG_WAITS = (52, 65, 78)


def waiting_list(stock: np.ndarray) -> np.ndarray:
    """Total incomplete pathways ([...] from [..., K+1])."""
    return stock.sum(axis=-1)


def within_weeks(stock: np.ndarray, weeks: float = STANDARD_WEEKS) -> np.ndarray:
    """Pathways waiting less than `weeks` (interpolated within the month they fall in)."""
    months = weeks / WEEKS_PER_MONTH
    k1 = stock.shape[-1]
    edges = np.arange(k1, dtype=float)
    part = np.clip(months - edges, 0.0, 1.0)
    part[-1] = 1.0 if months > k1 - 1 else 0.0  # the open compartment: all or nothing
    return (stock * part).sum(axis=-1)


def share_within(stock: np.ndarray, weeks: float = STANDARD_WEEKS) -> np.ndarray:
    """Share (0-1) of the waiting list within `weeks`; NaN for an empty list."""
    total = waiting_list(stock)
    inside = within_weeks(stock, weeks)
    return np.divide(inside, total, out=np.full_like(total, np.nan, dtype=float),
                     where=total != 0)


def over_weeks(stock: np.ndarray, weeks: int) -> np.ndarray:
    """Pathways waiting `weeks` or more, for weeks on a month boundary (52, 65, 78); NaN
    when the data stop short of it (K below weeks' month)."""
    months = weeks / WEEKS_PER_MONTH
    m = int(round(months))
    if abs(months - m) > 1e-9:
        raise ValueError(f"{weeks} weeks is not a whole number of months (52/12 weeks each)")
    if m > stock.shape[-1] - 1:
        return np.full(stock.shape[:-1], np.nan)
    return stock[..., m:].sum(axis=-1)


def percentile_wait(stock: np.ndarray, q: float = STANDARD_SHARE
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The q-th percentile wait in weeks, and whether it is censored (in the open last
    compartment, reported as that compartment's start)."""
    pos = np.maximum(stock, 0.0)
    total = pos.sum(axis=-1, keepdims=True)
    cum = np.divide(np.cumsum(pos, axis=-1), total, out=np.zeros_like(pos), where=total > 0)
    k1 = stock.shape[-1]
    idx = np.minimum((cum < q).sum(axis=-1), k1 - 1)
    before = np.where(idx > 0, np.take_along_axis(cum, np.maximum(idx - 1, 0)[..., None],
                                                  axis=-1)[..., 0], 0.0)
    at = np.take_along_axis(cum, idx[..., None], axis=-1)[..., 0] - before
    frac = np.divide(q - before, at, out=np.zeros_like(at), where=at > 0)
    censored = idx == k1 - 1
    months = np.where(censored, idx, idx + np.clip(frac, 0.0, 1.0))
    weeks = months * WEEKS_PER_MONTH
    return np.where(total[..., 0] > 0, weeks, np.nan), censored


def summary(stock: np.ndarray) -> dict[str, np.ndarray]:
    """Every measure of stocks [..., K+1] by name (arrays of the leading shape)."""
    p92, censored = percentile_wait(stock)
    out = {"waiting_list": waiting_list(stock),
           "within_18_weeks": within_weeks(stock),
           "share_within_18_weeks": share_within(stock)}
    for w in LONG_WAITS:
        out[f"over_{w}_weeks"] = over_weeks(stock, w)
    out["p92_wait_weeks"] = p92
    out["p92_censored"] = censored
    return out
