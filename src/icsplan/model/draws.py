"""Monte Carlo draws of activity per slice, exact and without a loop over cells.

For a slice S (e.g. a pod, or a CCG x pod) the model is linear in its uncertain inputs once
cells are grouped by what they share.  Group the cells of S by pod, growth rate r and
demographic profile h (the population factor by year; 1 without projections); then in draw d

    momentum_S[d, y] = sum_G B_G h_G[y] (1 + r_G + shift_pod(G)[d]) ^ t(y)
    removed_S[d, y]  = sum_G h_G[y] (1 + r_G + shift_pod(G)[d]) ^ t(y)
                             x sum_e W_G,e x pct_e[d] x phasing_i(e)[d, y]
    planned_S        = momentum_S - removed_S

with B_G the group's baseline and W_G,e = sum over its cells of baseline x the effect's share
of momentum per 1% of reduction (its cohort and locality allocation, fixed at the central
run).  So a draw costs groups x effects, not cells.  With Poisson activity switched on,
planned and removed are drawn as Poisson counts around their expected values and momentum is
their sum: a sum of Poisson counts is Poisson of the sum, and thinning a Poisson count leaves
independent Poisson parts, so this equals resampling every activity row (model.resample).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.model.demand import Projection, effect_shares, momentum_factors
from icsplan.model.uncertainty import (
    BLOCK,
    ParameterDraws,
    blocks_for,
    delayed_phasing,
    initiative_phasing,
    streams,
)

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class SliceBasis:
    """What the totals of each slice are linear in (see the module docstring).

    Groups are sorted by slice; `starts` is the first group of each slice.
    """

    keys: tuple[str, ...]
    slices: pd.DataFrame
    years: tuple[str, ...]
    pods: tuple[str, ...]
    starts: np.ndarray
    group_pod: np.ndarray
    group_rate: np.ndarray
    group_profile: np.ndarray
    base: np.ndarray
    weight: np.ndarray
    effect_initiative: np.ndarray
    phasing: np.ndarray
    principal_momentum: np.ndarray
    principal_planned: np.ndarray


def slice_basis(scenario, projection: Projection, keys: tuple[str, ...],
                pods: tuple[str, ...]) -> SliceBasis:
    """Group the projection's cells for slices `keys` (() = the whole system)."""
    cells = projection.cells
    n = len(cells)
    if keys:
        slice_id, slices = projection._groups(list(keys))
    else:
        slice_id, slices = np.zeros(n, dtype=np.int64), pd.DataFrame(index=[0])
    rate, profile = momentum_factors(scenario, cells)
    _, rate_code = np.unique(rate, return_inverse=True)
    if profile is None:
        profile_code = np.zeros(n, dtype=np.int64)
        profiles = np.ones((1, len(projection.years)))
    else:
        profiles, profile_code = np.unique(profile.T, axis=0, return_inverse=True)
    pod_of = cells["pod"].cat
    pod_code = np.array([pods.index(str(p)) for p in pod_of.categories],
                        dtype=np.int64)[pod_of.codes.to_numpy()]
    parts = [slice_id.astype(np.int64), pod_code, rate_code.ravel().astype(np.int64),
             profile_code.ravel().astype(np.int64)]
    key = np.zeros(n, dtype=np.int64)
    for part in parts:
        key = key * (int(part.max()) + 1) + part
    uniq, first, group = np.unique(key, return_index=True, return_inverse=True)
    g = len(uniq)
    effects = [(ini, eff) for ini in scenario.initiatives for eff in ini.effects]
    weight = np.zeros((g, len(effects)))
    for k, (_, eff) in enumerate(effects):
        unit = effect_shares(scenario, cells, eff.model_copy(update={"reduction_pct": 1.0}),
                             projection.momentum[-1])
        weight[:, k] = np.bincount(group, weights=projection.baseline * unit, minlength=g)
    ids = [ini.id for ini in scenario.initiatives]
    group_slice = slice_id[first]
    starts = np.flatnonzero(np.r_[True, np.diff(group_slice) != 0])
    s = len(slices)

    def principal(arr: np.ndarray) -> np.ndarray:
        return np.stack([np.bincount(slice_id, weights=row, minlength=s) for row in arr], axis=1)

    return SliceBasis(
        keys=tuple(keys), slices=slices, years=tuple(projection.years), pods=tuple(pods),
        starts=starts,
        group_pod=pod_code[first], group_rate=rate[first],
        group_profile=profiles[profile_code.ravel()[first]],
        base=np.bincount(group, weights=projection.baseline, minlength=g), weight=weight,
        effect_initiative=np.array([ids.index(ini.id) for ini, _ in effects], dtype=np.int64),
        phasing=initiative_phasing(scenario),
        principal_momentum=principal(projection.momentum),
        principal_planned=principal(projection.planned))


@dataclass(frozen=True)
class ActivityDraws:
    """Draws of activity per slice and year, and of the activity each effect removes.

    momentum and planned: (draws, slices, years); removed_by_effect: (draws, effects,
    years) and horizon_momentum_by_pod: (draws, pods), system totals (expected values, also
    with Poisson activity); phasing: (draws, initiatives, years) after delays.
    """

    basis: SliceBasis
    momentum: np.ndarray
    planned: np.ndarray
    removed_by_effect: np.ndarray
    horizon_momentum_by_pod: np.ndarray
    phasing: np.ndarray


def _block(basis: SliceBasis, shift: np.ndarray, pct: np.ndarray, delay: np.ndarray,
           seed: np.random.SeedSequence | None) -> tuple[np.ndarray, ...]:
    """Draws of one block: momentum, planned (block, slices, years), removed by effect,
    momentum by pod at the horizon, phasing."""
    b, years = shift.shape[0], len(basis.years)
    s = len(basis.starts)
    phase = delayed_phasing(basis.phasing, delay)
    rng = None if seed is None else np.random.Generator(np.random.PCG64(seed))
    momentum = np.empty((b, s, years))
    planned = np.empty((b, s, years))
    by_effect = np.empty((b, basis.weight.shape[1], years))
    pod_of_group = np.eye(shift.shape[1])[basis.group_pod]  # (groups, pods) indicator
    step = 1.0 + basis.group_rate[None, :] + shift[:, basis.group_pod]
    compound = np.ones_like(step)
    for y in range(years):
        if y:
            compound = compound * step  # (1 + r + shift) ** y, one product a year
        growth = compound * basis.group_profile[None, :, y]
        reduction = pct * phase[:, basis.effect_initiative, y]  # (block, effects)
        mom = basis.base[None, :] * growth
        # Small products written out, not BLAS: threaded BLAS on tiny matrices is slow on a
        # busy machine, and these are a handful of effects.
        removed = np.einsum("be,ge->bg", reduction, basis.weight) * growth
        by_effect[:, :, y] = np.einsum("bg,ge->be", growth, basis.weight) * reduction
        mom_s = np.add.reduceat(mom, basis.starts, axis=1)
        rem_s = np.add.reduceat(removed, basis.starts, axis=1)
        if rng is not None:
            plan_s = rng.poisson(np.maximum(mom_s - rem_s, 0.0)).astype(float)
            rem_s = rng.poisson(np.maximum(rem_s, 0.0)).astype(float)
            mom_s = plan_s + rem_s
        else:
            plan_s = mom_s - rem_s
        momentum[:, :, y] = mom_s
        planned[:, :, y] = plan_s
    by_pod = np.einsum("bg,gp->bp", mom, pod_of_group)  # the horizon's momentum by pod
    return momentum, planned, by_effect, by_pod, phase


def simulate(basis: SliceBasis, params: ParameterDraws, poisson: bool = False,
             processes: int = 1, progress: Callable[[int, int], None] | None = None,
             ) -> ActivityDraws:
    """Every draw of `params` for the slices of `basis`, block by block (BLOCK draws each,
    each with its own random stream), in this process or spread over `processes`.
    `progress(blocks done, blocks)` is called after each block (an exception it raises stops
    the run between blocks: the app's Cancel)."""
    n = params.n
    seeds = streams(params.seed, blocks_for(n))[1:]
    tasks = []
    for k in range(blocks_for(n)):
        lo, hi = k * BLOCK, min(n, (k + 1) * BLOCK)
        tasks.append((basis, params.growth_shift[lo:hi], params.effect_pct[lo:hi],
                      params.delay[lo:hi], seeds[k] if poisson else None))
    if processes > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=processes) as pool:
            parts = pool.map(_block, *zip(*tasks, strict=True))
            out = _gather(_reported(parts, len(tasks), progress), n)
    else:
        out = _gather(_reported((_block(*task) for task in tasks), len(tasks), progress), n)
    momentum, planned, by_effect, by_pod, phase = out
    return ActivityDraws(basis=basis, momentum=momentum, planned=planned,
                         removed_by_effect=by_effect, horizon_momentum_by_pod=by_pod,
                         phasing=phase)


def _reported(parts, total: int, progress: Callable[[int, int], None] | None):
    """The blocks' results as they come, calling `progress` after each."""
    for k, part in enumerate(parts, start=1):
        yield part
        if progress is not None:
            progress(k, total)


def _gather(parts, n: int) -> list[np.ndarray]:
    """Blocks' results written into arrays of all `n` draws as they arrive (no concatenation
    of large arrays at the end)."""
    out: list[np.ndarray] = []
    lo = 0
    for part in parts:
        if not out:
            out = [np.empty((n, *arr.shape[1:])) for arr in part]
        hi = lo + part[0].shape[0]
        for target, arr in zip(out, part, strict=True):
            target[lo:hi] = arr
        lo = hi
    return out
