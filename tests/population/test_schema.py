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
