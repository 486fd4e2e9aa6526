"""Reconciliation of a run: every published figure of a scenario against icsplan's, in one
list (activity, initiative cohorts, finance, then capacity), whatever stage computed it."""

from __future__ import annotations

import pandas as pd

from icsplan.backtest.activity import activity_findings
from icsplan.backtest.capacity import capacity_findings
from icsplan.backtest.cohorts import cohort_findings
from icsplan.backtest.finance import activity_independent_findings, finance_findings
from icsplan.backtest.findings import Finding
from icsplan.finance.result import Finance
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario


def reconcile(scenario: Scenario, projection: Projection, finance: Finance,
              activity_comparable: bool = True,
              capacity: pd.DataFrame | None = None) -> list[Finding]:
    """Every published figure compared with its recomputation (`finance` at full investment,
    `capacity` the run's bed days): activity, initiative cohorts, finance, capacity.

    With `activity_comparable` false (a run on a scaled or partial population), only the
    figures that do not depend on activity are compared: investment phasing, workforce, GP
    capacity and organisation budgets.  Plan forensics (the published plan's own arithmetic,
    `icsplan.forensics`) come last in both cases.
    """
    # imported here: icsplan.forensics builds its findings with backtest.findings
    from icsplan.forensics.scenario import scenario_findings

    if activity_comparable:
        return (activity_findings(scenario, projection) + cohort_findings(scenario)
                + finance_findings(scenario, finance)
                + capacity_findings(scenario, projection, capacity)
                + scenario_findings(scenario))
    return activity_independent_findings(scenario, finance) + scenario_findings(scenario)
