"""DuckDB / Spark parity: the same Ibis pipeline gives identical outputs on both engines.

Not skipped when PySpark or Java is missing: CI installs both, so a failure to start Spark
must fail the build rather than pass silently.
"""

from __future__ import annotations

import pandas as pd
import pyspark  # noqa: F401  (fail loudly, never skip, if PySpark is not installed)
import pytest

from icsplan.population.engine import connect

OUTPUTS = ("baseline", "costs", "segments", "cohorts", "calibration", "consistency")


@pytest.fixture(scope="session")
def spark_con(tmp_path_factory):
    con = connect("spark", "local[2]", tmp_dir=tmp_path_factory.mktemp("spark"))
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def spark_counted(spark_con, small_pop, scenario):
    """One pipeline run on Spark, with every fetch to the driver counted: the parity checks
    and the driver check all read it (a second Spark run cost ~13 s).  Its fit sample is
    capped at 1,000 of the ~12,000 people and its cohorts are 5 of each kind, as in
    `duck_counted`, so the engine-side sampling is compared across engines too."""
    from .conftest import run_counting_fetches

    with pytest.MonkeyPatch.context() as patch:
        return run_counting_fetches(spark_con, small_pop, scenario, patch)


@pytest.fixture(scope="session")
def spark_run(spark_counted):
    return spark_counted[0]


@pytest.fixture(scope="session")
def duck_parity(duck_counted):
    return duck_counted[0]


@pytest.mark.spark
@pytest.mark.slow  # starts a JVM: left out by `make test-fast`
@pytest.mark.parametrize("name", OUTPUTS)
def test_spark_and_duckdb_give_identical_outputs(name, spark_run, duck_parity):
    ours = getattr(spark_run, name).reset_index(drop=True)
    theirs = getattr(duck_parity, name).reset_index(drop=True)
    assert len(ours) > 0
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, rtol=1e-9)


@pytest.mark.spark
@pytest.mark.slow
def test_spark_and_duckdb_fit_the_same_model(spark_run, duck_parity):
    assert spark_run.model.coefficients == duck_parity.model.coefficients
    assert spark_run.model.intercept == duck_parity.model.intercept
    assert spark_run.auc == pytest.approx(duck_parity.auc, abs=1e-12)
    assert spark_run.people == duck_parity.people


@pytest.mark.spark
@pytest.mark.slow
def test_spark_driver_gets_no_person_level_rows(spark_counted):
    # Only aggregates, the (capped) fit sample and the cohort lists are collected to the
    # driver; every other step stays in Spark, so the driver does not grow with the people.
    result, rows = spark_counted
    assert result.people > 10_000 and result.model.fitted_on["people"] == 1000
    assert max(rows) <= max(1000, len(result.costs)) < result.people / 4
