"""Shared fixtures: one small synthetic mse-2016 population and one pipeline run per session."""

from __future__ import annotations

import ibis
import pytest

from icsplan.population.run import run_population
from icsplan.population.synth import synthesise
from icsplan.scenario.folder import load_scenario

SMALL_SCALE = 0.01  # ~12,000 people, ~55,000 activities over two years


@pytest.fixture(scope="session")
def scenario():
    return load_scenario("mse-2016")


@pytest.fixture(scope="session")
def small_pop(tmp_path_factory, scenario):
    folder = tmp_path_factory.mktemp("pop")
    synthesise(scenario, folder, seed=7, scale=SMALL_SCALE)
    return folder


@pytest.fixture(scope="session")
def duck(small_pop):
    """A DuckDB backend with the small population read in."""
    return ibis.duckdb.connect()


@pytest.fixture(scope="session")
def duck_run(small_pop, scenario):
    """The pipeline on DuckDB, unsuppressed (threshold 0) so totals can be checked exactly."""
    return run_population(small_pop, ibis.duckdb.connect(), threshold=0, scenario=scenario)


@pytest.fixture(scope="session")
def duck_run_suppressed(small_pop, scenario):
    return run_population(small_pop, ibis.duckdb.connect(), scenario=scenario)


@pytest.fixture(scope="session")
def small_pop_csv(tmp_path_factory):
    """A tiny synthetic population as CSV files (what a user most often brings)."""
    import pandas as pd

    from icsplan.population.synth import synthesise
    from icsplan.scenario.folder import load_scenario

    parquet = tmp_path_factory.mktemp("pq")
    synthesise(load_scenario("mse-2016"), parquet, seed=11, scale=0.004)
    folder = tmp_path_factory.mktemp("popcsv")
    for name in ("patients", "conditions", "activity"):
        pd.read_parquet(parquet / f"{name}.parquet").to_csv(folder / f"{name}.csv", index=False)
    return folder


def run_counting_fetches(con, folder, scenario, monkeypatch):
    """Run the pipeline on `con` with a fit sample of 1,000 and cohorts of 5 (both kinds),
    recording the number of rows of every result the engine hands to Python: (run, [rows per
    fetch])."""
    import icsplan.population.run as run_module
    from icsplan.population.cohorts import CohortSpec

    rows: list[int] = []
    execute = con.execute

    def counting(expr, *args, **kwargs):
        out = execute(expr, *args, **kwargs)
        rows.append(len(out) if hasattr(out, "__len__") and not isinstance(out, str) else 1)
        return out

    monkeypatch.setattr(con, "execute", counting)
    monkeypatch.setattr(run_module, "MAX_FIT_ROWS", 1000)
    result = run_module.run_population(folder, con, threshold=0, scenario=scenario,
                                       cohort_specs=(CohortSpec("high_risk", 1, 5),
                                                     CohortSpec("rising_risk", 1, 5)))
    return result, rows


@pytest.fixture(scope="session")
def duck_counted(small_pop, scenario):
    """`run_counting_fetches` on DuckDB, once per test run."""
    with pytest.MonkeyPatch.context() as patch:
        return run_counting_fetches(ibis.duckdb.connect(), small_pop, scenario, patch)
