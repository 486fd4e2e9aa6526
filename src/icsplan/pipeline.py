"""One run of the plan: scenario -> model -> (finance) -> targets, plus reconciliation.

`run_plan` is what `icsplan run` and the report call; it returns plain tables keyed by the
name of the file each is written to, so every front end shows the same numbers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

import icsplan
from icsplan.backtest.findings import Finding
from icsplan.finance import finance_findings, finance_tables
from icsplan.model.demand import Projection, project
from icsplan.scenario.model import Scenario
from icsplan.targets.locality import locality_targets

log = logging.getLogger(__name__)


@dataclass
class Results:
    """Everything one run produced: tables by output name, findings and a manifest."""

    scenario: Scenario
    projection: Projection
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    manifest: dict[str, object] = field(default_factory=dict)
    population: Path | None = None


def run_plan(scenario: Scenario, baseline: pd.DataFrame | None = None,
             population: Path | None = None, investment_level: float = 1.0) -> Results:
    """Run the model on a scenario (optionally with a baseline from patient-level data);
    `investment_level` (0-1) is the share of the planned investment made (finance tables)."""
    from icsplan.backtest.reconcile import reconcile

    projection = project(scenario, baseline=baseline)
    results = Results(scenario=scenario, projection=projection, population=population)
    results.tables["activity"] = projection.activity()
    results.tables["activity_summary"] = projection.summary()
    results.tables["change_factors"] = projection.change_factors()
    results.tables["locality_targets"] = locality_targets(scenario, projection)
    results.tables.update(finance_tables(scenario, projection, investment_level))
    results.findings = reconcile(scenario, projection) if baseline is None else []
    if baseline is None:
        results.findings += finance_findings(scenario, projection)
    results.manifest = {
        "icsplan_version": icsplan.__version__,
        "scenario": scenario.name,
        "scenario_hash": scenario.content_hash(),
        "baseline": "population" if baseline is not None else "scenario",
        "investment_level": investment_level,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return results
