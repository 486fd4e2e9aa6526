"""The forecast's gap chart says a deficit in red whichever assumption gives it."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.report.charts.forecast import gap_by_assumption
from icsplan.report.style import NHS_GREEN, NHS_RED

pytestmark = pytest.mark.unit


def test_a_deficit_is_red_and_a_surplus_green_whatever_the_assumption():
    headline = pd.DataFrame({
        "assumption": ["as_planned", "continues", "recovers"],
        "label": ["As planned", "Delivery continues as now", "Recovers"],
        "bridge_gap_gbp": [-300_000.0, -12_000_000.0, 2_000_000.0],
        "gap_p10_gbp": [None, None, None], "gap_p90_gbp": [None, None, None]})
    bar = gap_by_assumption(headline).data[0]
    assert list(bar.marker.color) == [NHS_RED, NHS_RED, NHS_GREEN]
    assert list(bar.y) == pytest.approx([-0.3, -12.0, 2.0])
