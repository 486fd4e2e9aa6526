"""Monte Carlo draws per slice: exact central run, reproducibility, brute-force agreement."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from icsplan.model import project
from icsplan.model.draws import _block, _Product, _Runs, simulate, slice_basis
from icsplan.model.resample import reference_parameters, resample_rows
from icsplan.model.uncertainty import delayed_phasing, draw_parameters
from icsplan.scenario.synthetic import national_scenario

INTERVALS = pd.DataFrame([
    {"kind": "growth", "pod": "non_elective", "initiative": "", "distribution": "normal",
     "p10": 0.5, "p90": 4.5, "source": "test"},
    {"kind": "effect", "pod": "non_elective", "initiative": "frailty",
     "distribution": "logitnormal", "p10": 20, "p90": 60, "source": "test"},
    {"kind": "effect", "pod": "outpatient", "initiative": "pathways",
     "distribution": "normal", "p10": 5, "p90": 17, "source": "test"},
    {"kind": "delay", "pod": "", "initiative": "pathways", "distribution": "normal",
     "p10": 0.0, "p90": 1.5, "source": "test"},
    {"kind": "growth", "pod": "ae", "initiative": "", "distribution": "lognormal",
     "p10": 1.0, "p90": 4.0, "source": "test"},
])


@pytest.fixture(scope="module")
def small():
    """A small synthetic system (90 cells, ~9,000 activity rows) with intervals."""
    s = national_scenario(systems=1, localities=2, bands=3, seed=3)
    s = s.replace(tables={**s.tables, "intervals": INTERVALS})
    return s, project(s)


@pytest.mark.unit
def test_central_draws_equal_the_deterministic_projection(mse, mse_projection):
    params = draw_parameters(mse, None, 3, seed=1)
    for keys in [("pod",), ("ccg", "pod"), ("ccg", "locality", "pod"), ()]:
        basis = slice_basis(mse, mse_projection, keys, params.pods)
        sim = simulate(basis, params)
        np.testing.assert_allclose(sim.planned[1], basis.principal_planned, rtol=1e-12)
        np.testing.assert_allclose(sim.momentum[2], basis.principal_momentum, rtol=1e-12)
    summary = mse_projection.summary()
    basis = slice_basis(mse, mse_projection, ("pod",), params.pods)
    for k, pod in enumerate(basis.slices["pod"]):
        rows = summary[summary["pod"] == pod]
        assert list(rows["planned"]) == list(basis.principal_planned[k])  # bit for bit


@pytest.mark.functional
def test_one_worker_equals_two_and_three_and_chunking_does_not_matter(small):
    s, p = small
    params = draw_parameters(s, s.tables["intervals"], 1300, seed=7)  # 3 blocks
    basis = slice_basis(s, p, ("ccg", "pod"), params.pods)
    serial = simulate(basis, params, poisson=True, workers=1)
    for workers in (2, 3):
        parallel = simulate(basis, params, poisson=True, workers=workers)
        for name in ("momentum", "planned", "removed_by_effect", "horizon_momentum_by_pod",
                     "phasing"):
            assert np.array_equal(getattr(serial, name), getattr(parallel, name)), name
    # Streams belong to fixed blocks of draws, so a shorter run is a prefix of a longer one.
    fewer = simulate(basis, draw_parameters(s, s.tables["intervals"], 1000, seed=7),
                     poisson=True)
    assert np.array_equal(fewer.planned, serial.planned[:1000])
    other = simulate(basis, draw_parameters(s, s.tables["intervals"], 1000, seed=8),
                     poisson=True)
    assert not np.array_equal(other.planned, fewer.planned)


@pytest.mark.unit
def test_intervals_are_the_10th_and_90th_percentiles(small):
    s, _ = small
    params = draw_parameters(s, s.tables["intervals"], 40_000, seed=11)
    frailty = [k for k, e in enumerate(params.effects) if e.initiative == "frailty"][0]
    tol = 4 * np.sqrt(0.09 / 40_000) / NormalDist().pdf(NormalDist().inv_cdf(0.9))
    for values, lo, hi, scale in [
        (params.effect_pct[:, frailty], 20, 60, (60 - 20) / 2.56),
        (100 * params.growth_shift[:, params.pods.index("non_elective")] + 2.3, 0.5, 4.5, 4 / 2.56),
    ]:
        assert np.percentile(values, 10) == pytest.approx(lo, abs=tol * scale)
        assert np.percentile(values, 90) == pytest.approx(hi, abs=tol * scale)
    assert (params.delay >= 0).all()


def quantile_se(values: np.ndarray, q: float) -> float:
    """Standard error of a sample quantile, from a normal approximation of the density."""
    sd = values.std(ddof=1)
    return np.sqrt(q * (1 - q) / len(values)) * sd / NormalDist().pdf(NormalDist().inv_cdf(q))


@pytest.mark.functional
def test_draw_statistics_match_brute_force_row_resampling(small):
    """Fast per-slice draws (Poisson on) against resampling every activity row: means and
    10th/50th/90th percentiles of each pod's momentum and planned agree within 4.5 standard
    errors of Monte Carlo (the tolerance shrinks as 1/sqrt(draws))."""
    s, p = small
    n_fast, n_rows = 20_000, 1_500
    params = draw_parameters(s, s.tables["intervals"], n_fast, seed=2016)
    basis = slice_basis(s, p, ("pod",), params.pods)
    fast = simulate(basis, params, poisson=True)
    ref = reference_parameters(s, s.tables["intervals"], n_rows, seed=99)
    mom, plan = resample_rows(s, p, ref, ("pod",), seed=100)
    checked = 0
    for measure, a_all, b_all in (("momentum", fast.momentum, mom),
                                  ("planned", fast.planned, plan)):
        for k, pod in enumerate(basis.slices["pod"]):
            for y in (3, 5):
                a, b = a_all[:, k, y], b_all[:, k, y]
                tol = 4.5 * np.sqrt(a.var() / len(a) + b.var() / len(b))
                assert abs(a.mean() - b.mean()) <= tol, (measure, pod, y, "mean")
                for q in (0.1, 0.5, 0.9):
                    tol = 4.5 * np.hypot(quantile_se(a, q), quantile_se(b, q))
                    assert abs(np.quantile(a, q) - np.quantile(b, q)) <= tol, (
                        measure, pod, y, q)
                    checked += 1
    assert checked == 2 * 5 * 2 * 3
    # The spread is real: the drawn inputs widen non-elective activity well beyond Poisson.
    ne = list(basis.slices["pod"]).index("non_elective")
    assert fast.planned[:, ne, 5].std() > 3 * np.sqrt(fast.planned[:, ne, 5].mean())


def first_version_block(basis, shift, pct, delay, seed):
    """`_block` as first written (dense einsums and reduceat over draws x groups): the
    reference its faster form must equal bit for bit."""
    b, years = shift.shape[0], len(basis.years)
    phase = delayed_phasing(basis.phasing, delay)
    rng = None if seed is None else np.random.Generator(np.random.PCG64(seed))
    momentum = np.empty((b, len(basis.starts), years))
    planned = np.empty_like(momentum)
    by_effect = np.empty((b, basis.weight.shape[1], years))
    pod_of_group = np.eye(shift.shape[1])[basis.group_pod]
    step = 1.0 + basis.group_rate[None, :] + shift[:, basis.group_pod]
    compound = np.ones_like(step)
    for y in range(years):
        if y:
            compound = compound * step
        growth = compound * basis.group_profile[None, :, y]
        reduction = pct * phase[:, basis.effect_initiative, y]
        mom = basis.base[None, :] * growth
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
    return momentum, planned, by_effect, np.einsum("bg,gp->bp", mom, pod_of_group), phase


@pytest.mark.unit
def test_block_equals_its_first_dense_version_bit_for_bit(mse, mse_projection, small):
    wide = national_scenario(systems=20, localities=2, bands=2, seed=3)  # a run of 11 groups
    wide = wide.replace(tables={**wide.tables, "intervals": INTERVALS})
    runs = set()
    for scenario, projection in ((mse, mse_projection), small, (wide, project(wide))):
        intervals = scenario.tables.get("intervals")
        params = draw_parameters(scenario, intervals, 640, seed=11)
        for keys in [(), ("pod",), ("ccg", "pod"), ("ccg", "locality", "pod")]:
            basis = slice_basis(scenario, projection, keys, params.pods)
            runs.update(np.diff(np.r_[basis.starts, len(basis.base)]).tolist())
            for lo, hi in ((0, 500), (500, 640)):
                for seed in (None, np.random.SeedSequence(5)):
                    args = (basis, params.growth_shift[lo:hi], params.effect_pct[lo:hi],
                            params.delay[lo:hi], seed)
                    for new, old in zip(_block(*args), first_version_block(*args),
                                        strict=True):
                        assert new.shape == old.shape
                        assert np.array_equal(new, old), (keys, lo, seed)
    assert min(runs) == 1 and any(2 < r <= 8 for r in runs) and max(runs) > 8  # every path


@pytest.mark.unit
def test_sparse_and_dense_products_add_in_the_same_order():
    rng = np.random.default_rng(3)
    matrix = rng.lognormal(size=(300, 61)) * (rng.random((300, 61)) < 0.03)
    matrix[7] = 0.0  # a group with no effect
    rows = rng.lognormal(size=(61, 500)) * 10.0 ** rng.integers(-3, 4, size=(61, 1))
    sparse = _Product.of(matrix)
    assert sparse.dense is None  # ~2 of 61 entries per row: the non-zero entries are used
    dense = np.einsum("be,ge->bg", rows.T, matrix).T  # the first version's product
    assert np.array_equal(sparse @ rows, dense)
    assert np.array_equal(_Product.of(matrix[:, :4]) @ rows[:4],
                          np.einsum("be,ge->bg", rows[:4].T, matrix[:, :4]).T)


@pytest.mark.unit
def test_runs_sum_as_reduceat_does():
    rng = np.random.default_rng(4)
    for lengths in ([1, 2, 3, 1, 8, 5, 1], [1, 1, 1], [2, 9, 1, 12], [7, 8]):
        starts = np.cumsum([0, *lengths[:-1]])
        rows = rng.lognormal(size=(sum(lengths), 300)) * 10.0 ** rng.integers(
            -4, 5, size=(sum(lengths), 1))
        expected = np.add.reduceat(np.ascontiguousarray(rows.T), starts, axis=1).T
        assert np.array_equal(_Runs.of(starts, len(rows)).sums(rows), expected), lengths
