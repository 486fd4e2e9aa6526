"""QIPP (quality, innovation, productivity and prevention savings): the one home of its
arithmetic, for the scenario's QIPP tables (`finance.budgets.qipp`) and the programme
register's schemes (`register.summary.qipp_pipeline`).

Per organisation and year with a target (pounds):

    identified         = delivered + in progress     (scoping schemes are not identified)
    planning gap       = target - identified
    headroom target    = headroom_pct x target        (004: "at least 20% higher")
    headroom shortfall = target + headroom target - identified
"""

from __future__ import annotations

import pandas as pd

IDENTIFIED = ("delivered", "in_progress")  # the scheme statuses that count as identified
QIPP_POSITION_COLUMNS = ["org", "year", "target_gbp", "delivered_gbp", "in_progress_gbp",
                         "scoping_gbp", "scoping_schemes", "schemes", "identified_gbp",
                         "planning_gap_gbp", "headroom_pct", "headroom_target_gbp",
                         "headroom_shortfall_gbp"]


def qipp_position(targets: pd.DataFrame, schemes: pd.DataFrame) -> pd.DataFrame:
    """Identified savings, planning gap and headroom per target.

    `targets`: org, year, target_gbp, headroom_pct (one row per organisation and year, in
    the order wanted); `schemes`: org, year, status, value_gbp.
    """
    rows = []
    for t in targets.to_dict(orient="records"):
        mine = schemes[(schemes["org"] == t["org"]) & (schemes["year"] == t["year"])]
        by_status = mine.groupby("status")["value_gbp"].sum()
        identified = float(mine.loc[mine["status"].isin(IDENTIFIED), "value_gbp"].sum())
        target, headroom_pct = float(t["target_gbp"]), float(t["headroom_pct"])
        headroom = target * headroom_pct / 100.0
        rows.append({
            "org": t["org"], "year": t["year"], "target_gbp": target,
            "delivered_gbp": float(by_status.get("delivered", 0.0)),
            "in_progress_gbp": float(by_status.get("in_progress", 0.0)),
            "scoping_gbp": float(by_status.get("scoping", 0.0)),
            "scoping_schemes": int((mine["status"] == "scoping").sum()),
            "schemes": len(mine), "identified_gbp": identified,
            "planning_gap_gbp": target - identified, "headroom_pct": headroom_pct,
            "headroom_target_gbp": headroom,
            "headroom_shortfall_gbp": target + headroom - identified})
    return pd.DataFrame(rows, columns=QIPP_POSITION_COLUMNS)
