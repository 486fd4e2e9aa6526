"""The finance stage of a run: every financial table at one investment level, computed once.

`plan_finance` is the stage's one entry point; `Finance` holds its tables by name (pounds).
The tables no headline figure needs (workforce, GP capacity, the investment curve) are made
from the run's scenario and projection when first read, so the app's what-if recompute,
which shows only the headline and the cash flow, does not make them.
Which columns go to which output file is the output writer's business (report/files.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from icsplan.finance.bridge import bridge, bridge_of_steps, ordered_steps
from icsplan.finance.budgets import org_budgets, qipp
from icsplan.finance.initiatives import initiative_economics, unit_costs
from icsplan.finance.memo import by_tables
from icsplan.finance.phasing import (
    InvestmentSummary,
    cash_flow,
    investment_curve,
    investment_schedule,
    investment_summary,
    schedule_totals,
)
from icsplan.finance.workforce import gp_capacity, workforce
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finance:
    """Every finance table of a run at one investment level (0-1; 1 = the plan), pounds."""

    investment_level: float
    economics: pd.DataFrame  # gross, investment, stranded, net per initiative and year
    bridge: pd.DataFrame  # ordered steps to the gap with running total and sources
    investment_schedule: pd.DataFrame  # pump priming and capital by year
    cash_flow: pd.DataFrame  # savings, investment and cumulative net by year
    investment_summary: InvestmentSummary | None  # savings, net and payback year (None: no
    # initiative finances to sum up)
    org_budgets: pd.DataFrame  # allocation, expenditure, surplus per organisation (004)
    qipp: pd.DataFrame  # QIPP target, identified, gap and headroom per organisation
    qipp_schemes: pd.DataFrame  # the QIPP schemes as given
    # what the tables made on first read are made from
    scenario: Scenario = field(repr=False, compare=False, kw_only=True)
    projection: Projection = field(repr=False, compare=False, kw_only=True)

    @property
    def payback_year(self) -> str | None:
        """First year from which the cumulative net saving stays at or above zero, if any."""
        return self.investment_summary.payback_year if self.investment_summary else None

    @cached_property
    def workforce(self) -> pd.DataFrame:
        """FTE and cost by role and year."""
        return workforce(self.scenario, self.investment_level).reset_index(drop=True)

    @cached_property
    def gp_capacity(self) -> pd.DataFrame:
        """GP appointments demanded and available, FTE gap, by year."""
        return gp_capacity(self.scenario, self.investment_level).reset_index(drop=True)

    @cached_property
    def investment_curve(self) -> pd.DataFrame:
        """Savings and net at every level from 0 to 100%."""
        return investment_curve(self.scenario, self.projection).reset_index(drop=True)


def activity_growth_cost(scenario: Scenario, projection: Projection) -> float:
    """Cost of the momentum's growth in activity from the base year to the horizon (pounds a
    year): sum over cells of (momentum at the horizon - baseline) x the pod's unit cost."""
    growth = projection.momentum[-1] - projection.baseline
    return float(growth @ unit_costs(scenario, projection))


def bridge_table(scenario: Scenario, economics: pd.DataFrame,
                 projection: Projection) -> pd.DataFrame:
    """The bridge of the scenario: initiative steps from `economics`, demand steps that
    follow the model from the projection's activity growth."""
    if not len(economics):
        return bridge(scenario.bridge, {}, activity_growth_cost(scenario, projection))
    last = (economics["year"] == economics["year"].max()).to_numpy()
    net = dict(zip(economics["initiative"].to_numpy()[last],  # as at_horizon(economics)
                   economics["net_gbp"].to_numpy()[last].tolist(), strict=True))
    return bridge_of_steps(by_tables(_ordered_steps, scenario, ("bridge",)), net,
                           activity_growth_cost(scenario, projection))


def _ordered_steps(scenario: Scenario) -> list[dict]:
    return ordered_steps(scenario.bridge)


def _schedule(scenario: Scenario, level: float) -> pd.DataFrame:
    """The investment schedule at `level`: it reads only investments.csv."""
    return by_tables(investment_schedule, scenario, ("investments",), level)


def _schedule_totals(scenario: Scenario, level: float, years: tuple[str, ...]) -> pd.DataFrame:
    return schedule_totals(_schedule(scenario, level), years)


def plan_finance(scenario: Scenario, projection: Projection,
                 investment_level: float = 1.0) -> Finance:
    """Every finance table of a run at an investment level (0-1; 1 = the plan)."""
    econ = initiative_economics(scenario, projection, investment_level)
    schedule = _schedule(scenario, investment_level)
    cash = cash_flow(econ, schedule, projection.years, by_tables(
        _schedule_totals, scenario, ("investments",), investment_level, projection.years))
    tables = dict(
        economics=econ,
        bridge=bridge_table(scenario, econ, projection),
        investment_schedule=schedule,
        cash_flow=cash,
        org_budgets=by_tables(org_budgets, scenario, ("org_budgets",)),
        qipp=by_tables(qipp, scenario, ("org_budgets", "qipp_targets", "qipp_schemes")),
        qipp_schemes=scenario.qipp_schemes,
    )
    result = Finance(investment_level=investment_level,
                     investment_summary=investment_summary(cash, investment_level),
                     scenario=scenario, projection=projection,
                     **{name: frame.reset_index(drop=True) for name, frame in tables.items()})
    log.info("finance for %s at investment level %.2f", scenario.name, investment_level)
    return result
