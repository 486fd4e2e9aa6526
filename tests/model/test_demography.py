"""Demographic growth by age band times non-demographic growth per pod."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.model import project
from icsplan.model.demography import DemographyError
from icsplan.scenario.synthetic import national_scenario


def with_projections(scenario, growth_old: float, bands, *, by_sex: bool = False):
    """Projections where people aged 75+ grow by `growth_old` a year and the rest not at all."""
    rows = []
    for k, year in enumerate(scenario.years):
        for band in bands:
            old = int(band.rstrip("+").split("-")[0]) >= 75
            people = 1000.0 * ((1 + growth_old) ** k if old else 1.0)
            for sex in (("female", "male") if by_sex else ("",)):
                rows.append({"area": "", "age_band": band, "sex": sex, "year": year,
                             "population": people / (2 if by_sex else 1), "source": "test"})
    nondemo = pd.DataFrame({"pod": scenario.meta.pods, "annual_growth_pct": 1.0,
                            "source": "test"})
    return scenario.replace(tables={**scenario.tables,
                                    "population_projections": pd.DataFrame(rows),
                                    "non_demographic_growth": nondemo})


@pytest.fixture(scope="module")
def small():
    return national_scenario(systems=1, localities=2, bands=20, seed=5)


@pytest.mark.functional
@pytest.mark.parametrize("by_sex", [False, True])
def test_momentum_is_population_factor_times_non_demographic_growth(small, by_sex):
    bands = sorted(set(small.baseline["age_band"]))
    s = with_projections(small, 0.05, bands, by_sex=by_sex)
    p = project(s)
    old = p.cells["age_band"].astype(str).map(
        lambda b: int(b.rstrip("+").split("-")[0]) >= 75).to_numpy()
    t = np.arange(len(p.years))[:, None]
    expected = p.baseline[None, :] * 1.01 ** t * np.where(old, 1.05, 1.0)[None, :] ** t
    np.testing.assert_allclose(p.momentum, expected, rtol=1e-12)


@pytest.mark.functional
def test_an_older_population_grows_old_age_activity_more(small):
    bands = sorted(set(small.baseline["age_band"]))
    slow = project(with_projections(small, 0.01, bands))
    fast = project(with_projections(small, 0.04, bands))
    assert fast.momentum[-1].sum() > slow.momentum[-1].sum()
    assert (fast.momentum[-1] >= slow.momentum[-1] - 1e-9).all()


@pytest.mark.functional
def test_default_growth_is_unchanged_without_projections(mse, mse_projection):
    t = np.arange(len(mse_projection.years))[:, None]
    rate = mse.tables["growth"].set_index("pod")["annual_growth_pct"] / 100
    g = mse_projection.cells["pod"].map(rate).to_numpy(dtype=float)
    assert np.array_equal(mse_projection.momentum,
                          mse_projection.baseline[None, :] * (1.0 + g[None, :]) ** t)


@pytest.mark.unit
def test_a_missing_age_band_is_named(small):
    bands = sorted(set(small.baseline["age_band"]))
    s = with_projections(small, 0.02, bands[1:])
    with pytest.raises(DemographyError, match=f"age band '{bands[0]}'"):
        project(s)
