"""Money per draw: at the central inputs it is the deterministic finance model."""

from __future__ import annotations

import numpy as np
import pytest

from icsplan.finance.draws import money_draws, payback_index
from icsplan.finance.result import plan_finance
from icsplan.model.draws import simulate, slice_basis
from icsplan.model.uncertainty import draw_parameters


@pytest.mark.functional
@pytest.mark.parametrize("level", [1.0, 0.25])
def test_central_draws_reproduce_cash_flow_gap_and_payback(mse, mse_projection, level):
    tables = {k: v for k, v in mse.tables.items() if k != "intervals"}
    plain = mse.replace(tables=tables)
    params = draw_parameters(plain, None, 2, seed=1)
    sim = simulate(slice_basis(plain, mse_projection, (), params.pods), params)
    money = money_draws(plain, sim, level)
    fin = plan_finance(mse, mse_projection, level)
    np.testing.assert_allclose(money.net[0], fin.cash_flow["net_gbp"], rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(money.cumulative[1], fin.cash_flow["cumulative_net_gbp"],
                               rtol=1e-9, atol=1e-3)
    assert money.gap[0] == pytest.approx(fin.bridge["value_gbp"].sum(), abs=1e-3)
    expected = mse.years.index(fin.payback_year) if fin.payback_year else -1
    assert (money.payback == expected).all()


@pytest.mark.unit
def test_payback_is_the_first_year_after_which_cumulative_stays_positive():
    cumulative = np.array([[0, -5, -2, 1, 3], [0, -5, 1, -1, 2], [0, -5, -4, -3, -1]], float)
    spend = np.array([0, 5, 1, 1, 0], float)
    assert list(payback_index(cumulative, spend)) == [3, 4, -1]
    assert list(payback_index(cumulative, np.zeros(5))) == [-1, -1, -1]


@pytest.mark.functional
def test_more_growth_in_a_draw_never_improves_the_gap(mse, mse_projection):
    """The demand pressure follows each draw's momentum (activity growth x unit cost), so a
    draw with faster outpatient growth has the larger gap, as in the deterministic bridge."""
    import pandas as pd

    only = pd.DataFrame([{"kind": "growth", "pod": "outpatient", "initiative": "",
                          "distribution": "normal", "p10": 2.0, "p90": 4.6, "source": "test"}])
    s = mse.replace(tables={**mse.tables, "intervals": only})
    params = draw_parameters(s, only, 400, seed=5)
    money = money_draws(s, simulate(slice_basis(s, mse_projection, ("pod",), params.pods),
                                    params))
    order = np.argsort(params.growth_shift[:, params.pods.index("outpatient")])
    assert (np.diff(money.gap[order]) <= 1e-6).all()
    assert money.gap[order[0]] - money.gap[order[-1]] > 10e6  # tens of millions at stake
