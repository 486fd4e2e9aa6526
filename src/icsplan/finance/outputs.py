"""The finance stage's outputs: its tables for a run and its back-test findings."""

from __future__ import annotations

import logging

import pandas as pd

from icsplan.backtest.findings import Finding
from icsplan.finance import findings as back
from icsplan.finance.bridge import bridge
from icsplan.finance.budgets import org_budgets, qipp
from icsplan.finance.initiatives import at_horizon, initiative_economics
from icsplan.finance.phasing import (
    cash_flow,
    investment_curve,
    investment_schedule,
    investment_summary,
)
from icsplan.finance.workforce import gp_capacity, workforce
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario

log = logging.getLogger(__name__)


def bridge_table(scenario: Scenario, economics: pd.DataFrame) -> pd.DataFrame:
    """The bridge of the scenario with its initiative steps from `economics`."""
    net = at_horizon(economics)["net_gbp"].to_dict() if len(economics) else {}
    return bridge(scenario.table("bridge"), net)


def finance_tables(scenario: Scenario, projection: Projection,
                   investment_level: float = 1.0) -> dict[str, pd.DataFrame]:
    """Every finance table of a run at an investment level (0-1; 1 = the plan), pounds.

    `initiatives`, `bridge`, `workforce` and `gp_capacity` have the columns the report uses;
    `investment_summary` gives savings, net and payback year at this level; the `*_detail`
    tables, `cash_flow`, `investment_schedule`, `investment_curve`, `org_budgets`, `qipp`
    and `qipp_schemes` give more detail.
    """
    econ = initiative_economics(scenario, projection, investment_level)
    steps = bridge_table(scenario, econ)
    staff = workforce(scenario, investment_level)
    schedule = investment_schedule(scenario, investment_level)
    cash = cash_flow(econ, schedule, projection.years)
    tables = {
        "initiatives": econ[["initiative", "year", "gross_gbp", "investment_gbp",
                             "stranded_gbp", "net_gbp"]],
        "bridge": steps[["step", "order", "value_gbp", "cumulative_gbp", "source"]],
        "workforce": staff[["role", "year", "fte", "cost_gbp"]],
        "gp_capacity": gp_capacity(scenario, investment_level)[
            ["year", "demand_appts", "capacity_appts", "gap_fte"]],
        "initiative_detail": econ,
        "bridge_detail": steps,
        "workforce_detail": staff,
        "gp_capacity_detail": gp_capacity(scenario, investment_level),
        "investment_schedule": schedule,
        "cash_flow": cash,
        "investment_summary": pd.DataFrame([investment_summary(cash, investment_level)]),
        "investment_curve": investment_curve(scenario, projection),
        "org_budgets": org_budgets(scenario),
        "qipp": qipp(scenario),
        "qipp_schemes": scenario.table("qipp_schemes"),
    }
    log.info("finance tables for %s at investment level %.2f", scenario.name, investment_level)
    return {k: v.reset_index(drop=True) for k, v in tables.items()}


def finance_findings(scenario: Scenario, projection: Projection) -> list[Finding]:
    """Every finance back test at the planned (full) investment."""
    econ = initiative_economics(scenario, projection, 1.0)
    out = back.initiative_findings(scenario, econ)
    if not scenario.table("bridge").empty:
        steps = bridge_table(scenario, econ)
        out += back.lhc_findings(scenario, econ, steps)
        out += back.bridge_findings(scenario, steps)
    out += back.phasing_findings(scenario)
    out += back.workforce_findings(scenario)
    out += back.gp_findings(scenario)
    out += back.budget_findings(scenario)
    return out
