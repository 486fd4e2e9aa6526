"""RAG banding and 003's enabler scoring criteria."""

from __future__ import annotations

import pytest

from icsplan.store.rag import parse_banding, rag, workforce_capacity_score

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
