"""Workforce by role and year, and the GP capacity gap."""

from __future__ import annotations

import pytest

from icsplan.finance.workforce import gp_capacity, workforce


@pytest.mark.functional
def test_workforce_phases_with_its_investment_line(scenario):
    staff = workforce(scenario).set_index(["role", "year"])
    # 40 + 12 nurses/HCAs; the GP-capacity line spends 6.2 of 9.8 in 2017/18.
    assert staff.loc[("nurses_hcas", "2020/21"), "fte"] == pytest.approx(52)
    assert staff.loc[("nurses_hcas", "2017/18"), "fte"] == pytest.approx(40 * 6.2 / 9.8 + 6)
    assert staff["cost_gbp"].sum() == pytest.approx(15.24e6, abs=1e4)


@pytest.mark.functional
def test_gp_gap_closes_with_channel_shift(scenario):
    gp = gp_capacity(scenario).set_index("year")
    assert gp.loc["2015/16", "gap_fte"] == pytest.approx(86_400 / 115 - 560)
    assert gp.loc["2020/21", "gap_fte"] == pytest.approx(86_400 * 0.77 / 115 - 560)
    assert gp.loc["2020/21", "capacity_appts"] == 560 * 115
    none = gp_capacity(scenario, 0.0).set_index("year")
    assert none.loc["2020/21", "gap_fte"] == pytest.approx(gp.loc["2015/16", "gap_fte"])
