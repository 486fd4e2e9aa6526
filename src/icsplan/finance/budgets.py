"""Organisation budgets and QIPP: allocation, expenditure, surplus, QIPP target and gap.

Per organisation and year (pounds):

    surplus        = allocation - expenditure        (expenditure includes unidentified QIPP)
    QIPP target    = target_gbp if stated, else target_pct x allocation
    identified     = delivered + in progress schemes (scoping schemes are not identified)
    planning gap, headroom: `finance.qipp` (the one home of QIPP's arithmetic)
"""

from __future__ import annotations

import pandas as pd

from icsplan.finance.qipp import qipp_position
from icsplan.scenario.model import Scenario

BUDGET_COLUMNS = ["org", "year", "allocation_gbp", "expenditure_gbp", "surplus_gbp"]
QIPP_COLUMNS = ["org", "year", "allocation_gbp", "target_pct", "target_from_pct_gbp",
                "target_gbp", "delivered_gbp", "in_progress_gbp", "scoping_schemes",
                "identified_gbp", "planning_gap_gbp", "headroom_pct", "headroom_target_gbp",
                "headroom_shortfall_gbp"]


def org_budgets(scenario: Scenario) -> pd.DataFrame:
    """Allocation, expenditure and surplus (pounds) per organisation and year."""
    lines = scenario.org_budgets
    if lines.empty:
        return pd.DataFrame(columns=BUDGET_COLUMNS)
    wide = lines.pivot_table(index=["org", "year"], columns="kind", values="value_gbp",
                             aggfunc="sum", fill_value=0.0, sort=False)
    wide = wide.reindex(columns=["allocation", "expenditure"], fill_value=0.0)
    frame = wide.reset_index().rename(columns={"allocation": "allocation_gbp",
                                               "expenditure": "expenditure_gbp"})
    frame["surplus_gbp"] = frame["allocation_gbp"] - frame["expenditure_gbp"]
    frame.columns.name = None
    return frame[BUDGET_COLUMNS]


def qipp(scenario: Scenario) -> pd.DataFrame:
    """QIPP target, schemes identified by status, planning gap and headroom per
    organisation and year with a row in qipp_targets.csv (arithmetic in `finance.qipp`)."""
    targets = scenario.qipp_targets
    if targets.empty:
        return pd.DataFrame(columns=QIPP_COLUMNS)
    budgets = org_budgets(scenario).set_index(["org", "year"])
    rows = []
    for t in targets.to_dict(orient="records"):
        key = (t["org"], t["year"])
        allocation = float(budgets.loc[key, "allocation_gbp"]) if key in budgets.index else 0.0
        from_pct = allocation * float(t["target_pct"]) / 100.0
        stated = t.get("target_gbp")
        rows.append({"org": t["org"], "year": t["year"], "allocation_gbp": allocation,
                     "target_pct": float(t["target_pct"]), "target_from_pct_gbp": from_pct,
                     "target_gbp": float(stated) if stated is not None and stated == stated
                     else from_pct, "headroom_pct": float(t["headroom_pct"])})
    stated = pd.DataFrame(rows)
    position = qipp_position(stated, scenario.qipp_schemes)
    position[["allocation_gbp", "target_pct", "target_from_pct_gbp"]] = stated[
        ["allocation_gbp", "target_pct", "target_from_pct_gbp"]].to_numpy()
    return position[QIPP_COLUMNS]
