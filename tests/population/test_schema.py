from __future__ import annotations

import shutil

import ibis
import pandas as pd
import pyarrow.parquet as pq
import pytest

from icsplan.errors import InputError
from icsplan.population.schema import PopulationInputError, read_population


def _copy(src, dst, drop=None, table="patients"):
    dst.mkdir()
    for name in ("patients", "conditions", "activity"):
        shutil.copy(src / f"{name}.parquet", dst / f"{name}.parquet")
    if drop:
        t = pq.read_table(dst / f"{table}.parquet").drop(drop)
        pq.write_table(t, dst / f"{table}.parquet")
    return dst


@pytest.mark.unit
def test_reads_a_valid_folder(small_pop):
    tables = read_population(small_pop, ibis.duckdb.connect())
    assert set(tables) == {"patients", "conditions", "activity"}
    assert tables["activity"].schema()["date"].is_date()


@pytest.mark.unit
def test_missing_columns_are_reported_one_per_problem(small_pop, tmp_path):
    folder = _copy(small_pop, tmp_path / "p", drop=["sex", "imd_decile", "imd_score"])
    with pytest.raises(PopulationInputError) as info:
        read_population(folder, ibis.duckdb.connect())
    messages = [str(p) for p in info.value.problems]
    assert any("patients.parquet" in m and "'sex'" in m and "missing" in m for m in messages)
    assert any("'imd_decile' or 'imd_score'" in m for m in messages)
    assert len(messages) == 2
    assert isinstance(info.value, InputError)


@pytest.mark.unit
def test_table_with_only_unusable_columns_is_reported_not_crashed(small_pop, tmp_path):
    """A table whose every expected column is missing or mistyped gives problems, not an
    Ibis error about an empty projection."""
    folder = _copy(small_pop, tmp_path / "p")
    (folder / "activity.parquet").unlink()
    (folder / "activity.csv").write_text("note,other\nx,y\n")
    with pytest.raises(PopulationInputError) as info:
        read_population(folder, ibis.duckdb.connect())
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 5  # patient_id, date, pod, provider, cost
    assert all(m.startswith("activity.csv, field '") for m in messages)


@pytest.mark.unit
def test_alternative_columns_are_accepted(small_pop, tmp_path):
    folder = _copy(small_pop, tmp_path / "p", drop=["imd_decile"])
    read_population(folder, ibis.duckdb.connect())


@pytest.mark.unit
def test_malformed_csv_values_name_table_and_column(small_pop, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    for name in ("patients", "conditions", "activity"):
        frame = pd.read_parquet(small_pop / f"{name}.parquet").head(200)
        if name == "patients":
            frame["birth_year"] = frame["birth_year"].astype(str)
            frame.loc[3, "birth_year"] = "nineteen"
        if name == "conditions":
            frame.loc[0, "code"] = "not_a_condition"
        frame.to_csv(folder / f"{name}.csv", index=False)
    with pytest.raises(PopulationInputError) as info:
        read_population(folder, ibis.duckdb.connect())
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("patients.csv, field 'birth_year'") for m in messages)
    assert any(m.startswith("conditions.csv, field 'code'") and "1 values" in m
               for m in messages)


@pytest.mark.unit
def test_csv_folder_is_read(small_pop, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    for name in ("patients", "conditions", "activity"):
        pd.read_parquet(small_pop / f"{name}.parquet").head(500).to_csv(
            folder / f"{name}.csv", index=False)
    tables = read_population(folder, ibis.duckdb.connect())
    assert tables["conditions"].schema()["first_recorded"].is_date()


@pytest.mark.unit
def test_missing_folder_and_files(tmp_path):
    with pytest.raises(PopulationInputError, match="no such folder"):
        read_population(tmp_path / "nope", ibis.duckdb.connect())
    with pytest.raises(PopulationInputError) as info:
        read_population(tmp_path, ibis.duckdb.connect())
    assert len(info.value.problems) == 3


def _copy_with(src, dest, table: str, change):
    import shutil

    import pyarrow.parquet as pq

    shutil.copytree(src, dest)
    frame = pq.read_table(dest / f"{table}.parquet").to_pandas()
    change(frame)
    frame.to_parquet(dest / f"{table}.parquet", index=False)
    return dest


@pytest.mark.functional
def test_people_in_localities_the_scenario_lacks_are_one_problem(small_pop, tmp_path, scenario):
    from icsplan.population.run import run_population

    def move(frame):
        frame.loc[frame.index[:3], "locality"] = "atlantis"

    folder = _copy_with(small_pop, tmp_path / "p", "patients", move)
    with pytest.raises(PopulationInputError) as info:
        run_population(folder, ibis.duckdb.connect(), scenario=scenario)
    (problem,) = info.value.problems
    assert "3 people are in localities the scenario does not have: 'atlantis'" in str(problem)
    assert problem.field == "locality" and problem.file == "patients.parquet"


@pytest.mark.functional
def test_birth_years_and_dates_after_the_base_year_are_problems(small_pop, tmp_path, scenario):
    import datetime

    from icsplan.population.run import run_population

    def born_later(frame):
        frame.loc[frame.index[:2], "birth_year"] = 2031

    folder = _copy_with(small_pop, tmp_path / "p", "patients", born_later)
    act = folder / "activity.parquet"
    import pandas as pd

    frame = pd.read_parquet(act)
    frame.loc[frame.index[:5], "date"] = datetime.date(2030, 1, 1)
    frame.to_parquet(act, index=False)
    with pytest.raises(PopulationInputError) as info:
        run_population(folder, ibis.duckdb.connect(), scenario=scenario)
    text = [str(p) for p in info.value.problems]
    assert any("2 birth years are after the base year 2015/16 ends" in t for t in text)
    assert any("5 dates are after the base year 2015/16 ends" in t for t in text)
