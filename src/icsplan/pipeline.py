"""One run of the plan: scenario -> model -> finance -> targets, plus reconciliation.

`run_plan` is what the command line, the report and the app call; it returns a frozen,
typed `Plan` so every front end shows the same numbers.  Only the output writer
(`report/files.py`) knows which table goes to which file.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd

import icsplan
from icsplan.appraisal.appraise import Appraisal, appraise, horizon_activity
from icsplan.backtest.findings import Finding
from icsplan.backtest.reconcile import reconcile
from icsplan.delivery.actuals import Actuals
from icsplan.delivery.track import DeliveryResult, track
from icsplan.finance.result import Finance, plan_finance
from icsplan.forecast.forecast import Forecast, forecast_plan
from icsplan.model.capacity import plan_capacity
from icsplan.model.demand import Projection, project
from icsplan.montecarlo import Uncertainty, monte_carlo
from icsplan.population.summary import PopulationSummary
from icsplan.scenario.model import Scenario
from icsplan.targets.locality import locality_targets

if TYPE_CHECKING:
    from icsplan.programmes.portfolio import Portfolio
    from icsplan.store.summary import RegisterSummary
    from icsplan.waiting_list.plan_link import WaitingListResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Activity:
    """The activity tables of a run (activity units a year), computed once."""

    by_locality: pd.DataFrame  # scenario, year, ccg, locality, pod, baseline, momentum, planned
    by_ccg: pd.DataFrame  # year, ccg, pod, baseline, momentum, planned, % changes
    summary: pd.DataFrame  # system totals per pod and year with % changes
    change_factors: pd.DataFrame  # pod, year, factor, value


@dataclass(frozen=True)
class Manifest:
    """What was run, on what, when: written beside the results as manifest.json."""

    icsplan_version: str
    scenario: str
    scenario_hash: str
    baseline: str  # "scenario" or "population"
    investment_level: float
    created: str
    population_people: int | None = None  # people in a --population run
    population_share: float | None = None  # of the scenario's registered population
    reconciled: str = "all"  # "all", "activity-independent only" or "none"
    actuals: str | None = None  # the actuals file delivery was tracked against, if any
    draws: int = 0  # Monte Carlo draws (0: the principal run only)
    seed: int | None = None  # the one seed every draw comes from
    poisson: bool = False  # Poisson activity counts around each draw's expected values

    def as_dict(self) -> dict[str, object]:
        """The manifest as a plain dict (JSON-ready), in field order; `actuals` only when
        delivery was tracked, `draws`, `seed` and `poisson` only for a Monte Carlo run."""
        values = asdict(self)
        if values["actuals"] is None:
            del values["actuals"]
        if not values["draws"]:
            for key in ("draws", "seed", "poisson"):
                del values[key]
        return values


@dataclass(frozen=True)
class Plan:
    """Everything one run produced, as typed values; front ends only read it."""

    scenario: Scenario
    projection: Projection
    activity: Activity
    targets: pd.DataFrame  # locality targets at the horizon
    finance: Finance
    findings: tuple[Finding, ...]
    manifest: Manifest
    population: PopulationSummary | None = None
    delivery: DeliveryResult | None = None
    register: RegisterSummary | None = None  # the programme register, read by the caller
    capacity: pd.DataFrame | None = None  # bed days and beds by area, year and occupancy
    uncertainty: Uncertainty | None = None  # Monte Carlo summaries (with --draws)
    appraisal: Appraisal | None = None  # options appraisal, when the scenario has options
    programmes: Portfolio | None = None  # the programme portfolio, when it has programmes
    forecast: Forecast | None = None  # re-forecast from delivery to date (with actuals)
    waiting_list: WaitingListResult | None = None  # RTT waiting list, attached by the caller

    @property
    def horizon(self) -> str:
        """The plan's last year."""
        return self.projection.horizon


def run_plan(scenario: Scenario, population: PopulationSummary | None = None,
             investment_level: float = 1.0, actuals: Actuals | None = None,
             tracking: dict[str, object] | None = None,
             register: RegisterSummary | None = None,
             reconcile_published: bool = True, draws: int = 0, seed: int = 2016,
             poisson: bool = False, uncertainty_levels: tuple[str, ...] = ("pod",),
             processes: int = 1, appraise_options: bool = True,
             plan_beds: bool = True,
             forecasting: dict[str, object] | None = None) -> Plan:
    """Run the model on a scenario (or on a population run's baseline, loaded by the caller);
    `investment_level` (0-1) is the share of the planned investment made; with `actuals`
    (read by the caller) delivery is tracked against the plan: SPC and plan vs actual, with
    `tracking` the SPC options of `delivery.track.track` (rebase, fixed limits, screening).
    With `reconcile_published=False` the published figures are not compared (no findings):
    the app's what-if recompute, where they would only repeat the base plan's.  With `draws`
    > 0 also a Monte Carlo run from `seed` (activity by `uncertainty_levels`: pod, ccg,
    locality), over `processes` processes; the principal run is unchanged.  With
    `appraise_options=False` the options appraisal is left out (the what-if recompute: the
    appraisal does not depend on the levers' money and takes longer than the plan); with
    `plan_beds=False` the capacity (beds) tables too.  With `actuals` the plan is also
    re-forecast from delivery to date (`forecast.forecast.forecast_plan`, with `draws` and
    `seed`; `forecasting` its options: recover_by, weights, cutoff)."""
    baseline = population.baseline if population is not None else None
    projection = project(scenario, baseline=baseline)
    finance = plan_finance(scenario, projection, investment_level)
    capacity = plan_capacity(scenario, projection) if plan_beds else None
    registered = float(scenario.localities["population"].sum())
    # A scaled or partial population cannot reproduce the published activity and the money
    # that follows it; the published figures that do not depend on activity still compare.
    partial = population is not None and population.is_partial(registered)
    findings: list[Finding] = []
    if reconcile_published:
        full = finance if investment_level == 1.0 else plan_finance(scenario, projection, 1.0)
        findings = reconcile(scenario, projection, full, activity_comparable=not partial,
                             capacity=capacity)
    uncertainty = None
    if draws:
        uncertainty = monte_carlo(scenario, projection, finance, draws, seed,
                                  levels=uncertainty_levels, poisson=poisson,
                                  processes=processes)
    manifest = Manifest(
        icsplan_version=icsplan.__version__, scenario=scenario.name,
        scenario_hash=scenario.content_hash(),
        baseline="population" if baseline is not None else "scenario",
        investment_level=investment_level,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        population_people=population.people if population is not None else None,
        population_share=population.share_of(registered) if population is not None else None,
        reconciled=("none" if not reconcile_published else
                    "activity-independent only" if partial else "all"),
        actuals=actuals.file if actuals is not None else None,
        draws=draws, seed=seed if draws else None, poisson=poisson if draws else False)
    activity = Activity(by_locality=projection.activity(), by_ccg=projection.by_ccg(),
                        summary=projection.summary(),
                        change_factors=projection.change_factors())
    delivery = (track(scenario, actuals, activity.summary, **(tracking or {}))
                if actuals is not None else None)
    forecast = None
    if actuals is not None and scenario.has_demand_model:  # a re-forecast needs activity
        from icsplan.delivery.measures import actual_measures

        forecast = forecast_plan(scenario, projection, finance, actual_measures(actuals),
                                 delivery, draws=draws, seed=seed, **(forecasting or {}))
    options = (appraise(scenario, horizon_activity(activity.by_locality, projection.horizon),
                        projection.horizon) if appraise_options else None)
    programmes = None
    if "programmes" in scenario.tables:
        from icsplan.programmes.portfolio import portfolio

        programmes = portfolio(scenario, delivery, None if register is None else
                               register.programme_milestones)
    return Plan(
        scenario=scenario, projection=projection, activity=activity,
        targets=locality_targets(scenario, projection), finance=finance,
        findings=tuple(findings), manifest=manifest, population=population, delivery=delivery,
        register=register, capacity=capacity, uncertainty=uncertainty,
        appraisal=options, programmes=programmes, forecast=forecast)
