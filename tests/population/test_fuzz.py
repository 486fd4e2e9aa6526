"""Fuzzing the patient-level input in-process: whatever a user puts in a few cells of
patients, conditions or activity, the population pipeline ends in problems (one line each)
or runs — never an exception of another kind (formerly through `icsplan population run`)."""

from __future__ import annotations

import shutil

import ibis
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from icsplan.errors import InputError
from icsplan.population.run import run_population
from tests.scenario.test_fuzz import assert_problems, bad_values

pytestmark = pytest.mark.functional


@settings(max_examples=12, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), value=bad_values)
def test_any_cell_of_a_patient_level_file(tmp_path_factory, small_pop_csv, scenario, data,
                                          value):
    folder = tmp_path_factory.mktemp("fuzzpop") / "pop"
    shutil.copytree(small_pop_csv, folder)
    name = data.draw(st.sampled_from(["patients.csv", "conditions.csv", "activity.csv"]),
                     label="file")
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    rows = data.draw(st.lists(st.integers(0, len(frame) - 1), min_size=1, max_size=3,
                              unique=True), label="rows")
    column = data.draw(st.sampled_from(list(frame.columns)), label="column")
    frame.loc[rows, column] = value
    frame.to_csv(folder / name, index=False)
    try:
        result = run_population(folder, ibis.duckdb.connect(), scenario=scenario)
    except InputError as error:
        assert_problems(error)
    except ValueError as error:  # what `icsplan population run` reports as one problem
        assert str(error).strip() and "Traceback" not in str(error)
    else:
        assert result.people > 0
