"""The Population page's cohort counts: counts of 1 to 7 are suppressed as in exports."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.app.pages.population import cohort_counts

pytestmark = pytest.mark.unit


def test_small_cohort_counts_are_suppressed(tmp_path):
    rows = ([{"locality": "a", "cohort": "high_risk"}] * 3
            + [{"locality": "b", "cohort": "high_risk"}] * 12)
    pd.DataFrame(rows).to_parquet(tmp_path / "cohorts.parquet")
    counts = cohort_counts(tmp_path).set_index("locality")["people"]
    assert counts["a"] == "*" and counts["b"] == 12


def test_no_cohorts_file_means_no_table(tmp_path):
    assert cohort_counts(tmp_path) is None


def test_cohort_counts_are_hidden_where_their_segment_count_is(tmp_path):
    """A cohort's size follows from its segment's count (ranks 1-700, 701-1,400): shown
    beside a hidden segment count it would give that count back, so it is hidden there and
    only there (issue 17 item 5)."""
    rows = ([{"locality": "a", "cohort": "high_risk_1"}] * 12
            + [{"locality": "b", "cohort": "high_risk_1"}] * 3
            + [{"locality": "b", "cohort": "rising_risk_1"}] * 40)
    pd.DataFrame(rows).to_parquet(tmp_path / "cohorts.parquet")
    pd.DataFrame({"locality": ["a", "a", "b", "b"],
                  "segment": ["high_risk", "rising_risk", "high_risk", "rising_risk"],
                  "people": ["*", "*", "3", "40"]}).to_csv(tmp_path / "segments.csv",
                                                         index=False)
    counts = cohort_counts(tmp_path).set_index(["locality", "cohort"])["people"]
    assert counts[("a", "high_risk_1")] == "*"  # 12, but its segment's count is hidden
    assert counts[("b", "high_risk_1")] == 3  # follows from the published 3 anyway
    assert counts[("b", "rising_risk_1")] == 40
