from __future__ import annotations

import shutil

import ibis
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from icsplan.population.features import features
from icsplan.population.schema import read_population


def _frame(folder, index):
    con = ibis.duckdb.connect()
    t = features(read_population(folder, con), index, 2016)
    return con.to_pandas(t.order_by("patient_id"))


@pytest.mark.unit
def test_age_and_imd_score_can_replace_birth_year_and_decile(small_pop, duck_run, tmp_path):
    folder = tmp_path / "alt"
    shutil.copytree(small_pop, folder)
    patients = pq.read_table(folder / "patients.parquet")
    age = pc.subtract(2016, patients["birth_year"])
    patients = patients.drop(["birth_year", "imd_decile"]).append_column("age", age)
    pq.write_table(patients, folder / "patients.parquet")
    index = duck_run.periods.eval_index
    ours, theirs = _frame(folder, index), _frame(small_pop, index)
    cols = [c for c in theirs.columns if c != "birth_year"]
    assert ours[cols].equals(theirs[cols])


@pytest.mark.unit
def test_only_conditions_recorded_before_the_index_count(small_pop, duck_run):
    early = _frame(small_pop, duck_run.periods.fit_index)
    late = _frame(small_pop, duck_run.periods.score_index)
    assert (late["ltc_count"] >= early["ltc_count"]).all()
    assert late["ltc_count"].sum() > early["ltc_count"].sum()
    assert (early["prior_nel"] >= 0).all() and early["nel_next"].sum() > 0
