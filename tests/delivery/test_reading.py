"""Plain-English readings of SPC charts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.delivery.reading import assurance_reading, variation_reading
from icsplan.delivery.spc import spc


def points(values, **kwargs) -> pd.DataFrame:
    frame = pd.DataFrame({"x": pd.date_range("2020-01-01", periods=len(values), freq="MS"),
                          "y": values})
    return spc(frame, **kwargs)


@pytest.mark.unit
def test_a_shift_is_read_with_its_length():
    p = points([0.0, 2] * 6 + [2.5] * 8)  # mean 1.6: the last 2 and the eight 2.5s
    assert variation_reading(p) == "Special cause of improvement: 9 points above the mean"
    low = points([0.0, 2] * 6 + [2.5] * 8, improvement_direction="decrease")
    assert variation_reading(low).startswith("Special cause of concern")


@pytest.mark.unit
def test_common_cause_and_no_data():
    assert variation_reading(points([1.0, 2] * 8)).startswith("Common cause variation")
    assert variation_reading(points([np.nan, np.nan])) == "No data"


@pytest.mark.unit
def test_assurance_readings():
    assert assurance_reading("consistent_fail", 95.0, 72.3, 92.5, "%") == (
        "Target 95.0% against limits 72.3% to 92.5%: the target is missed every month unless "
        "the process changes")
    assert assurance_reading(None, float("nan"), 1, 2, "%") == "No target to assure against"
