"""Economics: Green Book discounting, optimism bias, NPV and EAC against hand computation."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.appraisal.economics import cash_flows, discount_factors, economics_table

pytestmark = pytest.mark.unit


def test_discount_factors_step_from_3_5_to_3_0_percent_after_year_30():
    df = discount_factors(41)
    assert df[0] == 1.0
    assert df[1] == pytest.approx(1 / 1.035)
    assert df[30] == pytest.approx(1 / 1.035 ** 30)
    assert df[31] == pytest.approx(1 / (1.035 ** 30 * 1.03))
    assert df[40] == pytest.approx(1 / (1.035 ** 30 * 1.03 ** 10))


def test_npv_matches_a_hand_computed_case():
    costs = pd.DataFrame([{"option": "A", "capital_gbp": 100.0, "capital_years": 2,
                           "annual_revenue_change_gbp": -10.0}])
    row = economics_table(costs, years=4, optimism_bias_pct=20).iloc[0]
    # capital 100 x 1.2 = 120 over years 0-1 (60 a year); saving 10 in years 2 and 3
    present = 60 + 60 / 1.035 - 10 / 1.035 ** 2 - 10 / 1.035 ** 3
    assert row["present_cost_gbp"] == pytest.approx(present)
    assert row["npv_gbp"] == pytest.approx(-present)
    annuity = 1 + 1 / 1.035 + 1 / 1.035 ** 2 + 1 / 1.035 ** 3
    assert row["eac_gbp"] == pytest.approx(present / annuity)
    assert row["capital_with_optimism_bias_gbp"] == pytest.approx(120.0)


def test_revenue_starts_when_building_ends():
    flows = cash_flows(90.0, 3, 5.0, 6, 0.0)
    assert list(flows) == [30.0, 30.0, 30.0, 5.0, 5.0, 5.0]
