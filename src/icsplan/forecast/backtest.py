"""The forecast's back test: forecast from actuals up to a cut-off, compare with what then
happened, for every series that has actuals.

* Activity series (a pod measure at each organisation and the system): delivery to date up
  to the cut-off gives the last year's achieved share â and its spread s
  (`forecast.outturn.share_spread`); for each whole year after the cut-off, with the
  model's momentum and planned indices,

      continues    forecast = momentum_index - â x (momentum_index - planned_index)
                   80% / 90% interval: â +- 1.2816 s / 1.6449 s, through the same formula
      plan         forecast = planned_index       (the plan as published)
      momentum     forecast = momentum_index          (nothing achieved)
      last_year    forecast = the last year's actual index  (naive: no change)

  each times the index year's actual total.
* KPI series (the Delivery section's: 4-hour performance, emergency admissions via A&E, at
  each trust and England): the forecast of a year's mean is the process mean of the points
  up to the cut-off (XmR, `delivery.spc`); its interval is the process limits, and
  `months_within_limits` the share of the year's months inside them.

`error_pct` = 100 x (forecast - actual) / actual.  The result is reported whichever way it
comes out (docs/forecast.md).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from icsplan.delivery.measures import financial_year
from icsplan.delivery.spc import spc
from icsplan.forecast.achieved import POD_OF_MEASURE, achievement, monthly_series
from icsplan.forecast.outturn import share_spread

Z80, Z90 = 1.2815515655446004, 1.6448536269514722
COLUMNS = ["kind", "measure", "org", "year", "method", "forecast", "actual", "error_pct",
           "lo80", "hi80", "covered80", "lo90", "hi90", "covered90", "months_within_limits"]
SUMMARY_COLUMNS = ["kind", "method", "series_years", "mean_abs_error_pct",
                   "median_abs_error_pct", "coverage80", "coverage90",
                   "months_within_limits"]


def default_cutoff(monthly: pd.DataFrame) -> pd.Timestamp | None:
    """The end of the last whole financial year that has a whole year after it and a
    planned reduction to measure (None when the actuals are too short)."""
    system = monthly[monthly["org"] == monthly["org"].iloc[0]] if len(monthly) else monthly
    counts = system.groupby("year")["month"].nunique()
    whole = sorted(counts[counts == 12].index)
    if len(whole) < 3:
        return None
    start = int(whole[-2][:4])
    return pd.Timestamp(f"{start + 1}-03-31")


def backtest(values: pd.DataFrame, orgs: list[str], totals: pd.DataFrame,
             removals: pd.DataFrame, kpi_series: pd.DataFrame,
             cutoff: pd.Timestamp, measures: list[str] | None = None) -> pd.DataFrame:
    """Forecast against outcome for every series with actuals (see the module docstring).

    `kpi_series` lists (measure, org) pairs of KPIs to test with their process means;
    `measures` the pod measures that drive the forecast (default all)."""
    driving = values[values["measure"].isin(measures or list(POD_OF_MEASURE))]
    rows = _activity(driving, orgs, totals, removals, cutoff)
    rows += _kpis(values, kpi_series, cutoff)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["error_pct"] = 100.0 * (frame["forecast"] - frame["actual"]) / frame["actual"]
    return frame


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Accuracy by kind and method: mean and median absolute error, interval coverage."""
    if frame.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = frame.groupby(["kind", "method"], sort=False).agg(
        series_years=("error_pct", "size"),
        mean_abs_error_pct=("error_pct", lambda s: float(s.abs().mean())),
        median_abs_error_pct=("error_pct", lambda s: float(s.abs().median())),
        coverage80=("covered80", lambda s: float(s.dropna().astype(float).mean())
                    if s.notna().any() else np.nan),
        coverage90=("covered90", lambda s: float(s.dropna().astype(float).mean())
                    if s.notna().any() else np.nan),
        months_within_limits=("months_within_limits", "mean")).reset_index()
    return out[SUMMARY_COLUMNS]


def _activity(values, orgs, totals, removals, cutoff) -> list[dict]:
    before = values[values["period"] <= cutoff]
    past = achievement(monthly_series(before, orgs), totals, removals)
    full = achievement(monthly_series(values, orgs), totals, removals)
    rows = []
    after = full.by_pod[(~full.by_pod["partial"])]
    for (measure, org), seen in past.by_pod.groupby(["measure", "org"], sort=False):
        known = seen[seen["share_achieved"].notna()]
        if known.empty:
            continue
        last = known.iloc[-1]
        hat = float(last["share_achieved"])
        s, _ = share_spread(past.monthly[past.monthly["measure"] == measure],
                            POD_OF_MEASURE[measure], org)
        s = 0.0 if s != s else s
        base = float(full.monthly[(full.monthly["measure"] == measure)
                                  & (full.monthly["org"] == org)
                                  & (full.monthly["year"] == full.index_year[(measure, org)])]
                     ["value"].sum())
        later = after[(after["measure"] == measure) & (after["org"] == org)
                      & (after["year"] > last["year"])]
        for r in later.itertuples(index=False):
            gap = r.momentum_index - r.planned_index
            actual = r.actual

            def units(index: float) -> float:
                return index / 100.0 * base  # noqa: B023 - used at once

            common = {"kind": "activity", "measure": measure, "org": org, "year": r.year,
                      "actual": actual}
            lo80, hi80 = (units(r.momentum_index - (hat + z) * gap) for z in (Z80 * s, -Z80 * s))
            lo90, hi90 = (units(r.momentum_index - (hat + z) * gap) for z in (Z90 * s, -Z90 * s))
            rows.append({**common, "method": "continues",
                         "forecast": units(r.momentum_index - hat * gap),
                         "lo80": lo80, "hi80": hi80, "covered80": bool(lo80 <= actual <= hi80),
                         "lo90": lo90, "hi90": hi90, "covered90": bool(lo90 <= actual <= hi90)})
            rows.append({**common, "method": "plan", "forecast": units(r.planned_index)})
            rows.append({**common, "method": "momentum", "forecast": units(r.momentum_index)})
            rows.append({**common, "method": "last_year",
                         "forecast": units(float(last["actual_index"]))})
    return rows


def _kpis(values, kpi_series, cutoff) -> list[dict]:
    if kpi_series.empty:
        return []
    pts = values.merge(kpi_series[["measure", "org"]].drop_duplicates(), on=["measure", "org"])
    pts = pts[pts["value"].notna()]
    before = pts[pts["period"] <= cutoff]
    if before.empty:
        return []
    spc_log = logging.getLogger("icsplan.delivery.spc")
    level = spc_log.level
    spc_log.setLevel(logging.ERROR)
    try:
        chart = spc(before, "value", "period", ["measure", "org"])
    finally:
        spc_log.setLevel(level)
    limits = chart.sort_values("x").groupby(["measure", "org"]).last()[
        ["mean_col", "lpl", "upl"]]
    later = pts[pts["period"] > cutoff].copy()
    later["year"] = financial_year(later["period"])
    rows = []
    for (measure, org, year), g in later.groupby(["measure", "org", "year"], sort=False):
        if len(g) < 12 or (measure, org) not in limits.index:
            continue
        lim = limits.loc[(measure, org)]
        inside = ((g["value"] >= lim["lpl"]) & (g["value"] <= lim["upl"])).mean()
        rows.append({"kind": "kpi", "measure": measure, "org": org, "year": year,
                     "method": "process mean (SPC)", "forecast": float(lim["mean_col"]),
                     "actual": float(g["value"].mean()),
                     "months_within_limits": float(inside)})
    return rows
