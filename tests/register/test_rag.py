"""RAG banding and 003's enabler scoring criteria."""

from __future__ import annotations

import pytest

from icsplan.register.rag import parse_banding, rag, workforce_capacity_score

pytestmark = pytest.mark.unit


def test_default_banding_edges():
    assert [rag(s) for s in (25, 15, 14, 10, 9, 1)] == ["R", "R", "AR", "AR", "A", "A"]


def test_a_configured_banding_applies():
    banding = parse_banding("20:R, 12:AR, 6:A, 1:G")
    assert [rag(s, banding) for s in (20, 16, 12, 6, 5)] == ["R", "AR", "AR", "A", "G"]


@pytest.mark.parametrize(("patients", "score"), [
    (3400, 1), (3001, 1), (3000, 2), (2800, 2), (2600, 2), (2599, 3), (2100, 3), (2099, 4),
    (1800, 4)])
def test_workforce_capacity_score_gives_a_shared_edge_to_the_less_advanced_band(patients, score):
    assert workforce_capacity_score(patients) == score


def test_a_workforce_score_is_derived_from_patients_per_gp_or_checked_against_it():
    from icsplan.register.rows import validate_row

    row = {"id": "x", "locality": "tilbury", "enabler": "workforce_capacity",
           "assessed_quarter": "2017/18 Q1", "measure": "2600"}
    clean, problems = validate_row("enablers", row, "enablers.csv", 2)
    assert not problems and clean["score"] == 2  # the shared edge goes to the lower score
    _, problems = validate_row("enablers", {**row, "score": "4"}, "enablers.csv", 2)
    assert "disagrees with 003's criteria: 2,600 patients per GP scores 2" in problems[0].message
