"""Workforce: the staff the investments buy, and primary-care (GP) capacity.

Staff by role and year (workforce.csv, 003 summary of workforce implications):

    fte(role, y)  = level x sum over lines of fte(line, role) x cumulative share of the
                    line's investment spent by y (investments.csv)
    cost(role, y) = (fte added in y) x initial cost per FTE     (pounds; 003 footnotes 1-5)

GP capacity (002 key facts note 4), appointments per week:

    demand    = population / 1,000 x appointments per 1,000 per week
    released  = demand x channel shift share x phasing x s(level)
    capacity  = GP FTE x appointments per GP FTE per week
    gap (FTE) = (demand - released) / appointments per GP FTE - GP FTE
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.finance.response import check_level, savings_response
from icsplan.scenario.model import Scenario

WORKFORCE_COLUMNS = ["role", "kind", "year", "fte", "fte_added", "cost_gbp"]
GP_COLUMNS = ["year", "demand_appts", "capacity_appts", "gap_fte", "demand_before_shift_appts",
              "released_appts", "gp_fte_needed", "gap_fte_before_shift"]


def line_phasing(scenario: Scenario, years: list[str]) -> pd.DataFrame:
    """Cumulative share (0-1) of each investment line spent by each year: lines x years."""
    inv = scenario.investments
    wide = inv.pivot_table(index="line", columns="year", values="value_gbp", aggfunc="sum",
                           fill_value=0.0).reindex(columns=years, fill_value=0.0)
    total = wide.sum(axis=1)
    cumulative = wide.cumsum(axis=1)
    return cumulative.div(total.where(total > 0), axis=0).fillna(1.0)


def workforce(scenario: Scenario, investment_level: float = 1.0) -> pd.DataFrame:
    """FTE in post (or trained) and the initial cost of those added, by role and year."""
    level = check_level(investment_level)
    years = scenario.years
    staff = scenario.workforce
    if staff.empty:
        return pd.DataFrame(columns=WORKFORCE_COLUMNS)
    phasing = line_phasing(scenario, years)
    rows = []
    for rec in staff.to_dict(orient="records"):
        share = phasing.loc[rec["line"]].to_numpy() if rec["line"] in phasing.index else \
            np.ones(len(years))
        fte = float(rec["fte"]) * level * share
        added = np.diff(fte, prepend=0.0)
        for k, year in enumerate(years):
            rows.append({"role": rec["role"], "kind": rec["kind"], "year": year,
                         "fte": fte[k], "fte_added": added[k],
                         "cost_gbp": added[k] * float(rec["cost_per_fte_gbp"])})
    frame = pd.DataFrame(rows)
    return (frame.groupby(["role", "kind", "year"], sort=False, as_index=False)
            [["fte", "fte_added", "cost_gbp"]].sum()[WORKFORCE_COLUMNS])


def line_costs(scenario: Scenario) -> pd.DataFrame:
    """Initial cost (pounds) of each line's staff at full investment: fte x cost per FTE."""
    staff = scenario.workforce.copy()
    staff["cost_gbp"] = staff["fte"].astype(float) * staff["cost_per_fte_gbp"].astype(float)
    return staff[["line", "role", "kind", "fte", "cost_per_fte_gbp", "cost_gbp"]]


def shift_phasing(scenario: Scenario) -> np.ndarray:
    """Share of the full channel shift reached each year: the mean phasing of the scenario's
    initiatives (the shift is delivered by the same local health and care programme)."""
    years = scenario.years
    if not scenario.initiatives:
        return np.linspace(0.0, 1.0, len(years))
    return np.mean([[i.phasing.get(y, 0.0) for y in years] for i in scenario.initiatives],
                   axis=0)


def gp_capacity(scenario: Scenario, investment_level: float = 1.0) -> pd.DataFrame:
    """GP appointments demanded and available per week, and the GP FTE gap, by year, before
    and after the channel shift; empty when primary_care.csv is not given."""
    level = check_level(investment_level)
    params = dict(zip(scenario.primary_care["parameter"],
                      scenario.primary_care["value"].astype(float), strict=True))
    needed = {"appts_per_1000_per_week", "appts_per_gp_fte_per_week", "gp_fte"}
    if not needed <= set(params):
        return pd.DataFrame(columns=GP_COLUMNS)
    population = float(scenario.localities["population"].sum())
    demand = population / 1000.0 * params["appts_per_1000_per_week"]
    per_gp = params["appts_per_gp_fte_per_week"]
    gp_fte = params["gp_fte"]
    shift = float(scenario.channel_shift["share_pct"].astype(float).sum()) / 100.0
    released = demand * min(shift, 1.0) * shift_phasing(scenario) * savings_response(level)
    frame = pd.DataFrame({"year": scenario.years})
    frame["demand_before_shift_appts"] = demand
    frame["released_appts"] = released
    frame["demand_appts"] = demand - released
    frame["capacity_appts"] = gp_fte * per_gp
    frame["gp_fte_needed"] = frame["demand_appts"] / per_gp
    frame["gap_fte"] = frame["gp_fte_needed"] - gp_fte
    frame["gap_fte_before_shift"] = demand / per_gp - gp_fte
    return frame[GP_COLUMNS]
