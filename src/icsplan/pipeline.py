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
from icsplan.backtest.findings import Finding
from icsplan.backtest.reconcile import reconcile
from icsplan.finance.result import Finance, plan_finance
from icsplan.model.demand import Projection, project
from icsplan.population.summary import PopulationSummary
from icsplan.scenario.model import Scenario
from icsplan.targets.locality import locality_targets

if TYPE_CHECKING:
    from icsplan.store.summary import RegisterSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Activity:
    """The activity tables of a run (activity units a year), computed once."""

    by_locality: pd.DataFrame  # scenario, year, ccg, locality, pod, baseline, momentum, planned
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

    def as_dict(self) -> dict[str, object]:
        """The manifest as a plain dict (JSON-ready), in field order."""
        return asdict(self)


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
    register: RegisterSummary | None = None  # the programme register, read by the caller

    @property
    def horizon(self) -> str:
        """The plan's last year."""
        return self.projection.horizon


def run_plan(scenario: Scenario, population: PopulationSummary | None = None,
             investment_level: float = 1.0, register: RegisterSummary | None = None,
             reconcile_published: bool = True) -> Plan:
    """Run the model on a scenario (or on a population run's baseline, loaded by the caller);
    `investment_level` (0-1) is the share of the planned investment made.  With
    `reconcile_published=False` the published figures are not compared (no findings): the
    app's what-if recompute, where they would only repeat the base plan's."""
    baseline = population.baseline if population is not None else None
    projection = project(scenario, baseline=baseline)
    finance = plan_finance(scenario, projection, investment_level)
    findings: list[Finding] = []
    if baseline is None and reconcile_published:
        full = finance if investment_level == 1.0 else plan_finance(scenario, projection, 1.0)
        findings = reconcile(scenario, projection, full)
    manifest = Manifest(
        icsplan_version=icsplan.__version__, scenario=scenario.name,
        scenario_hash=scenario.content_hash(),
        baseline="population" if baseline is not None else "scenario",
        investment_level=investment_level,
        created=datetime.now(UTC).isoformat(timespec="seconds"))
    return Plan(
        scenario=scenario, projection=projection,
        activity=Activity(by_locality=projection.activity(), summary=projection.summary(),
                          change_factors=projection.change_factors()),
        targets=locality_targets(scenario, projection), finance=finance,
        findings=tuple(findings), manifest=manifest, population=population, register=register)
