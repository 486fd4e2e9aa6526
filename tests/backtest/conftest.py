"""The seed back tests read the findings of the one generic loop (published/reconcile.csv)."""

import pytest

from icsplan.backtest import reconcile
from icsplan.finance import plan_finance
from icsplan.model.capacity import plan_capacity


@pytest.fixture(scope="session")
def mse_findings(mse, mse_projection):
    """Every back-test finding of mse-2016 (plan forensics left out), expectations applied."""
    finance = plan_finance(mse, mse_projection)
    capacity = plan_capacity(mse, mse_projection)
    found = reconcile(mse, mse_projection, finance, capacity=capacity)
    return [f for f in found if f.rule == "recompute"]
