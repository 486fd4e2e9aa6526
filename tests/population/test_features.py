from __future__ import annotations

import shutil

import ibis
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from icsplan.population.conditions import BY_CODE, LTC_CODES
from icsplan.population.features import (
    SHARED_DEFICITS,
    UNPACKED,
    features,
    materialise_wide,
    wide_features,
)
from icsplan.population.run import index_dates
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


@pytest.mark.unit
def test_condition_and_deficit_counts_equal_the_codes_recorded(small_pop, duck_run):
    # ltc_count and deficits are popcounts of the conditions' bits (a deficit of two codes,
    # e.g. COPD and asthma, counted once): the same as counting the codes person by person
    index = duck_run.periods.score_index
    ours = _frame(small_pop, index).set_index("patient_id")
    cond = pq.read_table(small_pop / "conditions.parquet").to_pandas()
    cond = cond[cond["first_recorded"] < index]
    cond = cond.assign(deficit=cond["code"].map(lambda c: BY_CODE[c].deficit))
    per_person = cond.groupby("patient_id")
    deficits = per_person["deficit"].nunique().reindex(ours.index, fill_value=0)
    ltcs = (cond[cond["code"].isin(LTC_CODES)].groupby("patient_id")["code"].nunique()
            .reindex(ours.index, fill_value=0))
    assert (ours["deficits"] == deficits).all() and (ours["ltc_count"] == ltcs).all()
    assert (ours["ltc_count"] == ours[[f"ltc_{c}" for c in LTC_CODES]].sum(axis=1)).all()
    shared = {frozenset(c for c in BY_CODE if BY_CODE[c].deficit == d)
              for d in {BY_CODE[c].deficit for c in BY_CODE} if d}
    both = [codes for codes in shared if len(codes) > 1]
    assert len(both) == len(SHARED_DEFICITS)
    codes = per_person["code"].agg(set)
    assert any(codes.map(lambda s, pair=pair: pair <= s).any() for pair in both)


def _wide(con, tables, periods, packed=True):
    base = (periods.base_start, periods.score_index)
    wide = wide_features(tables, periods.score_index.year, index_dates(periods), base, packed)
    return con.to_pandas(wide.order_by("patient_id")).reset_index(drop=True)


@pytest.mark.unit
def test_packed_slot_counts_equal_counting_slot_by_slot(small_pop, duck_run):
    con = ibis.duckdb.connect()
    tables = read_population(small_pop, con)
    packed = _wide(con, tables, duck_run.periods)
    plain = _wide(con, tables, duck_run.periods, packed=False)
    assert (packed.pop(UNPACKED) == 0).all()
    costs = [c for c in plain.columns if c.endswith("_cost")]
    pd.testing.assert_frame_equal(packed.drop(columns=costs), plain.drop(columns=costs))
    pd.testing.assert_frame_equal(packed[costs], plain[costs], rtol=1e-12)
    assert plain["score__prior_op"].sum() > 0 and plain["base__ae"].sum() > 0


@pytest.mark.unit
def test_a_count_too_large_for_its_field_is_counted_slot_by_slot(duck_run):
    # 40,000 A&E attendances of one (placeholder) id in one half-year overflow a 15-bit field
    periods = duck_run.periods
    con = ibis.duckdb.connect()
    day = periods.score_index.replace(month=1, day=15)
    people = pd.DataFrame({"patient_id": ["a", "b"], "birth_year": [1950, 1990],
                           "sex": ["F", "M"], "practice": ["P1", "P1"],
                           "locality": ["x", "x"], "imd_decile": [3, 7],
                           "care_home": [False, False]})
    activity = pd.DataFrame({"patient_id": ["a"] * 40_000 + ["b"] * 3,
                             "date": [day] * 40_003,
                             "pod": ["ae"] * 40_000 + ["ae", "outpatient", "elective"],
                             "cost": [100.0] * 40_003})
    conditions = pd.DataFrame({"patient_id": ["b"], "code": ["asthma"],
                               "first_recorded": [day.replace(year=day.year - 3)]})
    tables = {name: con.create_table(f"t_{name}", frame) for name, frame in
              (("patients", people), ("activity", activity), ("conditions", conditions))}
    packed = _wide(con, tables, periods)
    assert packed[UNPACKED].tolist() == [40_000 - 40_000 % (1 << 15), 0]
    plain = _wide(con, tables, periods, packed=False)
    assert plain["score__last12_ae"].tolist() == [40_000, 1]
    base = (periods.base_start, periods.score_index)
    wide = materialise_wide(con, tables, periods.score_index.year, index_dates(periods), base)
    got = con.to_pandas(wide.order_by("patient_id")).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, plain)
