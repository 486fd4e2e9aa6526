from __future__ import annotations

import hashlib
import hmac
import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from icsplan.population.synth import pseudonym, synthesise
from icsplan.population.synth_params import age_distribution
from icsplan.safety.keys import keyed_ids

from .conftest import SMALL_SCALE


@pytest.mark.functional
def test_same_seed_same_files_other_seed_other_files(scenario, small_pop, tmp_path):
    synthesise(scenario, tmp_path / "again", seed=7, scale=SMALL_SCALE)
    synthesise(scenario, tmp_path / "other", seed=8, scale=SMALL_SCALE)
    for name in ("patients", "conditions", "activity"):
        ours = pq.read_table(small_pop / f"{name}.parquet")
        assert ours.equals(pq.read_table(tmp_path / "again" / f"{name}.parquet"))
        assert not ours.equals(pq.read_table(tmp_path / "other" / f"{name}.parquet"))


@pytest.mark.functional
def test_base_year_matches_scenario_baseline_within_half_an_activity(scenario, small_pop):
    act = pd.read_parquet(small_pop / "activity.parquet")
    pat = pd.read_parquet(small_pop / "patients.parquet", columns=["patient_id", "locality"])
    base = act[act["date"] >= pd.Timestamp("2015-04-01").date()].merge(pat, on="patient_id")
    ours = base.groupby(["locality", "pod"]).size()
    target = scenario.baseline.groupby(["locality", "pod"])["activity"].sum() * SMALL_SCALE
    diff = (ours.reindex(target.index, fill_value=0) - target).abs()
    assert diff.max() <= 0.5
    manifest = json.loads((small_pop / "manifest.json").read_text())
    assert manifest["years"] == ["2014/15", "2015/16"]


@pytest.mark.functional
def test_people_follow_locality_sizes_and_archetypes(scenario, small_pop):
    pat = pd.read_parquet(small_pop / "patients.parquet")
    sizes = pat.groupby("locality").size()
    expected = (scenario.localities.set_index("locality")["population"] * SMALL_SCALE).round()
    assert (sizes.reindex(expected.index) == expected).all()
    assert scenario.localities["archetype"].value_counts().to_dict() == {
        "urban_affluent": 16, "urban_deprived": 8, "rural": 2}
    pat = pat.merge(scenario.localities[["locality", "archetype"]], on="locality")
    pat["age"] = 2016 - pat["birth_year"]
    medians = pat.groupby("archetype")["age"].median()
    assert medians["urban_affluent"] < medians["urban_deprived"] < medians["rural"]
    assert abs(medians["rural"] - 48) <= 2 and abs(medians["urban_affluent"] - 40) <= 2
    imd = pat.groupby("archetype")["imd_score"].median()
    assert imd["urban_deprived"] > 22 > imd["urban_affluent"]
    assert not pat.loc[pat["age"] < 65, "care_home"].any()
    assert pat["patient_id"].is_unique


@pytest.mark.functional
def test_conditions_and_frailty_rise_with_age_and_activity_is_concentrated(small_pop):
    pat = pd.read_parquet(small_pop / "patients.parquet")
    cond = pd.read_parquet(small_pop / "conditions.parquet")
    per_person = cond.groupby("patient_id").size().reindex(pat["patient_id"], fill_value=0)
    old = (2016 - pat["birth_year"]).to_numpy() >= 65
    assert per_person[old].mean() > 3 * per_person[~old].mean()
    act = pd.read_parquet(small_pop / "activity.parquet")
    nel = act[act["pod"] == "non_elective"].groupby("patient_id").size().sort_values()
    top = nel.iloc[-len(pat) // 100:].sum() / nel.sum()  # the top 1% of people
    assert top > 0.2


@pytest.mark.unit
def test_pseudonyms_are_unique_and_keyed():
    key = b"k" * 32
    a = pseudonym(np.arange(100_000), key, seed=1).to_pylist()
    assert len(set(a)) == 100_000 and all(len(x) == 20 for x in a[:10])
    assert pseudonym(np.arange(5), key, seed=2).to_pylist() != a[:5]
    assert pseudonym(np.arange(5), b"other" * 8, seed=1).to_pylist() != a[:5]


@pytest.mark.unit
@pytest.mark.parametrize("key", [b"k" * 32, b"0123456789abcdef" * 4, b"long key " * 20])
def test_pseudonyms_are_hmac_sha256_of_the_row(key):
    """The ids made in bulk are byte for byte those of the standard library's HMAC, for keys
    shorter than, as long as and longer than SHA-256's block (a long key is hashed first)."""
    rows = [0, 1, 9, 10, 99_999, 1_200_000, 57_000_000]
    want = [hmac.new(key, f"icsplan-synth:3:{r}".encode(), hashlib.sha256).hexdigest()[:20]
            for r in rows]
    assert pseudonym(np.array(rows), key, seed=3).to_pylist() == want
    assert keyed_ids(key, "icsplan-synth:3", rows) == want


@pytest.mark.unit
def test_age_distribution_hits_its_median():
    for target in (40, 43, 48):
        cdf = np.cumsum(age_distribution(target))
        assert np.searchsorted(cdf, 0.5) == target


@pytest.mark.unit
def test_scale_is_checked(scenario, tmp_path):
    with pytest.raises(ValueError, match="scale"):
        synthesise(scenario, tmp_path, scale=0)
