"""Row models of the published tables a scenario may ship under `published/` (the figures
of its source documents that `icsplan check` reconciles).  They are validated like every
other table, so a typo in a published table is a problem, never a crash of the back tests.

Names of localities, CCGs and pods are checked against the scenario in `checks`; the
categorical columns the back tests look up take only the values they understand.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from icsplan.scenario.schema import FinancialYear, Strict

Source = Field(min_length=1)



class ActivityTotalRow(Strict):
    """002's activity totals: fewer attendances by pod at the horizon."""

    pod: str
    reduction_vs_momentum: float
    rounding: float = Field(gt=0)
    reduction_pct: float | None = None
    source: str = Source


class BridgeFigureRow(Strict):
    """A figure of the published bridge, its summary or key facts (pounds, signed)."""

    item: str = Field(min_length=1)
    value_gbp: float
    source: str = Source


class GpCapacityFigureRow(Strict):
    """002's key facts on GP capacity."""

    item: Literal["avoidable_pct", "demand_appts", "gp_fte_gap", "released_pct"]
    value: float
    tolerance: float = Field(ge=0)
    source: str = Source


class InitiativeActivityRow(Strict):
    """003's initiative impact table: % change by initiative and pod."""

    initiative: str = Field(min_length=1)
    pod: str
    change_vs_baseline_pct: float
    change_vs_momentum_pct: float
    decimals_baseline: int = Field(ge=0, le=6)
    decimals_momentum: int = Field(ge=0, le=6)
    source: str = Source


class InitiativeEconomicsRow(Strict):
    """003's system-wide targets: gross, investment, stranded and net per initiative."""

    initiative: str = Field(min_length=1)
    measure: Literal["gross", "investment", "net", "stranded"]
    value_gbp: float
    source: str = Source


class CohortEffectRow(Strict):
    """003's initial assumption of an initiative's effect on the NEL admissions of age bands
    (the cohort back test runs the model with it: `backtest.cohorts`)."""

    initiative: str = Field(min_length=1)
    pod: Literal["non_elective"]
    age_bands: str = Field(pattern=r"^(0-44|45-74|75-84|85\+)(;(0-44|45-74|75-84|85\+))*$")
    reduction_pct: float = Field(gt=0, le=100)
    source: str = Source


class InitiativeShiftRow(Strict):
    """003's activity shifted by an initiative (fewer acute contacts)."""

    initiative: str = Field(min_length=1)
    pod: str
    reduction_vs_momentum: float
    rounding: float = Field(gt=0)
    source: str = Source


class InvestmentTotalRow(Strict):
    """003's pump-priming and capital totals by year."""

    category: Literal["capital", "pump_priming", "recurrent"]
    year: FinancialYear
    value_gbp: float
    source: str = Source


class LhcSavingRow(Strict):
    """Local health and care net savings as 002 or 003 publish them."""

    document: Literal["002", "003", "2", "3"]  # which seed document publishes it
    item: str = Field(min_length=1)
    initiatives: str = ""
    value_gbp: float
    source: str = Source


class _LocalityTableRow(Strict):
    """The columns 003's locality NEL and OP target tables share (as printed)."""

    row: int = Field(ge=1)
    ccg: str
    locality: str
    population_k: float = Field(ge=0)
    baseline_k: float = Field(ge=0)
    momentum_k: float = Field(ge=0)
    target_k: float = Field(ge=0)
    reduction_vs_baseline_pct: float
    reduction_vs_momentum_pct: float
    gross_savings_gbp_m: float


class LocalityNelRow(_LocalityTableRow):
    """003's locality NEL target table (thousands, counts and £m as printed)."""

    reduction_vs_baseline: float
    reduction_vs_momentum: float


class LocalityOpRow(_LocalityTableRow):
    """003's locality OP target table (thousands and £m as printed)."""

    reduction_vs_baseline_k: float
    reduction_vs_momentum_k: float


class LocalityTotalRow(Strict):
    """The total rows of 003's locality tables."""

    pod: str
    column: Literal["baseline", "gross_savings_gbp", "momentum", "population",
                    "reduction_vs_baseline", "reduction_vs_momentum", "target"]
    published: float
    rounding: float = Field(gt=0)
    source: str = Source


class SystemActivityRow(Strict):
    """003's system activity table: growth and % change by pod."""

    pod: str
    metric: Literal["change_vs_baseline", "change_vs_momentum", "momentum_change_vs_baseline",
                    "momentum_growth_pa"]
    value_pct: float
    decimals: int = Field(ge=0, le=6)
    source: str = Source


class WorkforceCostRow(Strict):
    """003's workforce table: a line's £m against its FTE and cost per FTE."""

    item: str = Field(min_length=1)
    line: str = Field(min_length=1)
    roles: str = ""
    value_gbp: float
    tolerance_gbp: float = Field(ge=0)
    source: str = Source


class WorkforceLineRow(Strict):
    """003's workforce table: investment line items by year."""

    item: str = Field(min_length=1)
    year: FinancialYear
    value_gbp: float
    source: str = Source


class WorkforceTotalRow(Strict):
    """003's workforce totals (FTE, investment by year)."""

    item: str = Field(min_length=1)
    value: float
    tolerance: float = Field(ge=0)
    source: str = Source


PUBLISHED_TABLES = {
    "activity_totals": ActivityTotalRow,
    "bridge": BridgeFigureRow,
    "cohort_effects": CohortEffectRow,
    "gp_capacity": GpCapacityFigureRow,
    "initiative_activity": InitiativeActivityRow,
    "initiative_economics": InitiativeEconomicsRow,
    "initiative_shift": InitiativeShiftRow,
    "investment_totals": InvestmentTotalRow,
    "lhc_savings": LhcSavingRow,
    "locality_nel": LocalityNelRow,
    "locality_op": LocalityOpRow,
    "locality_totals": LocalityTotalRow,
    "system_activity": SystemActivityRow,
    "workforce_costs": WorkforceCostRow,
    "workforce_lines": WorkforceLineRow,
    "workforce_totals": WorkforceTotalRow,
}
