"""Investment phasing, cash flow and the payback year."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.finance.initiatives import initiative_economics
from icsplan.finance.phasing import cash_flow, investment_schedule, payback_year


@pytest.mark.unit
def test_payback_year():
    cash = pd.DataFrame({"year": ["a", "b", "c", "d"], "initiative_investment_gbp": [0, 5, 5, 5],
                         "pump_priming_gbp": [0, 10, 0, 0], "capital_gbp": [0, 0, 0, 0],
                         "cumulative_net_gbp": [0.0, -10.0, -2.0, 6.0]})
    assert payback_year(cash) == "d"
    cash["cumulative_net_gbp"] = [0.0, -10.0, -5.0, -1.0]
    assert payback_year(cash) is None
    cash[["initiative_investment_gbp", "pump_priming_gbp"]] = 0
    assert payback_year(cash) is None


@pytest.mark.functional
def test_plan_pays_back_by_the_horizon(scenario, projection):
    cash = cash_flow(initiative_economics(scenario, projection), investment_schedule(scenario),
                     projection.years)
    assert payback_year(cash) == "2020/21"
    assert cash["pump_priming_gbp"].sum() == pytest.approx(43.1e6)
    assert cash["capital_gbp"].sum() == pytest.approx(24e6)
