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


@pytest.mark.unit
def test_year_sums_are_pandas_group_sums_to_the_last_bit():
    """The compensated sums per year equal pandas' groupby sums exactly, on rows in any
    year order, with magnitudes from 1e-3 to 1e12 (where a plain running sum differs), a
    missing value, an infinity and a year the table does not have."""
    import numpy as np

    from icsplan.finance.phasing import year_sums

    rng = np.random.default_rng(20)
    years = [f"{y}/{y + 1 - 2000}" for y in range(2015, 2023)]
    rows = 400
    frame = pd.DataFrame({
        "year": rng.choice(years[:-1] + ["2099/00"], rows),
        "a": rng.normal(size=rows) * 10.0 ** rng.integers(-3, 13, rows),
        "b": rng.normal(size=rows) * 1e6})
    frame.loc[7, "a"] = np.nan
    frame.loc[11, "b"] = np.inf
    want = frame.groupby("year")[["a", "b"]].sum().reindex(years, fill_value=0.0)
    got = year_sums(frame, ["a", "b"], years)
    assert np.array_equal(got, want.to_numpy())  # bit for bit, the year with no rows 0
    plain = [frame.loc[frame["year"] == y, "a"].fillna(0.0).to_numpy() for y in years]
    assert any(np.cumsum(p)[-1] != s for p, s in zip(plain, got[:, 0], strict=True) if len(p))
    assert not year_sums(frame.iloc[:0], ["a", "b"], years).any()
