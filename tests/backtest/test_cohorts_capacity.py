"""Cohort check (003's cohort assumptions) and the capacity back test (002 bed days)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from icsplan.backtest.cohorts import (
    COHORT_BANDS,
    age_profile,
    cohort_effects,
    nel_age_profile,
    shipped_profiles,
)
from icsplan.model.capacity import plan_capacity
from icsplan.population.synth_params import ARCHETYPES


@pytest.mark.backtest
def test_cohort_assumptions_against_003_published_reductions(mse, mse_findings):
    found = {f.item.split()[0]: f for f in mse_findings
             if f.table == "003 initiative cohorts (Initial assumptions)"}
    assert set(found) == {"frailty_eol", "ltc"}
    assert found["frailty_eol"].published == -6.83 and found["ltc"].published == -2.9
    # Independent arithmetic: NEL growth is the same in every age band, so the share of
    # momentum removed is the NEL-weighted sum of band share x cohort reduction.
    base = mse.baseline[mse.baseline["pod"] == "non_elective"].set_index("locality")
    arche = mse.localities.set_index("locality")["archetype"]
    profiles = {a: nel_age_profile(a) for a in set(arche)}
    for ini, effects in cohort_effects(mse).items():
        removed = sum(base.loc[loc, "activity"] * sum(
            profiles[arche[loc]][b] * pct for bands, pct, _ in effects for b in bands)
            for loc in base.index)
        expected = -removed / base["activity"].sum()
        assert found[ini].recomputed == pytest.approx(expected, abs=0.005)
        assert found[ini].status == "differs" and "keeps the published" in found[ini].note


@pytest.mark.unit
def test_nel_age_profile_is_a_share_by_band_rising_with_age():
    profile = nel_age_profile("rural", people=20_000)
    assert list(profile.index) == list(COHORT_BANDS)
    assert profile.sum() == pytest.approx(1.0)
    assert profile["85+"] > profile["0-44"] * 2  # the oldest use emergency care most per head


@pytest.mark.unit
def test_shipped_age_profiles_are_what_the_generator_draws(tmp_path):
    # the shipped file is current: the script writes it byte for byte ...
    script = Path(__file__).resolve().parents[2] / "scripts" / "derive_nel_age_profiles.py"
    subprocess.run([sys.executable, str(script), str(tmp_path / "p.csv")], check=True,
                   capture_output=True)
    shipped = Path(__file__).resolve().parents[2] / "src/icsplan/backtest/nel_age_profiles.csv"
    assert (tmp_path / "p.csv").read_bytes() == shipped.read_bytes()
    # ... and reads back as the very floats the generator's sample gives
    assert set(shipped_profiles()) == set(ARCHETYPES)
    for archetype in ARCHETYPES:
        pd.testing.assert_series_equal(age_profile(archetype), nel_age_profile(archetype),
                                       check_exact=True)


@pytest.mark.unit
def test_an_archetype_the_generator_does_not_ship_is_drawn():
    assert "coastal" not in shipped_profiles()
    pd.testing.assert_series_equal(age_profile("coastal"), nel_age_profile("coastal"),
                                   check_exact=True)
    assert not age_profile("coastal").equals(age_profile("rural"))


@pytest.mark.backtest
def test_bed_days_per_1000_against_002(mse, mse_projection, mse_findings):
    capacity = plan_capacity(mse, mse_projection)
    found = {f.item: f for f in mse_findings
             if f.table == "002 key facts (STP performance targets)"}
    ytd = found["bed_days_per_1000 2016/17 (ytd)"]
    assert ytd.status == "match"  # length of stay is calibrated to this figure
    horizon = found["bed_days_per_1000 2020/21 (target)"]
    assert horizon.published == 277.7 and horizon.status == "differs"
    assert horizon.recomputed > 296.4  # admissions grow: fewer bed days need shorter stays
    trusts = capacity[capacity["level"] == "trust"]
    assert set(trusts["area"]) == {"BTUHFT", "MEHT", "SUHFT"}
    system = capacity[capacity["level"] == "system"]
    by_trust = trusts.groupby(["year", "occupancy"])["planned_beds"].sum()
    assert by_trust.to_numpy() == pytest.approx(
        system.set_index(["year", "occupancy"])["planned_beds"].loc[by_trust.index].to_numpy())
