"""Economics of each option: net present value with the Green Book discount rates, and EAC.

Cash flows are against today (pounds, costs positive), years t = 0 .. N-1:

    capital_t = capital x (1 + optimism bias) / capital_years     for t < capital_years
    revenue_t = annual revenue change                              for t >= capital_years
    DF_t      = 1 / 1.035^t                                        for t <= 30
              = DF_30 / 1.030^(t - 30)                             for t > 30
    present cost = sum_t DF_t x (capital_t + revenue_t);   NPV = -present cost
    EAC (equivalent annual cost) = present cost / sum_t DF_t

Rates: HM Treasury Green Book, 3.5% for years 0-30 and 3.0% from year 31 (the standard
schedule).  Optimism bias: an uplift on capital, stated per scenario.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

GREEN_BOOK_RATE = 0.035       # years 0-30
GREEN_BOOK_LONG_RATE = 0.030  # years 31-75
SWITCH_YEAR = 30


def discount_factors(years: int) -> np.ndarray:
    """Green Book discount factors for years 0 .. years-1."""
    t = np.arange(years)
    short = (1 + GREEN_BOOK_RATE) ** -np.minimum(t, SWITCH_YEAR)
    long = (1 + GREEN_BOOK_LONG_RATE) ** -np.maximum(t - SWITCH_YEAR, 0)
    return short * long


def cash_flows(capital: float, capital_years: int, annual_revenue_change: float, years: int,
               optimism_bias: float) -> np.ndarray:
    """Yearly cost against today (pounds), years 0 .. years-1."""
    t = np.arange(years)
    capital_t = np.where(t < capital_years, capital * (1 + optimism_bias) / capital_years, 0.0)
    revenue_t = np.where(t >= capital_years, annual_revenue_change, 0.0)
    return capital_t + revenue_t


def economics_table(costs: pd.DataFrame, years: int, optimism_bias_pct: float) -> pd.DataFrame:
    """Per option: capital with optimism bias, present cost, NPV and EAC (pounds)."""
    df = discount_factors(years)
    rows = []
    for rec in costs.to_dict(orient="records"):
        flows = cash_flows(rec["capital_gbp"], int(rec["capital_years"]),
                           rec["annual_revenue_change_gbp"], years, optimism_bias_pct / 100)
        present = float((df * flows).sum())
        rows.append({"option": rec["option"], "capital_gbp": rec["capital_gbp"],
                     "optimism_bias_pct": optimism_bias_pct,
                     "capital_with_optimism_bias_gbp": rec["capital_gbp"]
                     * (1 + optimism_bias_pct / 100),
                     "annual_revenue_change_gbp": rec["annual_revenue_change_gbp"],
                     "appraisal_years": years, "present_cost_gbp": present,
                     "npv_gbp": -present, "eac_gbp": present / float(df.sum())})
    return pd.DataFrame(rows)
