"""The end-to-end fuzz case: whatever a user puts in a scenario table, `icsplan run` ends with
problems and exit status 2 (or runs, if the input is still valid) — never a traceback, never
an internal error, never a partial output.

Each example is a whole command run (seconds), so there are few; the validation is fuzzed
in-process, hundreds of examples in milliseconds each, in tests/scenario/test_fuzz.py and
tests/population/test_fuzz.py."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from icsplan.cli import app
from icsplan.scenario.folder import resolve
from tests.strategies import bad_values

pytestmark = pytest.mark.e2e
runner = CliRunner()
# Derandomised (the same examples every run, so CI is reproducible) and without shrinking
# (each example is a whole command run; the failing example is printed as drawn).
FUZZ = settings(max_examples=6, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SCENARIO_FILES = ["ccgs.csv", "localities.csv", "baseline.csv", "growth.csv", "unit_costs.csv",
                  "targets.csv", "initiative_finance.csv", "investments.csv", "workforce.csv",
                  "bridge.csv", "org_budgets.csv", "qipp_targets.csv", "qipp_schemes.csv",
                  "published/locality_nel.csv", "published/system_activity.csv"]


def assert_clean_outcome(result, out) -> None:
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    if result.exit_code == 2:
        assert "problem" in result.output
        assert not out.exists(), "a refused input left output behind"
    else:
        assert (out / "manifest.json").is_file()


@FUZZ
@given(data=st.data(), value=bad_values)
def test_any_cell_of_any_scenario_table(tmp_path_factory, data, value):
    folder = tmp_path_factory.mktemp("fuzz") / "scenario"
    shutil.copytree(resolve("mse-2016"), folder)
    name = data.draw(st.sampled_from(SCENARIO_FILES), label="file")
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    row = data.draw(st.integers(0, len(frame) - 1), label="row")
    column = data.draw(st.sampled_from(list(frame.columns)), label="column")
    frame.loc[row, column] = value
    frame.to_csv(folder / name, index=False)
    out = folder.parent / "out"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
    assert_clean_outcome(result, out)
