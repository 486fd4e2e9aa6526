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

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.model.demand import Projection, effect_shares, momentum_factors
from icsplan.model.threads import run_tasks
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
           seed: np.random.SeedSequence | None,
           space: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Draws of one block: momentum, planned (block, slices, years), removed by effect,
    momentum by pod at the horizon, phasing.  `space` (2, years, at least block, slices)
    holds momentum and planned year by year if given (the views returned are into it), so
    that a thread reuses its memory from block to block.

    Rows are groups (or effects, slices, pods) and columns the block's draws, so that every
    product and sum runs along whole rows of draws.  Every sum adds in the order of the
    first version (einsum and reduceat over draws x groups), so the draws are the same bit
    for bit (tested).
    """
    b, years = shift.shape[0], len(basis.years)
    phase = delayed_phasing(basis.phasing, delay)
    rng = None if seed is None else np.random.Generator(np.random.PCG64(seed))
    to_groups = _Product.of(basis.weight)  # effects -> groups
    to_effects = _Product.of(basis.weight.T)  # groups -> effects
    to_pods = _Product.of(np.eye(shift.shape[1])[basis.group_pod].T)  # groups -> pods
    to_slices = _Runs.of(basis.starts, len(basis.base))
    # (years, effects, block): each effect's reduction in percent, phased in
    reduction = np.ascontiguousarray(
        (pct[:, :, None] * phase[:, basis.effect_initiative, :]).transpose(2, 1, 0))
    if space is None:
        space = np.empty((2, years, b, len(basis.starts)))
    momentum, planned = space[0, :, :b], space[1, :, :b]
    by_effect = np.empty((b, basis.weight.shape[1], years))
    step = 1.0 + basis.group_rate[:, None] + shift.T[basis.group_pod]  # (groups, block)
    compound = np.ones_like(step)
    growth = np.empty_like(step)
    mom = np.empty_like(step)
    for y in range(years):
        if y:
            compound *= step  # (1 + r + shift) ** y, one product a year
        np.multiply(compound, basis.group_profile[:, y, None], out=growth)
        np.multiply(basis.base[:, None], growth, out=mom)
        removed = to_groups @ reduction[y]
        removed *= growth
        by_effect[:, :, y] = ((to_effects @ growth) * reduction[y]).T
        mom_s = to_slices.sums(mom)
        rem_s = to_slices.sums(removed)
        if rng is not None:  # drawn in (block, slices) order, as always
            planned[y] = rng.poisson(np.maximum(mom_s - rem_s, 0.0).T)
            rem_s = rng.poisson(np.maximum(rem_s, 0.0).T).astype(float)
            np.add(planned[y], rem_s, out=momentum[y])
        else:
            planned[y] = (mom_s - rem_s).T
            momentum[y] = mom_s.T
    by_pod = (to_pods @ mom).T  # the horizon's momentum by pod
    # Views (block, slices, years): `simulate` copies them into place in one pass.
    return (np.moveaxis(momentum, 0, 2), np.moveaxis(planned, 0, 2), by_effect, by_pod,
            phase)


@dataclass(frozen=True)
class _Product:
    """A matrix to multiply rows of draws by, dense or as its non-zero entries.

    A group has a few of the effects (about 1.5 of 6 in the national scenario), but a dense
    einsum over rows of draws is faster than gathering rows unless the matrix is mostly
    zeros: the non-zero entries are used when, padded to the widest row, they are under a
    quarter of the matrix.
    Either way row k of `self @ rows` adds its products in column order from the first
    (the zero products of the dense matrix change nothing), so both give the same bits.
    """

    dense: np.ndarray | None
    source: np.ndarray | None = None  # (width, rows): column of each non-zero entry
    weight: np.ndarray | None = None  # (width, rows): its value, 0 where padded

    @classmethod
    def of(cls, matrix: np.ndarray) -> _Product:
        row, col = np.nonzero(matrix)
        count = np.bincount(row, minlength=matrix.shape[0])
        width = max(int(count.max(initial=0)), 1)
        if 4 * width > matrix.shape[1]:
            return cls(np.ascontiguousarray(matrix))
        position = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        source = np.zeros((width, matrix.shape[0]), dtype=np.int64)
        weight = np.zeros((width, matrix.shape[0]))
        source[position, row] = col
        weight[position, row] = matrix[row, col]
        return cls(None, source, weight)

    def __matmul__(self, rows: np.ndarray) -> np.ndarray:
        if self.dense is not None:
            return np.einsum("mb,nm->nb", rows, self.dense)
        return (rows[self.source] * self.weight[:, :, None]).sum(axis=0)


@dataclass(frozen=True)
class _Runs:
    """Sums of runs of consecutive rows (a slice's groups), bit for bit those of
    `np.add.reduceat` along draws x groups: NumPy adds a run's first element to the sum of
    the rest taken in order (pairwise beyond 8 elements: there this calls NumPy instead)."""

    starts: np.ndarray
    long: bool  # a run of more than 8 rows
    multi: np.ndarray  # the runs of two rows or more
    rest: tuple[tuple[np.ndarray, np.ndarray], ...]  # for their 3rd, 4th... rows: runs, rows

    @classmethod
    def of(cls, starts: np.ndarray, rows: int) -> _Runs:
        length = np.diff(np.r_[starts, rows])
        multi = np.flatnonzero(length > 1)
        rest = tuple((np.flatnonzero(length[multi] > j), starts[multi][length[multi] > j] + j)
                     for j in range(2, min(int(length.max(initial=0)), 8)))
        return cls(starts, bool(length.max(initial=0) > 8), multi, rest)

    def sums(self, rows: np.ndarray) -> np.ndarray:
        """The sum of each run of `rows` (runs x draws)."""
        if self.long:
            return np.add.reduceat(np.ascontiguousarray(rows.T), self.starts, axis=1).T
        out = rows[self.starts]
        tail = rows[self.starts[self.multi] + 1]  # = -0.0 + the second row, exactly
        for runs, at in self.rest:
            tail[runs] += rows[at]
        out[self.multi] += tail
        return out


def simulate(basis: SliceBasis, params: ParameterDraws, poisson: bool = False,
             workers: int | None = None, progress: Callable[[int, int], None] | None = None,
             ) -> ActivityDraws:
    """Every draw of `params` for the slices of `basis`, block by block (BLOCK draws each,
    each with its own random stream), on `workers` threads (None: one per core).

    Each block writes its draws into place in the arrays of all draws (a thread reuses one
    buffer for its blocks: fresh memory is slow to touch on a virtual machine).  NumPy
    releases the GIL in the heavy steps (the Poisson counts, einsum, the sums), so the blocks
    run side by side, and the results are the same bit for bit whatever the number of
    workers (tested).
    `progress(blocks done, blocks)` is called after each block, in block order (an exception
    it raises stops the run between blocks: the app's Cancel; blocks already started finish
    first)."""
    n, blocks = params.n, blocks_for(params.n)
    seeds = streams(params.seed, blocks)[1:]
    out = (np.empty((n, len(basis.starts), len(basis.years))),  # momentum
           np.empty((n, len(basis.starts), len(basis.years))),  # planned
           np.empty((n, basis.weight.shape[1], len(basis.years))),  # removed by effect
           np.empty((n, params.growth_shift.shape[1])),  # horizon momentum by pod
           np.empty((n, len(basis.phasing), len(basis.years))))  # phasing after delays

    local = threading.local()  # each thread's memory for its blocks' momentum and planned

    def run(k: int) -> None:
        lo, hi = k * BLOCK, min(n, (k + 1) * BLOCK)
        if not hasattr(local, "space"):
            local.space = np.empty((2, len(basis.years), min(n, BLOCK), len(basis.starts)))
        parts = _block(basis, params.growth_shift[lo:hi], params.effect_pct[lo:hi],
                       params.delay[lo:hi], seeds[k] if poisson else None, local.space)
        for target, part in zip(out, parts, strict=True):
            target[lo:hi] = part

    run_tasks(run, blocks, workers, progress)
    momentum, planned, by_effect, by_pod, phase = out
    return ActivityDraws(basis=basis, momentum=momentum, planned=planned,
                         removed_by_effect=by_effect, horizon_momentum_by_pod=by_pod,
                         phasing=phase)
