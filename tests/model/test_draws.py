"""Monte Carlo draws per slice: exact central run, reproducibility, brute-force agreement."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from icsplan.model import project
from icsplan.model.draws import simulate, slice_basis
from icsplan.model.resample import reference_parameters, resample_rows
from icsplan.model.uncertainty import draw_parameters
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
def test_serial_equals_parallel_and_chunking_does_not_matter(small):
    s, p = small
    params = draw_parameters(s, s.tables["intervals"], 1300, seed=7)
    basis = slice_basis(s, p, ("ccg", "pod"), params.pods)
    serial = simulate(basis, params, poisson=True)
    parallel = simulate(basis, params, poisson=True, processes=2)
    assert np.array_equal(serial.planned, parallel.planned)
    assert np.array_equal(serial.momentum, parallel.momentum)
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
