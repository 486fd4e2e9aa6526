"""Fixtures of the command-line tests: the small synthetic population of the population tests."""

import pytest  # noqa: E402

from tests.population.conftest import small_pop  # noqa: F401  (a fixture, used by name)


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
