"""002's capacity key facts: bed days and emergency admissions per 1,000 people (the report's
capacity section shows them; the generic back test reconciles them as rows of
published/reconcile.csv over published:kpi_ytd and input:kpi_trajectories).

002's key facts set a trajectory for "Hospital total bed days / 1000 people" (296.4 in 2016/17
year to date, 277.7 by 2020/21) and "Emergency hospital admissions / 1000 population" (91.3
to 89.5).  icsplan recomputes both from the planned activity: bed days = admissions x mean
length of stay (length_of_stay.csv), per 1,000 of the scenario's population; emergency
admissions = planned non-elective admissions per 1,000.  The published figures are the
delivery stage's: year to date in published/kpi_ytd.csv, targets in kpi_trajectories.csv.
For mse-2016 the length of stay is
calibrated to 2016/17's 296.4, so that year matches by construction and the later years test
whether the plan's admissions alone deliver 002's bed-day targets.
"""

from __future__ import annotations

import pandas as pd

MEASURES = ("bed_days_per_1000", "emergency_admissions_per_1000")


def key_facts(scenario) -> pd.DataFrame:
    """002's published bed days and emergency admissions per 1,000: year-to-date values
    (published/kpi_ytd.csv) and targets (kpi_trajectories.csv), as measure, year, basis,
    value, source."""
    frames = []
    ytd = scenario.published.get("kpi_ytd")
    if ytd is not None and len(ytd):
        frames.append(ytd[ytd["measure"].isin(MEASURES)].assign(basis="ytd"))
    targets = scenario.kpi_trajectories if "kpi_trajectories" in scenario.tables \
        else None
    if targets is not None and len(targets):
        part = targets[targets["measure"].isin(MEASURES)].rename(columns={"target": "value"})
        frames.append(part.assign(basis="target"))
    if not frames:
        return pd.DataFrame(columns=["measure", "year", "basis", "value", "source"])
    return pd.concat(frames, ignore_index=True)[["measure", "year", "basis", "value", "source"]]
