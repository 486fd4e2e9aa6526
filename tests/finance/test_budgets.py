"""Organisation budgets and QIPP (seed 004)."""

from __future__ import annotations

import pytest

from icsplan.finance.budgets import org_budgets, qipp


@pytest.mark.functional
def test_budgets_and_qipp(scenario):
    b = org_budgets(scenario).set_index("org")
    assert b.loc["southend", "surplus_gbp"] == pytest.approx(610_000)
    q = qipp(scenario).iloc[0]
    assert q["delivered_gbp"] + q["in_progress_gbp"] == pytest.approx(7_858_000)
    assert q["scoping_schemes"] == 6
    assert q["headroom_shortfall_gbp"] == pytest.approx(8_264_000 * 1.2 - 7_858_000)
