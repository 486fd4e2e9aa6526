"""Beds needed per site under each option, at 85% and 92% average occupancy.

Admissions a site receives (emergency and elective, from the flows) times the mean length
of stay of the pod (`length_of_stay`, age band `all`) give bed days; beds = bed days /
(365 x occupancy), through the capacity model (`icsplan.model.capacity`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.appraisal.errors import AppraisalError, Problem
from icsplan.appraisal.options import Option
from icsplan.model.capacity import bed_days, beds

OCCUPANCY = (0.85, 0.92)
ADMITTED = ("non_elective", "elective", "daycase")


def mean_los(length_of_stay: pd.DataFrame, pods: list[str]) -> pd.Series:
    """Mean length of stay (days) of each pod, age band `all`; every pod must have one."""
    rows = length_of_stay[length_of_stay["age_band"] == "all"].set_index("pod")
    missing = [p for p in pods if p not in rows.index]
    if missing:
        raise AppraisalError([Problem("length_of_stay.csv", f"no mean length of stay for pod "
                                      f"'{p}' (age band 'all')") for p in missing])
    return rows["mean_los_days"].reindex(pods).astype(float)


def beds_by_site(sites: pd.DataFrame, length_of_stay: pd.DataFrame,
                 current: Option | None, transfer_rate: float | None = None,
                 options: tuple[Option, ...] = ()) -> pd.DataFrame:
    """Per option and site: admissions, bed days, beds at 85% and 92%, change vs today."""
    wide = sites.pivot_table(index=["option", "site"], columns="pod", values="activity",
                             aggfunc="sum", fill_value=0.0)
    pods = [p for p in ADMITTED if p in wide.columns]
    los = mean_los(length_of_stay, pods)
    table = wide.reindex(columns=["ae", *pods], fill_value=0.0).reset_index()
    table.columns.name = None
    days = sum(bed_days(table[p], los[p]) for p in pods)
    table["bed_days"] = days
    for occ in OCCUPANCY:
        table[f"beds_{round(occ * 100)}"] = beds(days, occ)
    if transfer_rate is not None:
        no_seh = {(o.option, s) for o in options for s in table["site"].unique()
                  if s not in o.sites_offering("specialist_emergency")}
        flag = np.array([(o, s) in no_seh for o, s in zip(table["option"], table["site"],
                                                            strict=True)])
        table["transfers_out"] = np.where(flag, table.get("non_elective", 0.0) * transfer_rate,
                                          0.0)
    if current is not None:
        today = table[table["option"] == current.option].set_index("site")
        for col in ("beds_85", "beds_92"):
            table[f"change_{col}"] = table[col].to_numpy() - today[col].reindex(
                table["site"]).to_numpy()
    return table
