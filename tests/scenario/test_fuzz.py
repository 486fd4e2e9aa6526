"""Fuzzing the validation in-process: whatever a user puts in a cell of a scenario table, or
however a file is damaged, reading the scenario ends in problems (one line each, naming the
file) or in a scenario the model runs on — never an exception of another kind.

Each example takes milliseconds: the cell fuzz mutates one table in memory, round-trips it
through CSV text and rebuilds the scenario from the built-in one (`scenario.build.revise`
checks the whole scenario's rules again).  One end-to-end case through `icsplan run` stays
in tests/cli/test_fuzz.py."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from icsplan.errors import InputError
from icsplan.pipeline import run_plan
from icsplan.report.files import output_tables
from icsplan.run_options import RunOptions
from icsplan.scenario.build import revise
from icsplan.scenario.folder import load_scenario, resolve
from icsplan.scenario.tables import PUBLISHED, TABLES
from icsplan.scenario.validate import validate_published, validate_rows
from tests.strategies import bad_values

pytestmark = pytest.mark.functional
# Derandomised: the same examples every run, so CI is reproducible.
FUZZ = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SCENARIO_FILES = ["ccgs.csv", "localities.csv", "baseline.csv", "growth.csv", "unit_costs.csv",
                  "targets.csv", "initiative_finance.csv", "investments.csv", "workforce.csv",
                  "bridge.csv", "org_budgets.csv", "qipp_targets.csv", "qipp_schemes.csv",
                  "intervals.csv", "length_of_stay.csv", "options.csv", "criteria.csv",
                  "published/locality_nel.csv", "published/system_activity.csv"]
SPECS = {spec.file: spec for spec in TABLES.values()}


@pytest.fixture(scope="module")
def texts() -> dict[str, pd.DataFrame]:
    """The built-in scenario's tables as the folder reader first sees them: all text."""
    folder = resolve("mse-2016")
    return {name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)
            for name in SCENARIO_FILES}


def assert_problems(error: InputError, file: str | None = None) -> None:
    """Problems are sentences of one line, located in the user's file."""
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        assert text.strip() and "\n" not in text and "Traceback" not in text, text
    if file is not None:
        assert any(p.file == file for p in error.problems), [str(p) for p in error.problems]


def rebuild(mse, file: str, frame: pd.DataFrame):
    """The built-in scenario with `file` replaced by `frame` (text), read and validated as
    the folder reader does: row by row, then the whole scenario."""
    raw = pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str,
                      keep_default_na=False)
    problems: list = []
    if file.startswith("published/"):
        name = file.removeprefix("published/").removesuffix(".csv")
        validate_published(name, raw, problems)
        if problems:
            raise InputError(problems)
        typed = pd.read_csv(io.StringIO(frame.to_csv(index=False)))
        return revise(mse, published={**mse.published, name: typed})
    spec = SPECS[file]
    typed = validate_rows(raw, spec, problems)
    if problems:
        raise InputError(problems)
    return revise(mse, tables={**mse.tables, spec.name: typed})


@settings(FUZZ, max_examples=100)
@given(data=st.data(), value=bad_values)
def test_any_cell_of_any_scenario_table(mse, texts, data, value):
    file = data.draw(st.sampled_from(SCENARIO_FILES), label="file")
    frame = texts[file].copy()
    row = data.draw(st.integers(0, len(frame) - 1), label="row")
    column = data.draw(st.sampled_from(list(frame.columns)), label="column")
    frame.loc[row, column] = value
    try:
        rebuild(mse, file, frame)
    except InputError as error:
        assert_problems(error)


@settings(FUZZ, max_examples=10, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data(), value=bad_values)
def test_a_scenario_that_passes_validation_runs(mse, texts, data, value):
    """Where a changed cell is still valid, the whole model runs on it and every output
    table can be made (the options appraisal aside: tests/cli/test_fuzz.py runs it)."""
    file = data.draw(st.sampled_from([f for f in SCENARIO_FILES
                                      if f not in ("options.csv", "criteria.csv")]),
                     label="file")
    frame = texts[file].copy()
    row = data.draw(st.integers(0, len(frame) - 1), label="row")
    numeric = [c for c in frame.columns if pd.to_numeric(frame[c], errors="coerce").notna().all()]
    column = data.draw(st.sampled_from(numeric or list(frame.columns)), label="column")
    frame.loc[row, column] = value
    try:
        scenario = rebuild(mse, file, frame)
    except InputError as error:
        assert_problems(error)
        return
    try:  # the model's own checks (e.g. initiatives removing over 100%) are problems too
        plan = run_plan(scenario, RunOptions(appraise_options=False))
    except InputError as error:
        assert_problems(error)
        return
    assert all(isinstance(t, pd.DataFrame) for t in output_tables(plan).values())


DAMAGE = ["delete", "empty", "garbage", "drop column", "duplicate row", "truncate"]


@settings(FUZZ, max_examples=30, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_structural_damage_to_a_scenario(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz") / "scenario"
    shutil.copytree(resolve("mse-2016"), folder)
    name = data.draw(st.sampled_from([*SCENARIO_FILES, "initiatives.yaml", "scenario.yaml"]),
                     label="file")
    damage = data.draw(st.sampled_from(DAMAGE), label="damage")
    path = folder / name
    text = path.read_text()
    if damage == "delete":
        path.unlink()
    elif damage == "empty":
        path.write_text("")
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff\xfe" + text[:50].encode())
    elif damage == "drop column" and name.endswith(".csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.drop(columns=frame.columns[data.draw(st.integers(0, len(frame.columns) - 1))]
                   ).to_csv(path, index=False)
    elif damage == "duplicate row" and name.endswith(".csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        pd.concat([frame, frame.iloc[:1]]).to_csv(path, index=False)
    else:
        path.write_text(text[: len(text) // 2])
    try:
        load_scenario(str(folder))
    except InputError as error:
        assert_problems(error)


def test_the_fuzzed_tables_are_the_ones_the_reader_knows():
    assert set(SCENARIO_FILES) - {f"published/{n}.csv" for n in PUBLISHED} <= set(SPECS)


def test_a_valid_change_runs_through_the_model(mse, texts):
    """The valid branch of the fuzz above, certainly taken once: a changed growth rate."""
    frame = texts["growth.csv"].copy()
    frame.loc[0, "annual_growth_pct"] = "2.5"
    plan = run_plan(rebuild(mse, "growth.csv", frame), RunOptions(appraise_options=False))
    assert not output_tables(plan)["activity"].empty
