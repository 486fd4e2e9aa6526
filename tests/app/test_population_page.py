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
