"""Reconciliation of a run: every published figure of a scenario against icsplan's, in one
list (activity, initiative cohorts, finance, the generic back test, then capacity, then plan
forensics), whatever stage computed it."""

from __future__ import annotations

import pandas as pd

from icsplan.backtest.activity import activity_findings
from icsplan.backtest.capacity import capacity_findings
from icsplan.backtest.cohorts import cohort_findings
from icsplan.backtest.finance import activity_independent_findings, finance_findings
from icsplan.backtest.findings import Finding
from icsplan.backtest.generic import apply_expectations, generic_findings
from icsplan.finance.result import Finance
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario


def run_outputs(projection: Projection, finance: Finance,
                capacity: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The run's output tables the generic back test may read (`generic.OUTPUTS`)."""
    cells = projection.cells
    frames = []
    keys = [c for c in ("ccg", "pod") if c in cells.columns]
    for k, year in enumerate(projection.years):
        frame = cells[keys].assign(year=year, baseline=projection.baseline,
                                   momentum=projection.momentum[k],
                                   planned=projection.planned[k])
        frames.append(frame.groupby([*keys, "year"], as_index=False).sum())
    by_ccg = pd.concat(frames, ignore_index=True)
    summary = by_ccg.groupby(["pod", "year"], as_index=False)[
        ["baseline", "momentum", "planned"]].sum()
    outputs = {"activity_summary": summary, "activity_by_ccg": by_ccg,
               "initiatives": finance.economics, "bridge": finance.bridge,
               "org_budgets": finance.org_budgets, "qipp": finance.qipp,
               "qipp_schemes": finance.qipp_schemes, "workforce": finance.workforce,
               "gp_capacity": finance.gp_capacity,
               "investment_schedule": finance.investment_schedule}
    if capacity is not None:
        outputs["capacity"] = capacity
    return outputs


def reconcile(scenario: Scenario, projection: Projection, finance: Finance,
              activity_comparable: bool = True,
              capacity: pd.DataFrame | None = None) -> list[Finding]:
    """Every published figure compared with its recomputation (`finance` at full investment,
    `capacity` the run's bed days): activity, initiative cohorts, finance, the generic back
    test (published/reconcile.csv), capacity.

    With `activity_comparable` false (a run on a scaled or partial population), only the
    figures that do not depend on activity are compared: investment phasing, workforce, GP
    capacity, organisation budgets and the generic rows on outputs that do not depend on
    activity.  The status and note of a finding that does not match may come from
    published/expectations.csv.  Plan forensics (the published plan's own arithmetic,
    `icsplan.forensics`) come last in both cases.
    """
    # imported here: icsplan.forensics builds its findings with backtest.findings
    from icsplan.forensics.scenario import scenario_findings

    pub = scenario.published
    generic = generic_findings(pub.get("reconcile"), run_outputs(projection, finance, capacity),
                               activity_comparable)
    if activity_comparable:
        found = (activity_findings(scenario, projection) + cohort_findings(scenario)
                 + finance_findings(scenario, finance) + generic
                 + capacity_findings(scenario, projection, capacity))
    else:
        found = activity_independent_findings(scenario, finance) + generic
    return apply_expectations(found, pub.get("expectations")) + scenario_findings(scenario)
