from __future__ import annotations

import logging

import pandas as pd
import pytest

from icsplan.population.cohorts import COHORT_COLUMNS
from icsplan.population.privacy import SUPPRESSED, suppress
from icsplan.population.run import run_population, write_outputs


@pytest.mark.unit
def test_counts_from_1_to_threshold_are_suppressed_with_dependents():
    frame = pd.DataFrame({"n": [0, 1, 7, 8, 100], "share": [0.0, 0.1, 0.2, 0.3, 0.4]})
    out = suppress(frame, "n", ("share",))
    assert out["n"].tolist() == [0, SUPPRESSED, SUPPRESSED, 8, 100]
    assert out["share"].tolist() == [0.0, SUPPRESSED, SUPPRESSED, 0.3, 0.4]
    assert suppress(frame, "n", threshold=10)["n"].tolist()[3] == SUPPRESSED


@pytest.mark.functional
def test_cohort_lists_hold_only_the_pseudonymised_id(duck_run_suppressed, tmp_path, small_pop):
    write_outputs(duck_run_suppressed, tmp_path)
    members = pd.read_parquet(tmp_path / "cohorts.parquet")
    assert tuple(members.columns) == COHORT_COLUMNS
    patients = pd.read_parquet(small_pop / "patients.parquet")
    assert set(members["patient_id"]) <= set(patients["patient_id"])
    for col in ("birth_year", "practice", "sex", "imd_score", "age"):
        assert col not in members.columns


@pytest.mark.functional
def test_aggregate_exports_suppress_small_counts(duck_run_suppressed, tmp_path):
    write_outputs(duck_run_suppressed, tmp_path)
    for name, col in (("segments.csv", "people"), ("costs.csv", "activity"),
                      ("calibration.csv", "events")):
        frame = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
        values = pd.to_numeric(frame[col], errors="coerce")
        assert not values.between(1, 7).any(), name
    costs = pd.read_csv(tmp_path / "costs.csv", dtype=str, keep_default_na=False)
    assert (costs["activity"] == SUPPRESSED).any()  # a small population has small cells
    baseline = pd.read_csv(tmp_path / "baseline.csv")
    assert not baseline["activity"].between(1, 7).any()


@pytest.mark.functional
def test_logs_hold_nothing_personal(small_pop, caplog):
    import ibis

    with caplog.at_level(logging.DEBUG):
        run_population(small_pop, ibis.duckdb.connect())
    text = caplog.text
    assert text  # the run does log
    patients = pd.read_parquet(small_pop / "patients.parquet")
    for value in patients["patient_id"].head(2000):
        assert value not in text
    for value in patients["practice"].unique():
        assert value not in text


@pytest.mark.unit
def test_no_small_count_survives_suppression_property():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.integers(0, 50), min_size=1, max_size=30), st.integers(0, 10))
    def check(counts, threshold):
        out = suppress(pd.DataFrame({"n": counts}), "n", threshold=threshold)
        shown = pd.to_numeric(out["n"], errors="coerce").dropna()
        assert not shown.between(1, threshold).any() if threshold else len(shown) == len(counts)
        assert (out["n"] == SUPPRESSED).sum() == sum(1 <= c <= threshold for c in counts)

    check()
