"""Distance-to-peer allocation: a system target shared by CCGs, then by localities.

003: "Total SR activity target allocated to CCGs based on their distance to peer average. CCG
target is then allocated to localities based on their performance relative to other
localities within CCG."  The general method, for one pod:

    E_c  expected activity of CCG c (its people x reference age-specific rates; a year)
    R_c  its standardised ratio (observed / expected activity); P_c its peers' ratio
    O_c  = max(0, R_c - P_c) x E_c                        opportunity (activity a year)
    w_c  = E_c / sum E                                     fair share by expected activity
    A_c  = T x (f x w_c + (1 - f) x O_c / sum O)           (T x w_c when sum O = 0)

T is the system target (activity removed a year), f the floor share (0-1): every CCG carries
at least f x its fair share, and a CCG at or below its peers carries only that.  Each CCG's
A_c is then split over its localities the same way, with the CCG's best locality ratio
(benchmark "best") or its expected-activity-weighted mean ratio ("mean") as the benchmark.
Allocations add up to the target and are never negative.  mse-2016 keeps its published
allocation (targets.csv): the seeds do not publish the peer rates behind it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from icsplan.errors import InputError

Benchmark = Literal["best", "mean"]


class PeerError(InputError):
    """Inputs the allocation cannot use (negative target, floor outside 0-1, no activity)."""

    title = "The distance-to-peer allocation cannot be made"


def shares(expected: np.ndarray, ratio: np.ndarray, benchmark: np.ndarray,
           floor_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Each area's share of a target (sums to 1) and its opportunity (activity a year)."""
    expected = np.asarray(expected, dtype=float)
    if not 0.0 <= floor_share <= 1.0:
        raise PeerError(f"the floor share must be between 0 and 1; got {floor_share}")
    if expected.sum() <= 0:
        raise PeerError("expected activity adds up to 0; the target cannot be shared")
    opportunity = np.maximum(0.0, np.asarray(ratio, float) - np.asarray(benchmark, float))
    opportunity = opportunity * expected
    fair = expected / expected.sum()
    if opportunity.sum() <= 0:
        return fair, opportunity
    return floor_share * fair + (1 - floor_share) * opportunity / opportunity.sum(), opportunity


def ccg_allocation(system_target: float, rates: pd.DataFrame,
                   floor_share: float = 0.1) -> pd.DataFrame:
    """The system target (activity a year, >= 0) shared by CCGs.

    `rates` has ccg, expected_activity, standardised_ratio and peer_ratio; the result adds
    opportunity, share and target.
    """
    if system_target < 0:
        raise PeerError(f"the system target must not be negative; got {system_target}")
    out = rates[["ccg", "expected_activity", "standardised_ratio", "peer_ratio"]].copy()
    share, opp = shares(out["expected_activity"].to_numpy(), out["standardised_ratio"].to_numpy(),
                        out["peer_ratio"].to_numpy(), floor_share)
    out["opportunity"] = opp
    out["share"] = share
    out["target"] = system_target * share
    return out.reset_index(drop=True)


def locality_allocation(ccg_targets: pd.Series, rates: pd.DataFrame,
                        benchmark: Benchmark = "best", floor_share: float = 0.1) -> pd.DataFrame:
    """Each CCG's target (Series by ccg) shared by its localities.

    `rates` has locality, ccg, expected_activity and standardised_ratio; the result adds
    benchmark (the CCG's best or mean ratio), opportunity, share and target.
    """
    if benchmark not in ("best", "mean"):
        raise PeerError(f"the locality benchmark must be 'best' or 'mean'; got '{benchmark}'")
    frames = []
    for ccg, part in rates.groupby("ccg", sort=False):
        part = part[["ccg", "locality", "expected_activity", "standardised_ratio"]].copy()
        e, r = part["expected_activity"].to_numpy(float), part["standardised_ratio"].to_numpy(float)
        level = r.min() if benchmark == "best" else float((e * r).sum() / e.sum())
        share, opp = shares(e, r, np.full(len(part), level), floor_share)
        part["benchmark"] = level
        part["opportunity"] = opp
        part["share"] = share
        part["target"] = float(ccg_targets.get(ccg, 0.0)) * share
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def peer_targets(scenario, pod: str, system_target: float, floor_share: float = 0.1,
                 benchmark: Benchmark = "best") -> tuple[pd.DataFrame, pd.DataFrame]:
    """CCG and locality targets for a pod from the scenario's peer_rates and locality_rates."""
    rates = scenario.peer_rates
    rates = rates[rates["pod"] == pod]
    if rates.empty:
        raise PeerError(f"peer_rates.csv has no rows for pod '{pod}'")
    ccgs = ccg_allocation(system_target, rates, floor_share)
    local = scenario.locality_rates
    local = local[local["pod"] == pod].merge(
        scenario.localities[["locality", "ccg"]], on="locality", how="left")
    localities = locality_allocation(ccgs.set_index("ccg")["target"], local, benchmark,
                                     floor_share) if len(local) else local
    ccgs.insert(1, "pod", pod)
    if len(localities):
        localities.insert(2, "pod", pod)
    return ccgs, localities
