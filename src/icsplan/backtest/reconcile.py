"""Reconciliation of a run: every published figure of a scenario against icsplan's, in one
list, whatever stage computed it: every back test is a row of the scenario's
published/reconcile.csv (the generic loop, `generic`), then plan forensics."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from icsplan.backtest.cohorts import cohort_table, has_cohorts
from icsplan.backtest.findings import Finding
from icsplan.backtest.generic import apply_expectations, generic_findings
from icsplan.finance.bridge import subtotals
from icsplan.finance.result import Finance
from icsplan.finance.workforce import line_costs
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario
from icsplan.targets.locality import locality_table


def run_outputs(scenario: Scenario, projection: Projection, finance: Finance,
                capacity: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The tables the generic back test may read: the run's outputs (`generic.OUTPUTS`), the
    scenario's published tables (`published:<name>`) and its input tables (`input:<name>`)."""
    by_ccg = _activity_by_ccg(projection)
    summary = by_ccg.groupby(["pod", "year"], as_index=False)[
        ["baseline", "momentum", "planned"]].sum()
    summary["population"] = float(scenario.localities["population"].sum())
    outputs = Tables({"activity_summary": summary, "activity_by_ccg": by_ccg,
               "activity_horizon": activity_horizon(projection),
               "locality_table": locality_tables(scenario, projection),
               "initiatives": finance.economics, "bridge": finance.bridge,
               "bridge_subtotals": pd.DataFrame(list(subtotals(finance.bridge).items()),
                                                columns=["subtotal", "value_gbp"]),
               "org_budgets": finance.org_budgets, "qipp": finance.qipp,
               "qipp_schemes": finance.qipp_schemes, "workforce": finance.workforce,
               "workforce_line_costs": line_costs(scenario),
               "gp_capacity": finance.gp_capacity,
               "investment_schedule": finance.investment_schedule})
    if has_cohorts(scenario):  # a second run of the model: made only when a row reads it
        outputs.later("cohorts", lambda: cohort_table(scenario))
    if capacity is not None:
        outputs["capacity"] = capacity
    outputs.update({f"published:{name}": frame for name, frame in scenario.published.items()
                    if isinstance(frame, pd.DataFrame)})
    outputs.update({f"input:{name}": frame for name, frame in scenario.tables.items()
                    if isinstance(frame, pd.DataFrame)})
    return outputs


def _activity_by_ccg(projection: Projection) -> pd.DataFrame:
    """Baseline, momentum and planned activity by CCG, pod and year, year after year: every
    year's cells in one frame and one group-by (the same rows in each group, in the same
    order, as a group-by per year), `at` keeping the years in the projection's order."""
    cells, years = projection.cells, projection.years
    keys = [c for c in ("ccg", "pod") if c in cells.columns]
    n, count = len(cells), len(years)
    frame = cells[keys].take(np.tile(np.arange(n), count)).reset_index(drop=True)
    frame.insert(0, "at", np.repeat(np.arange(count), n))
    frame["year"] = np.repeat(np.array(years, dtype=object), n)
    frame["baseline"] = np.tile(projection.baseline, count)
    frame["momentum"] = np.asarray(projection.momentum).reshape(-1)
    frame["planned"] = np.asarray(projection.planned).reshape(-1)
    out = frame.groupby(["at", *keys, "year"], as_index=False).sum()
    return out.drop(columns="at")


class Tables(dict):
    """The tables by name, some made only when first read (`later`)."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        super().__init__(tables)
        self._later: dict[str, Callable[[], pd.DataFrame]] = {}

    def later(self, name: str, make: Callable[[], pd.DataFrame]) -> None:
        """`name` is made by `make()` when first read."""
        self._later[name] = make

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self._later

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._later:
            raise KeyError(name)
        self[name] = self._later.pop(name)()
        return self[name]

    def get(self, name, default=None):  # noqa: ANN001, ANN201 (dict.get's own signature)
        """The table `name` (made now if it is made later), or `default`."""
        return self[name] if name in self else default  # noqa: SIM401 (dict.get skips __missing__)


def activity_horizon(projection: Projection) -> pd.DataFrame:
    """Activity by pod at the horizon: baseline, momentum, planned, the activity removed
    (momentum - planned) and a column per initiative with the activity it removes."""
    frame = pd.DataFrame({"pod": projection.cells["pod"].to_numpy(),
                          "baseline": projection.baseline,
                          "momentum": projection.momentum[-1], "planned": projection.planned[-1]})
    for ident, arr in projection.removed.items():
        frame[ident] = arr[-1]
    out = frame.groupby("pod", as_index=False).sum()
    out["removed"] = out["momentum"] - out["planned"]  # all initiatives together
    return out


def locality_tables(scenario: Scenario, projection: Projection) -> pd.DataFrame:
    """Each pod's locality target table recomputed from its own assumptions (targets.csv) on
    the baseline, base year to horizon (`targets.locality.locality_table`)."""
    if "targets" not in scenario.tables or scenario.targets.empty:
        return pd.DataFrame(columns=["ccg", "locality", "pod"])
    cells = projection.cells.assign(b=projection.baseline)
    frames = []
    for pod in scenario.targets["pod"].unique():
        base = cells[cells["pod"] == pod].groupby("locality")["b"].sum()
        frames.append(locality_table(scenario, pod, base, len(projection.years) - 1))
    return pd.concat(frames, ignore_index=True)


def reconcile(scenario: Scenario, projection: Projection, finance: Finance,
              activity_comparable: bool = True,
              capacity: pd.DataFrame | None = None) -> list[Finding]:
    """Every published figure compared with its recomputation (`finance` at full investment,
    `capacity` the run's bed days), as the scenario's published/reconcile.csv maps each figure
    to the run's tables (`generic`): activity, initiative cohorts, finance, capacity.

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
    found = generic_findings(pub.get("reconcile"),
                             run_outputs(scenario, projection, finance, capacity),
                             activity_comparable)
    return apply_expectations(found, pub.get("expectations")) + scenario_findings(scenario)
