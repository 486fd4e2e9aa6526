"""One run of the plan: scenario -> model -> finance -> targets, plus reconciliation.

`run_plan` is what the command line, the report and the app call; it returns a frozen,
typed `Plan` so every front end shows the same numbers.  Only the output writer
(`report/files.py`) knows which table goes to which file.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cached_property
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
from icsplan.run_options import RunOptions
from icsplan.scenario.model import Scenario
from icsplan.targets.locality import locality_targets

if TYPE_CHECKING:
    from icsplan.population.summary import PopulationSummary  # ibis: only for a population run
    from icsplan.programmes.portfolio import Portfolio
    from icsplan.register.summary import RegisterSummary
    from icsplan.waiting_list.result import WaitingListResult

log = logging.getLogger(__name__)


class Activity:
    """The activity tables of a run (activity units a year), each made from the projection
    when first read and kept (the app's what-if shows only the summary)."""

    def __init__(self, projection: Projection):
        self._projection = projection

    @cached_property
    def by_locality(self) -> pd.DataFrame:
        """scenario, year, ccg, locality, pod, baseline, momentum, planned."""
        return self._projection.activity()

    @cached_property
    def by_ccg(self) -> pd.DataFrame:
        """year, ccg, pod, baseline, momentum, planned, % changes."""
        return self._projection.by_ccg()

    @cached_property
    def summary(self) -> pd.DataFrame:
        """System totals per pod and year with % changes."""
        return self._projection.summary()

    @cached_property
    def change_factors(self) -> pd.DataFrame:
        """pod, year, factor, value."""
        return self._projection.change_factors()


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


def run_plan(scenario: Scenario, options: RunOptions | None = None, *,
             population: PopulationSummary | None = None, actuals: Actuals | None = None,
             register: RegisterSummary | None = None,
             road_minutes: pd.DataFrame | None = None) -> Plan:
    """Run the model on a scenario as `options` say (the defaults: the whole plan at full
    investment, reconciled, no draws).

    The data it runs on are read by the caller: a population run's baseline (`population`),
    delivery actuals (`actuals`: SPC and plan vs actual, with `options.tracking`), the
    programme register (`register`, shown as it is) and the options appraisal's road minutes
    (`road_minutes`, from `appraisal.reference.road_minutes_for`).  A scaled or partial population
    reconciles only the published figures that do not depend on activity.
    """
    options = options or RunOptions()
    projection = project(scenario, baseline=population.baseline if population is not None else None)
    finance = plan_finance(scenario, projection, options.investment_level)
    capacity = plan_capacity(scenario, projection) if options.plan_beds else None
    registered = float(scenario.localities["population"].sum())
    partial = population is not None and population.is_partial(registered)
    findings = _findings(scenario, projection, finance, capacity, options, partial)
    uncertainty = None
    if options.draws:
        uncertainty = monte_carlo(scenario, projection, finance, options.draws, options.seed,
                                  levels=options.uncertainty_by, poisson=options.poisson,
                                  workers=options.workers)
    activity = Activity(projection)
    delivery = (track(scenario, actuals, activity.summary, **options.tracking.as_kwargs())
                if actuals is not None else None)
    forecast = None
    if actuals is not None and scenario.has_demand_model:  # a re-forecast needs activity
        from icsplan.delivery.measures import actual_measures

        forecast = forecast_plan(scenario, projection, finance, actual_measures(actuals),
                                 delivery, draws=options.draws, seed=options.seed,
                                 **options.forecasting.as_kwargs(),
                                 register_facts=None if register is None else
                                 register.signal_facts)
    appraisal = (appraise(scenario, horizon_activity(activity.by_locality, projection.horizon),
                          projection.horizon, road_minutes)
                 if options.appraise_options else None)
    programmes = None
    if "programmes" in scenario.tables:
        from icsplan.programmes.portfolio import portfolio

        programmes = portfolio(scenario, delivery, None if register is None else
                               register.programme_milestones)
    return Plan(
        scenario=scenario, projection=projection, activity=activity,
        targets=locality_targets(scenario, projection), finance=finance,
        findings=tuple(findings),
        manifest=manifest_of(scenario, options, population, actuals, partial),
        population=population, delivery=delivery, register=register, capacity=capacity,
        uncertainty=uncertainty, appraisal=appraisal, programmes=programmes, forecast=forecast)


def _findings(scenario: Scenario, projection: Projection, finance: Finance,
              capacity: pd.DataFrame | None, options: RunOptions,
              partial: bool) -> list[Finding]:
    """Every published figure beside icsplan's (at full investment), when reconciling."""
    if not options.reconcile:
        return []
    full = (finance if options.investment_level == 1.0
            else plan_finance(scenario, projection, 1.0))
    # A scaled or partial population cannot reproduce the published activity and the money
    # that follows it; the published figures that do not depend on activity still compare.
    return reconcile(scenario, projection, full, activity_comparable=not partial,
                     capacity=capacity)


def manifest_of(scenario: Scenario, options: RunOptions, population: PopulationSummary | None,
                actuals: Actuals | None, partial: bool) -> Manifest:
    """What was run, on what, when: made from the run's options and inputs."""
    registered = float(scenario.localities["population"].sum())
    return Manifest(
        icsplan_version=icsplan.__version__, scenario=scenario.name,
        scenario_hash=scenario.content_hash(),
        baseline="population" if population is not None else "scenario",
        investment_level=options.investment_level,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        population_people=population.people if population is not None else None,
        population_share=population.share_of(registered) if population is not None else None,
        reconciled=("none" if not options.reconcile else
                    "activity-independent only" if partial else "all"),
        actuals=actuals.file if actuals is not None else None,
        draws=options.draws, seed=options.seed if options.draws else None,
        poisson=options.poisson if options.draws else False)
