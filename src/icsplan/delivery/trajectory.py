"""KPI trajectories at any grain: a target per month from targets stated by year, quarter or
month, read as steps or interpolated, on a local and a national line.

A stated target covers its period (a financial year April-March, a quarter of it, a month).
How a measure's targets are read (`kpi_measures.trajectory`):

* step:   a month's target is that of the finest stated period containing it; a month no
          stated period contains keeps the previous month's target within the same
          financial year ("90% from June 2019 onwards"), and has none after it;
* linear: each target is reached in the last month of its period; between two, the target
          moves in equal monthly steps; within the first stated period, before its last
          month, it is the first target; after the last, there is none.

A point's target is the monthly target of the last month the point covers (a quarterly
point: the quarter's third month; an annual point: March), so each point is judged against
its own period's target, as NHS England's Making Data Count recommends for a trajectory.
The assured line is the local one where the plan states it, otherwise the national one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.scenario.schema import year_start

KEYS = ["measure", "org"]
MONTHS_COVERED = {"monthly": 1, "quarterly": 3, "annual": 12}
COLUMNS = ["measure", "org", "line", "month", "target"]


def stated_periods(trajectories: pd.DataFrame) -> pd.DataFrame:
    """Each stated target with the first and last month (pandas monthly Periods) it covers."""
    rows = trajectories.copy()
    if "period" not in rows.columns:
        rows["period"] = ""
    if "line" not in rows.columns:
        rows["line"] = "local"
    rows["period"] = rows["period"].fillna("").astype(str)
    rows["line"] = rows["line"].replace("", "local").fillna("local")
    starts, ends = [], []
    for year, period in zip(rows["year"], rows["period"], strict=True):
        first = pd.Period(year=year_start(year), month=4, freq="M")
        if not period:
            start, end = first, first + 11
        elif period.startswith("Q"):
            start = first + 3 * (int(period[1]) - 1)
            end = start + 2
        else:
            start = end = pd.Period(period, freq="M")
        starts.append(start)
        ends.append(end)
    rows["start"], rows["end"] = starts, ends
    rows["months"] = [int((e - s).n) + 1 for s, e in zip(starts, ends, strict=True)]
    return rows


def monthly_targets(trajectories: pd.DataFrame, shapes: dict[tuple[str, str], str] | None = None
                    ) -> pd.DataFrame:
    """The target of every month of every measure x org x line (`COLUMNS`; month a Period)."""
    if trajectories.empty:
        return pd.DataFrame(columns=COLUMNS)
    stated = stated_periods(trajectories)
    frames = []
    for (measure, org, line), rows in stated.groupby([*KEYS, "line"], sort=False):
        shape = (shapes or {}).get((measure, org), "step")
        series = _linear(rows) if shape == "linear" else _step(rows)
        frames.append(pd.DataFrame({"measure": measure, "org": org, "line": line,
                                    "month": list(series.index), "target": series.to_numpy()}))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def _month_range(first: pd.Period, last: pd.Period) -> list[pd.Period]:
    return list(pd.period_range(first, last, freq="M"))


def _fy_end(month: pd.Period) -> pd.Period:
    return pd.Period(year=month.year + (month.month >= 4), month=3, freq="M")


def _step(rows: pd.DataFrame) -> pd.Series:
    """Finest containing period wins; carried forward to the end of its financial year."""
    months = _month_range(rows["start"].min(), _fy_end(rows["end"].max()))
    out = pd.Series(np.nan, index=months, dtype=float)
    ordered = rows.reset_index(drop=True)
    carried, carried_end = np.nan, None
    for month in months:
        inside = ordered[(ordered["start"] <= month) & (ordered["end"] >= month)]
        if len(inside):
            best = inside.sort_values("months", kind="stable").iloc[0]
            carried, carried_end = float(best["target"]), _fy_end(month)
        elif carried_end is None or month > carried_end:
            carried = np.nan
        out[month] = carried
    return out


def _linear(rows: pd.DataFrame) -> pd.Series:
    """Targets reached at their periods' last months; equal monthly steps between."""
    anchors = rows.sort_values(["end", "months"], ascending=[True, True]).drop_duplicates(
        "end", keep="first")
    first = rows.sort_values(["start", "months"]).iloc[0]
    months = _month_range(min(rows["start"]), anchors["end"].max())
    ordinal = np.array([m.ordinal for m in months], dtype=float)
    xs = np.array([m.ordinal for m in anchors["end"]], dtype=float)
    values = np.interp(ordinal, xs, anchors["target"].to_numpy(float))
    before = ordinal < xs[0]
    values[before] = float(anchors["target"].iloc[0]) if first["end"] == anchors["end"].iloc[0] \
        else values[before]
    return pd.Series(values, index=months, dtype=float)


def point_targets(points: pd.DataFrame, monthly: pd.DataFrame,
                  frequency: dict[tuple[str, str], str] | None = None,
                  date: str = "period") -> pd.DataFrame:
    """`points` (measure, org, `date`) with `target` (the assured line: local, else national)
    and `national_target`, each read at the last month the point covers."""
    out = points.copy()
    covered = [MONTHS_COVERED[(frequency or {}).get((m, o), "monthly")]
               for m, o in zip(out["measure"], out["org"], strict=True)]
    last = [pd.Period(d, freq="M") + (n - 1)
            for d, n in zip(pd.to_datetime(out[date]), covered, strict=True)]
    out["_month"] = last
    for line, column in (("local", "_local"), ("national", "national_target")):
        part = monthly[monthly["line"] == line][["measure", "org", "month", "target"]]
        part = part.rename(columns={"month": "_month", "target": column})
        out = out.merge(part, on=[*KEYS, "_month"], how="left")
    out["target"] = out["_local"].where(out["_local"].notna(), out["national_target"])
    return out.drop(columns=["_month", "_local"])


def target_met(y: pd.Series, target: pd.Series, direction: pd.Series) -> pd.Series:
    """Whether each point meets its own target (None for no target or a neutral measure)."""
    met = np.where(direction == "decrease", y <= target, y >= target)
    unknown = target.isna() | y.isna() | (direction == "neutral")
    return pd.Series(np.where(unknown, None, met), index=y.index, dtype=object)


def future_trajectory(monthly: pd.DataFrame, last_actual: pd.DataFrame) -> pd.DataFrame:
    """The monthly targets after each series' last actual month (measure, org, line, month,
    target): the trajectory still to be delivered, drawn beyond the actuals."""
    if monthly.empty:
        return pd.DataFrame(columns=COLUMNS)
    merged = monthly.merge(last_actual.rename(columns={"month": "_last"}), on=KEYS, how="inner")
    ahead = merged[merged["month"] > merged["_last"]]
    return ahead.drop(columns="_last").dropna(subset=["target"]).reset_index(drop=True)
