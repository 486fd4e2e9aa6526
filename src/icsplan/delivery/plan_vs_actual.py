"""Plan against actual: are the demand reductions the plan promised happening?

For each measure x financial year, with every series indexed to 2016/17 = 100 (the first
year of actuals):

    actual_index    = actual total of the year / actual total of 2016/17 x 100
    momentum_index  = model momentum of the pod / its 2016/17 value x 100
    planned_index   = model planned activity / its 2016/17 value x 100
    share_of_planned_reduction_achieved
                    = (momentum_index - actual_index) / (momentum_index - planned_index)

1 means the year's actual fell below momentum by as much as the plan said; 0 means activity
grew as if nothing had been done; negative means it grew faster than momentum.  Only whole
financial years of actuals (12 months) are compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.delivery.measures import financial_year

# Which actual measure stands for which pod of the model.
POD_OF_MEASURE = {"ae_attendances": "ae", "emergency_admissions_ae": "non_elective"}
INDEX_YEAR = "2016/17"
CAVEATS = (
    "Trust activity includes patients from outside the system's population, and the model "
    "covers the system's residents wherever they are treated.",
    "The plan's base year is 2015/16; both are indexed to 2016/17, the first year of actuals.",
    "Emergency admissions via A&E stand for the model's non-elective admissions, which also "
    "include direct admissions.",
)
COLUMNS = ["measure", "pod", "year", "orgs", "actual", "actual_index", "momentum_index",
           "planned_index", "actual_vs_momentum_pct", "planned_vs_momentum_pct",
           "share_of_planned_reduction_achieved"]


def plan_vs_actual(measures: pd.DataFrame, summary: pd.DataFrame,
                   orgs: list[str]) -> pd.DataFrame:
    """Actual yearly totals at `orgs` beside the model's momentum and planned trajectories.

    `measures` is the long actuals table (measure, org, period, value); `summary` the model's
    system totals by pod and year (pod, year, momentum, planned).
    """
    wanted = measures[measures["measure"].isin(list(POD_OF_MEASURE))
                      & measures["org"].isin(orgs)].copy()
    if wanted.empty:
        return pd.DataFrame(columns=COLUMNS)
    wanted["year"] = financial_year(wanted["period"])
    months = wanted.groupby(["measure", "year"])["period"].nunique()
    whole = months[months == 12].index
    totals = wanted.groupby(["measure", "year"])["value"].sum().loc[whole].rename("actual")
    out = totals.reset_index()
    out["pod"] = out["measure"].map(POD_OF_MEASURE)
    out = out.merge(summary[["pod", "year", "momentum", "planned"]], on=["pod", "year"],
                    how="inner")
    if out.empty:
        return pd.DataFrame(columns=COLUMNS)
    base = out[out["year"] == INDEX_YEAR].set_index("measure")
    out = out[out["measure"].isin(base.index)]
    for col, index in (("actual", "actual_index"), ("momentum", "momentum_index"),
                       ("planned", "planned_index")):
        out[index] = 100.0 * out[col] / out["measure"].map(base[col])
    out["actual_vs_momentum_pct"] = 100.0 * (out["actual_index"] / out["momentum_index"] - 1)
    out["planned_vs_momentum_pct"] = 100.0 * (out["planned_index"] / out["momentum_index"] - 1)
    gap = out["momentum_index"] - out["planned_index"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_of_planned_reduction_achieved"] = np.where(
            gap > 1e-9, (out["momentum_index"] - out["actual_index"]) / gap, np.nan)
    out["orgs"] = "+".join(orgs)
    return out[COLUMNS].sort_values(["measure", "year"], ignore_index=True)
