from __future__ import annotations

import ibis
import pytest

from icsplan.population.cohorts import COHORT_COLUMNS, CohortSpec, cohorts, parse_cohorts


@pytest.mark.unit
def test_top_n_per_locality_by_risk_split_into_teams():
    t = ibis.memtable({
        "patient_id": [f"p{i}" for i in range(10)],
        "locality": ["a"] * 5 + ["b"] * 5,
        "segment": ["high_risk"] * 4 + ["rising_risk"] + ["high_risk"] * 5,
        "risk": [0.1, 0.9, 0.5, 0.5, 0.99, 0.2, 0.3, 0.4, 0.8, 0.7],
    })
    specs = (CohortSpec("high_risk", 2, 1), CohortSpec("rising_risk", 1, 5))
    out = ibis.duckdb.connect().to_pandas(cohorts(t, specs)).sort_values(
        ["locality", "cohort"])
    assert tuple(out.columns) == COHORT_COLUMNS
    a = out[out.locality == "a"]
    assert a.set_index("cohort")["patient_id"].to_dict() == {
        "high_risk_1": "p1", "high_risk_2": "p2", "rising_risk_1": "p4"}  # tie: p2 before p3
    b = out[out.locality == "b"]
    assert b["patient_id"].tolist() == ["p8", "p9"]


@pytest.mark.functional
def test_default_cohorts_on_synthetic_population(duck_run):
    members = duck_run.cohorts
    sizes = members.groupby(["locality", "cohort"]).size()
    assert sizes.max() <= 800
    assert set(members["cohort"]) <= {"high_risk_1", "high_risk_2", "rising_risk_1"}
    first = members[members["rank"] == 1]
    assert (first["risk"] >= 0).all() and members["patient_id"].is_unique


@pytest.mark.unit
def test_parse_cohorts():
    assert parse_cohorts("high_risk:2x700, rising_risk:1x800") == (
        CohortSpec("high_risk", 2, 700), CohortSpec("rising_risk", 1, 800))
    with pytest.raises(ValueError, match="segment:TEAMSxSIZE"):
        parse_cohorts("high_risk=700")
    with pytest.raises(ValueError, match="unknown segment"):
        parse_cohorts("frail:1x10")
