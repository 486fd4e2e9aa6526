"""Row-level resampling, the NHP model's way: the slow reference for `model.draws`.

The cells are expanded into activity rows (a cell with 12.4 units of baseline activity is 12
rows of one unit and one row of 0.4); in every draw and year each row is resampled as a
Poisson count around its growth factor (momentum), then thinned binomially by the share the
initiatives remove (planned).  Input draws are made here independently of
`model.uncertainty` (inverse normal CDF of uniforms, from the standard library), so a test
that compares the two checks the fast method and its parameter draws.  Used by the test
against brute force and by benchmarks/bench_uncertainty.py as the baseline.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from icsplan.model.demand import Projection, effect_shares, momentum_factors


def reference_parameters(scenario, intervals, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Growth shift (draws, pods; fraction), effect percent (draws, effects) and delay
    (draws, initiatives) from the intervals, drawn by inverse CDF."""
    rng = np.random.default_rng(seed)
    pods = list(scenario.meta.pods)
    effects = [(ini.id, eff) for ini in scenario.initiatives for eff in ini.effects]
    inis = [ini.id for ini in scenario.initiatives]
    shift = np.zeros((draws, len(pods)))
    pct = np.tile([eff.reduction_pct for _, eff in effects], (draws, 1)).astype(float)
    delay = np.zeros((draws, len(inis)))
    growth = scenario.growth.query("locality == ''").set_index("pod")
    z90 = NormalDist().inv_cdf(0.9)
    for row in ([] if intervals is None else intervals.to_dict(orient="records")):
        u = np.clip(rng.uniform(size=draws), 1e-12, 1 - 1e-12)
        lo, hi = float(row["p10"]), float(row["p90"])
        dist = row["distribution"]
        if dist == "lognormal":
            lo, hi = np.log(lo), np.log(hi)
        elif dist == "logitnormal":
            lo, hi = np.log(lo / (100 - lo)), np.log(hi / (100 - hi))
        normal = NormalDist((lo + hi) / 2, (hi - lo) / (2 * z90))
        value = np.array([normal.inv_cdf(x) for x in u])
        if dist == "lognormal":
            value = np.exp(value)
        elif dist == "logitnormal":
            value = 100 / (1 + np.exp(-value))
        if row["kind"] == "growth":
            pod = row["pod"]
            shift[:, pods.index(pod)] = (value - growth.loc[pod, "annual_growth_pct"]) / 100
        elif row["kind"] == "effect":
            for k, (ini, eff) in enumerate(effects):
                if ini == row["initiative"] and eff.pod == row["pod"]:
                    pct[:, k] = np.clip(value, 0, 100)
        else:
            delay[:, inis.index(row["initiative"])] = np.maximum(value, 0)
    return {"shift": shift, "pct": pct, "delay": delay}


def expand_rows(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Activity rows of the cells: each row's cell and its weight (1, or the fraction left)."""
    whole = np.floor(values).astype(np.int64)
    frac = values - whole
    cell = np.repeat(np.arange(len(values)), whole)
    extra = np.flatnonzero(frac > 0)
    return (np.concatenate([cell, extra]),
            np.concatenate([np.ones(len(cell)), frac[extra]]))


def resample_rows(scenario, projection: Projection, params: dict[str, np.ndarray],
                  keys: tuple[str, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Momentum and planned (draws, slices, years) by resampling every activity row."""
    cells = projection.cells
    slice_id, slices = projection._groups(list(keys))
    rate, profile = momentum_factors(scenario, cells)
    pods = list(scenario.meta.pods)
    pod = np.array([pods.index(p) for p in cells["pod"].astype(str)])
    units = [(i, eff, effect_shares(scenario, cells,
                                    eff.model_copy(update={"reduction_pct": 1.0}),
                                    projection.momentum[-1]))
             for i, ini in enumerate(scenario.initiatives) for eff in ini.effects]
    years = len(projection.years)
    phasing = np.array([[ini.phasing.get(y, 0.0) for y in projection.years]
                        for ini in scenario.initiatives])
    row_cell, row_weight = expand_rows(projection.baseline)
    row_slice = slice_id[row_cell]
    rng = np.random.default_rng(seed)
    draws = params["shift"].shape[0]
    momentum = np.zeros((draws, len(slices), years))
    planned = np.zeros((draws, len(slices), years))
    for d in range(draws):
        for y in range(years):
            factor = (1 + rate + params["shift"][d, pod]) ** y
            if profile is not None:
                factor = factor * profile[y]
            removed = np.zeros(len(cells))
            for k, (i, _, unit) in enumerate(units):
                t = y - params["delay"][d, i]
                phase = 0.0 if t < 0 else float(np.interp(t, np.arange(years), phasing[i]))
                removed += unit * params["pct"][d, k] * phase
            counts = rng.poisson(factor[row_cell] * row_weight)
            kept = rng.binomial(counts, np.clip(1 - removed[row_cell], 0, 1))
            momentum[d, :, y] = np.bincount(row_slice, weights=counts, minlength=len(slices))
            planned[d, :, y] = np.bincount(row_slice, weights=kept, minlength=len(slices))
    return momentum, planned
