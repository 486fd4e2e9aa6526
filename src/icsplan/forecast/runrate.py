"""What it takes: the monthly run rate needed from now to meet each trajectory, against the
current process (Making Data Count's assurance, looking forward).

For a series with a yearly target T (a KPI's trajectory; for activity, the plan's planned
activity at the organisation as a monthly average: planned_index / 100 x the index year's
actual / 12) and a year y from the latest month of actuals on:

    needed(y) = (12 T - sum of the n months of y already observed) / (12 - n)

(T itself for a year not begun; a percentage's year is read as the mean of its months).
Against the latest segment's process mean and limits (XmR, `delivery.spc`):

* `consistent pass`: the needed rate is on the passing side of both limits (met without a
  change in the process);
* `consistent fail`: beyond the limit on the failing side (not met without a change in the
  process);
* `inconsistent`: between the limits (met in some months, missed in others).

`concern_and_signal` flags a series with a special cause of concern in its last 6 months
whose pod has an initiative with a slipped milestone or at risk (`forecast.signals`).
"""

from __future__ import annotations

import pandas as pd

from icsplan.delivery.measures import financial_year

# The pod a measure speaks for (to match register signals of the initiatives acting on it).
POD_OF_KPI = {"ae_4hr_all": "ae", "ae_4hr_type1": "ae", "ae_attendances": "ae",
              "emergency_admissions_ae": "non_elective",
              "emergency_admissions_per_1000": "non_elective",
              "bed_days_per_1000": "non_elective"}
COLUMNS = ["measure", "org", "pod", "year", "unit", "improvement_direction", "target",
           "months_observed", "needed_monthly", "process_mean", "lpl", "upl", "assurance",
           "needed_vs_mean", "recent_concern", "signals", "concern_and_signal"]


def run_rates(points: pd.DataFrame, targets: pd.DataFrame, signals_by_pod: dict[str, str],
              years: list[str]) -> pd.DataFrame:
    """One row per series and year from the latest month on (see the module docstring).

    `points`: SPC points (measure, org, x, y, mean_col, lpl, upl, point_type,
    improvement_direction, unit); `targets`: measure, org, year, target (a monthly rate).
    """
    rows = []
    for (measure, org), pts in points.groupby(["measure", "org"], sort=False):
        pts = pts.sort_values("x")
        obs = pts[pts["y"].notna()]
        if obs.empty:
            continue
        last = obs.iloc[-1]
        latest_year = financial_year(pd.Series([last["x"]])).iloc[0]
        tgt = targets[(targets["measure"] == measure) & (targets["org"] == org)]
        direction = last["improvement_direction"]
        recent = bool((obs.tail(6)["point_type"] == "special_cause_concern").any())
        pod = POD_OF_KPI.get(measure, "")
        signal = signals_by_pod.get(pod, "")
        for y in [y for y in years if y >= latest_year]:
            t = tgt.loc[tgt["year"] == y, "target"]
            if t.empty or t.iloc[0] != t.iloc[0]:
                continue
            target = float(t.iloc[0])
            seen = obs[financial_year(obs["x"]) == y]
            n = len(seen)
            if n >= 12:
                continue
            needed = (12 * target - float(seen["y"].sum())) / (12 - n)
            rows.append({"measure": measure, "org": org, "pod": pod, "year": y,
                         "unit": last["unit"], "improvement_direction": direction,
                         "target": target, "months_observed": n, "needed_monthly": needed,
                         "process_mean": float(last["mean_col"]), "lpl": float(last["lpl"]),
                         "upl": float(last["upl"]),
                         "assurance": assurance(needed, float(last["lpl"]), float(last["upl"]),
                                                direction),
                         "needed_vs_mean": needed - float(last["mean_col"]),
                         "recent_concern": recent, "signals": signal,
                         "concern_and_signal": recent and bool(signal)})
    return pd.DataFrame(rows, columns=COLUMNS)


def assurance(needed: float, lpl: float, upl: float, direction: str) -> str:
    """Whether the current process meets a needed rate: consistent pass / fail, or
    inconsistent (see the module docstring)."""
    if direction == "increase":
        if needed <= lpl:
            return "consistent pass"
        return "consistent fail" if needed > upl else "inconsistent"
    if direction == "decrease":
        if needed >= upl:
            return "consistent pass"
        return "consistent fail" if needed < lpl else "inconsistent"
    return ""
