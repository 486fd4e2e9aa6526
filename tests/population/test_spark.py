"""DuckDB / Spark parity: the same Ibis pipeline gives identical outputs on both engines.

Not skipped when PySpark or Java is missing: CI installs both, so a failure to start Spark
must fail the build rather than pass silently.
"""

from __future__ import annotations

import pandas as pd
import pyspark  # noqa: F401  (fail loudly, never skip, if PySpark is not installed)
import pytest

from icsplan.population.engine import connect
from icsplan.population.run import run_population

OUTPUTS = ("baseline", "costs", "segments", "cohorts", "calibration", "consistency")


@pytest.fixture(scope="session")
def spark_con(tmp_path_factory):
    con = connect("spark", "local[2]", tmp_dir=tmp_path_factory.mktemp("spark"))
    yield con
    con.disconnect()


@pytest.fixture(scope="session")
def spark_run(spark_con, small_pop, scenario):
    return run_population(small_pop, spark_con, threshold=0, scenario=scenario)


@pytest.mark.spark
@pytest.mark.slow  # starts a JVM: left out by `make test-fast`
@pytest.mark.parametrize("name", OUTPUTS)
def test_spark_and_duckdb_give_identical_outputs(name, spark_run, duck_run):
    ours = getattr(spark_run, name).reset_index(drop=True)
    theirs = getattr(duck_run, name).reset_index(drop=True)
    assert len(ours) > 0
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, rtol=1e-9)


@pytest.mark.spark
@pytest.mark.slow
def test_spark_and_duckdb_fit_the_same_model(spark_run, duck_run):
    assert spark_run.model.coefficients == duck_run.model.coefficients
    assert spark_run.model.intercept == duck_run.model.intercept
    assert spark_run.auc == pytest.approx(duck_run.auc, abs=1e-12)
    assert spark_run.people == duck_run.people


@pytest.mark.spark
@pytest.mark.slow
def test_spark_driver_gets_no_person_level_rows(spark_con, small_pop, scenario, monkeypatch):
    # Only aggregates, the (capped) fit sample and the cohort lists are collected to the
    # driver; every other step stays in Spark, so the driver does not grow with the people.
    from .conftest import run_counting_fetches

    result, rows = run_counting_fetches(spark_con, small_pop, scenario, monkeypatch)
    assert result.people > 10_000 and result.model.fitted_on["people"] == 1000
    assert max(rows) <= max(1000, len(result.costs)) < result.people / 4
