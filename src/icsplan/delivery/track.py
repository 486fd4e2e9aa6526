"""Track delivery: the scenario's KPIs and the A&E measures against trajectories, with SPC.

`track(scenario, actuals, summary)` reads nothing and writes nothing: it takes the validated
scenario, the validated actuals and the model's system totals by pod and year, and returns a
frozen `DeliveryResult`.  Series charted: every KPI of the scenario that the actuals give,
plus (from NHS England A&E actuals) 4-hour performance of all types and type 1 and emergency
admissions via A&E at the scenario's A&E trusts and England.  A point's target is its
organisation's trajectory at the end of the point's period (`delivery.trajectory`: targets by
year, quarter or month, step or linear, local and national lines).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.delivery.actuals import Actuals
from icsplan.delivery.measures import DERIVED, ENGLAND, actual_measures
from icsplan.delivery.plan_vs_actual import CAVEATS, plan_vs_actual
from icsplan.delivery.reading import assurance_reading, variation_reading
from icsplan.delivery.spc import spc, spc_summary
from icsplan.delivery.trajectory import (
    future_trajectory,
    monthly_targets,
    point_targets,
    target_met,
)

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario

KEYS = ["measure", "org"]
AE_TRACKED = ("ae_4hr_all", "ae_4hr_type1", "emergency_admissions_ae")
YTD_MONTHS = ("2016-04-01", "2016-08-01")  # derived: 002's 2016/17 YTD matches Apr-Aug 2016
ORG_NAMES = {ENGLAND: "England (all providers)"}
SUMMARY_COLUMNS = ["measure", "name", "org", "org_name", "unit", "improvement_direction",
                   "latest_period", "latest_value", "target", "mean", "lpl", "upl", "n_points",
                   "variation", "assurance", "variation_reading", "assurance_reading",
                   "short_group_warning", "national_target", "points_meeting_target",
                   "points_with_target"]


@dataclass(frozen=True)
class DeliveryResult:
    """SPC of every tracked series, one summary row per series, and plan against actual."""

    spc: pd.DataFrame
    kpi_summary: pd.DataFrame
    plan_vs_actual: pd.DataFrame
    ytd_check: pd.DataFrame
    actuals_file: str
    untracked: tuple[str, ...] = ()
    caveats: tuple[str, ...] = field(default=CAVEATS)
    # the targets still ahead of each series' last actual (measure, org, line, month, target)
    future: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["measure", "org", "line", "month", "target"]))


def tracked_series(scenario_measures: pd.DataFrame, values: pd.DataFrame,
                   from_ae: bool) -> pd.DataFrame:
    """Name, unit and direction of every series to track (measure x org with actuals)."""
    listed = scenario_measures[["measure", "name", "unit", "improvement_direction", "org",
                                "org_name"]]
    rows = [listed]
    if from_ae:
        trusts = list(listed.loc[listed["measure"] == "ae_4hr_all", "org"]) or sorted(
            set(values["org"]) - {ENGLAND})
        extra = [{"measure": m, "name": info.name, "unit": info.unit,
                  "improvement_direction": info.improvement_direction, "org": org,
                  "org_name": _org_name(listed, org)}
                 for m, info in DERIVED.items() if m in AE_TRACKED
                 for org in [*trusts, ENGLAND]]
        rows.append(pd.DataFrame(extra))
    series = pd.concat(rows, ignore_index=True).drop_duplicates(KEYS)
    have = values[KEYS].drop_duplicates()
    series = series.merge(have, on=KEYS, how="inner")
    # the scenario's order: measures as first listed, each measure's organisations as listed
    rank = {m: i for i, m in enumerate(dict.fromkeys(series["measure"]))}
    series = series.assign(_rank=series["measure"].map(rank), _row=range(len(series)))
    return series.sort_values(["_rank", "_row"]).drop(columns=["_rank", "_row"]).reset_index(
        drop=True)


def track(scenario: Scenario, actuals: Actuals, summary: pd.DataFrame | None = None, *,
          rebase: Iterable[object] | None = None, fix_after_n_points: int | None = None,
          screen_outliers: bool = True, derived_ae: bool | None = None) -> DeliveryResult:
    """SPC of the scenario's KPIs with their trajectories, their summary, and plan vs actual.

    `derived_ae` tracks the measures derived from A&E statistics at every organisation the
    actuals give them for (by default: when the actuals are in NHS England's A&E format; a
    long table merged from such a file says so itself).

    `summary` is the model's system totals by pod and year (`Projection.summary()`); the
    scenario's published year-to-date KPIs (`published/kpi_ytd.csv`) are recomputed from
    the actuals where these carry numerators and denominators.
    """
    scenario_measures = scenario.kpi_measures
    trajectories = scenario.kpi_trajectories
    published_ytd = scenario.published.get("kpi_ytd")
    values = actual_measures(actuals)
    from_ae = actuals.format == "nhse_ae" if derived_ae is None else derived_ae
    series = tracked_series(scenario_measures, values, from_ae)
    points = values.merge(series[KEYS], on=KEYS, how="inner")
    shapes = {(r.measure, r.org): getattr(r, "trajectory", "step") or "step"
              for r in scenario_measures.itertuples()}
    frequency = {(r.measure, r.org): r.frequency for r in scenario_measures.itertuples()}
    monthly = monthly_targets(trajectories, shapes)
    points = point_targets(points, monthly, frequency)
    direction = {(r.measure, r.org): r.improvement_direction for r in series.itertuples()}
    chart = spc(points, "value", "period", KEYS, improvement_direction=direction,
                target="target", rebase=rebase, fix_after_n_points=fix_after_n_points,
                screen_outliers=screen_outliers)
    attrs = dict(chart.attrs)  # the series' improvement directions (merges drop attrs)
    chart = series[KEYS + ["name", "unit"]].merge(chart, on=KEYS, how="right")
    national = points[[*KEYS, "period", "national_target"]].rename(columns={"period": "x"})
    chart = chart.merge(national.assign(x=pd.to_datetime(national["x"])), on=[*KEYS, "x"],
                        how="left")
    chart.attrs.update(attrs)  # read by spc_summary: without them every series "increases"
    chart["target_met"] = target_met(chart["y"], chart["target"],
                                     chart["measure"].combine(chart["org"], lambda m, o:
                                                              direction[(m, o)]))
    last = chart[chart["y"].notna()].groupby(KEYS, as_index=False)["x"].max()
    last["month"] = [pd.Period(x, freq="M") + (_months(frequency, m, o) - 1)
                     for m, o, x in zip(last["measure"], last["org"], last["x"], strict=True)]
    future = future_trajectory(monthly, last[[*KEYS, "month"]])
    kpi = _kpi_summary(chart, series)
    untracked = tuple(f"{r.measure} at {r.org}" for r in scenario_measures.itertuples()
                      if (r.measure, r.org) not in set(zip(series["measure"], series["org"],
                                                           strict=True)))
    trusts = [o for o in scenario_measures.loc[scenario_measures["measure"] == "ae_4hr_all",
                                               "org"]]
    pva = plan_vs_actual(values, summary, trusts) if summary is not None and trusts else \
        plan_vs_actual(values.iloc[:0], pd.DataFrame(columns=["pod", "year", "momentum",
                                                              "planned"]), [])
    return DeliveryResult(spc=chart, kpi_summary=kpi, plan_vs_actual=pva,
                          ytd_check=ytd_check(values, published_ytd),
                          actuals_file=actuals.file, untracked=untracked, future=future)


def _months(frequency: dict[tuple[str, str], str], measure: str, org: str) -> int:
    """Months one point of a series covers (1 monthly, 3 quarterly, 12 annual)."""
    return {"monthly": 1, "quarterly": 3, "annual": 12}[frequency.get((measure, org),
                                                                      "monthly")]


def ytd_check(values: pd.DataFrame, published: pd.DataFrame | None) -> pd.DataFrame:
    """Published 2016/17 year-to-date KPIs beside the same months recomputed from actuals."""
    columns = ["measure", "org", "year", "months", "published", "recomputed", "difference"]
    if published is None or published.empty:
        return pd.DataFrame(columns=columns)
    start, end = pd.Timestamp(YTD_MONTHS[0]), pd.Timestamp(YTD_MONTHS[1])
    window = values[(values["period"] >= start) & (values["period"] <= end)
                    & values["numerator"].notna()]
    sums = window.groupby(KEYS)[["numerator", "denominator"]].sum()
    recomputed = (100.0 * sums["numerator"] / sums["denominator"]).rename("recomputed")
    out = published.merge(recomputed.reset_index(), on=KEYS, how="inner")
    out["months"] = f"{start:%b %Y} to {end:%b %Y}"
    out = out.rename(columns={"value": "published"})
    out["difference"] = out["recomputed"] - out["published"]
    return out[columns]


def _kpi_summary(chart: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    if chart.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    s = spc_summary(chart, KEYS).drop(columns="improvement_direction").merge(
        series, on=KEYS, how="left")
    s = s.rename(columns={"latest_x": "latest_period", "latest_y": "latest_value",
                          "mean_col": "mean", "n": "n_points", "variation_type": "variation",
                          "assurance_type": "assurance"})
    groups = dict(tuple(chart.groupby(KEYS, sort=False)))
    s["variation_reading"] = [variation_reading(groups[(m, o)]) for m, o in
                              zip(s["measure"], s["org"], strict=True)]
    s["assurance_reading"] = [
        assurance_reading(a, float(t), lo, hi, u) for a, t, lo, hi, u in
        zip(s["assurance"], s["target"].astype(float), s["lpl"], s["upl"], s["unit"],
            strict=True)]
    s["latest_period"] = s["latest_period"].dt.strftime("%Y-%m")
    order = {key: i for i, key in enumerate(zip(series["measure"], series["org"], strict=True))}
    s = s.iloc[sorted(range(len(s)), key=lambda i: order[(s["measure"].iat[i],
                                                          s["org"].iat[i])])]
    s["assurance"] = s["assurance"].where(s["assurance"].notna(), np.nan)
    latest = chart[chart["y"].notna()].groupby(KEYS, sort=False).tail(1).set_index(KEYS)
    s["national_target"] = [latest["national_target"].get((m, o), np.nan)
                            for m, o in zip(s["measure"], s["org"], strict=True)]
    met = chart.assign(_met=chart["target_met"].map({True: 1, False: 0})).groupby(KEYS)["_met"]
    s["points_meeting_target"] = [int(met.sum().get((m, o), 0)) for m, o in
                                  zip(s["measure"], s["org"], strict=True)]
    s["points_with_target"] = [int(met.count().get((m, o), 0)) for m, o in
                               zip(s["measure"], s["org"], strict=True)]
    return s[SUMMARY_COLUMNS].reset_index(drop=True)


def _org_name(listed: pd.DataFrame, org: str) -> str:
    names = listed.loc[listed["org"] == org, "org_name"]
    return ORG_NAMES.get(org, names.iloc[0] if len(names) else org)
