"""Initiative economics: gross, investment, stranded and net by year."""

from __future__ import annotations

import numpy as np
import pytest

from icsplan.finance.initiatives import at_horizon, initiative_economics


@pytest.mark.functional
def test_economics_phase_in_with_the_initiatives(scenario, projection):
    econ = initiative_economics(scenario, projection)
    frailty = econ[econ["initiative"] == "frailty_eol"].set_index("year")["gross_gbp"]
    assert frailty["2015/16"] == 0 and frailty["2016/17"] == 0
    assert (np.diff(frailty.to_numpy()) >= 0).all()
    assert at_horizon(econ).loc["frailty_eol", "gross_gbp"] == pytest.approx(26.3e6, abs=1)


@pytest.mark.functional
def test_quarter_investment_releases_an_eighth_of_gross(scenario, projection):
    full = at_horizon(initiative_economics(scenario, projection, 1.0))
    quarter = at_horizon(initiative_economics(scenario, projection, 0.25))
    assert quarter["gross_gbp"].sum() == pytest.approx(0.125 * full["gross_gbp"].sum())
    assert quarter["investment_gbp"].sum() == pytest.approx(0.25 * full["investment_gbp"].sum())
