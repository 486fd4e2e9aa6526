"""Reconciliation of a run: every published figure of a scenario against icsplan's, in one
list (activity first, then finance), whatever stage computed it."""

from __future__ import annotations

from icsplan.backtest.activity import activity_findings
from icsplan.backtest.finance import activity_independent_findings, finance_findings
from icsplan.backtest.findings import Finding
from icsplan.finance.result import Finance
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario


def reconcile(scenario: Scenario, projection: Projection, finance: Finance,
              activity_comparable: bool = True) -> list[Finding]:
    """Every published figure compared with its recomputation (`finance` at full investment).

    With `activity_comparable` false (a run on a scaled or partial population), only the
    figures that do not depend on activity are compared: investment phasing, workforce, GP
    capacity and organisation budgets.
    """
    if activity_comparable:
        return activity_findings(scenario, projection) + finance_findings(scenario, finance)
    return activity_independent_findings(scenario, finance)
