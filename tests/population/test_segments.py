from __future__ import annotations

import ibis
import pytest

from icsplan.population.segments import with_segment

BASE = {"efi": 0.0, "care_home": 0, "ltc_count": 0, "age": 40, "last12_nel": 0, "last12_ae": 0}


def _segment(**changes):
    row = {k: [v] for k, v in {**BASE, **changes}.items()}
    out = ibis.duckdb.connect().to_pandas(with_segment(ibis.memtable(row)))
    return out["segment"].iloc[0]


@pytest.mark.unit
@pytest.mark.parametrize(("changes", "expected"), [
    ({}, "mostly_healthy"),
    ({"efi": 0.25}, "high_risk"),
    ({"efi": 0.24}, "rising_risk"),
    ({"efi": 0.12}, "mostly_healthy"),
    ({"care_home": 1}, "high_risk"),
    ({"ltc_count": 4}, "high_risk"),
    ({"ltc_count": 3, "age": 75}, "high_risk"),
    ({"ltc_count": 3, "age": 74}, "rising_risk"),
    ({"last12_nel": 3}, "high_risk"),
    ({"last12_nel": 2}, "rising_risk"),
    ({"last12_nel": 1}, "rising_risk"),
    ({"last12_ae": 2}, "rising_risk"),
    ({"ltc_count": 1, "age": 55}, "rising_risk"),
    ({"ltc_count": 1, "age": 54}, "mostly_healthy"),
])
def test_segment_rules(changes, expected):
    assert _segment(**changes) == expected


@pytest.mark.functional
def test_segment_shares_are_near_the_seeds(duck_run):
    system = duck_run.segments[duck_run.segments["locality"] == "all"].set_index("segment")
    shares = system["share_pct"].astype(float)
    assert abs(shares["high_risk"] - 5) < 1.5
    assert abs(shares["rising_risk"] - 24) < 3
    assert abs(shares["mostly_healthy"] - 71) < 3
