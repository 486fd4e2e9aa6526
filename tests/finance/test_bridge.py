"""The financial bridge: ordered steps, running total and subtotals."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.finance.bridge import BridgeError, bridge, closing_gap, subtotals


@pytest.mark.unit
def test_bridge_running_total_and_subtotals():
    steps = pd.DataFrame({
        "order": [2, 1, 3], "step": ["income", "position", "scheme"],
        "group": ["income", "position", "lhc"], "value_gbp": [50.0, -100.0, None],
        "initiatives": ["", "", "a;b"], "subtotal_after": ["after income", "", ""],
        "source": ["s", "s", "s"]})
    table = bridge(steps, {"a": 10.0, "b": 5.0})
    assert list(table["step"]) == ["position", "income", "scheme"]
    assert list(table["cumulative_gbp"]) == [-100.0, -50.0, -35.0]
    assert closing_gap(table) == -35.0
    assert subtotals(table) == {"after income": -50.0}
    with pytest.raises(BridgeError, match="no economics"):
        bridge(steps, {"a": 1.0})
