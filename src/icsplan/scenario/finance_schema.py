"""Row models of the financial tables of a scenario (all optional; see docs/finance.md).

Money is in pounds (`_gbp`), signed where a table says so; shares are fractions 0-1 unless a
column ends in `_pct`.  Rows reject unknown columns like every scenario table.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from icsplan.scenario.schema import FinancialYear, Strict

BridgeGroup = Literal["position", "income", "demand", "efficiency", "lhc", "in_hospital",
                      "investment", "stf", "other"]
InvestmentCategory = Literal["pump_priming", "capital", "recurrent"]
QippStatus = Literal["delivered", "in_progress", "scoping"]



class InitiativeFinanceRow(Strict):
    """An initiative's money at the horizon, phased like its activity (initiatives.yaml).

    gross = activity removed x unit cost - reprovision_share x shifted activity x unit cost
            + non_activity_saving_gbp; stranded = stranded_share x gross.
    """

    initiative: str
    non_activity_saving_gbp: float = Field(default=0.0, ge=0)
    investment_gbp: float = Field(default=0.0, ge=0)
    investment_type: InvestmentCategory = "recurrent"
    stranded_share: float = Field(default=0.0, ge=0, le=1)
    reprovision_share: float = Field(default=0.0, ge=0, le=1)
    source: str = Field(min_length=1)


class InvestmentRow(Strict):
    """One line of the system's investment schedule in one year (pounds, >= 0)."""

    line: str = Field(pattern=r"^[a-z0-9_]+$")
    category: InvestmentCategory
    year: FinancialYear
    value_gbp: float = Field(ge=0)
    source: str = Field(min_length=1)


class WorkforceRow(Strict):
    """Staff an investment line pays for by the horizon and their initial cost per FTE."""

    line: str
    role: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: Literal["additional", "upskilled"]
    fte: float = Field(ge=0)
    cost_per_fte_gbp: float = Field(ge=0)
    source: str = Field(min_length=1)


class PrimaryCareRow(Strict):
    """A primary-care capacity assumption (GP appointments per week)."""

    parameter: Literal["appts_per_1000_per_week", "appts_per_gp_fte_per_week", "gp_fte"]
    value: float = Field(gt=0)
    source: str = Field(min_length=1)


class ChannelShiftRow(Strict):
    """Share of GP appointments (percent) moved to another channel by the horizon."""

    channel: str = Field(pattern=r"^[a-z0-9_]+$")
    share_pct: float = Field(ge=0, le=100)
    source: str = Field(min_length=1)


class BridgeRow(Strict):
    """One step of the financial bridge (pounds, signed: + improves the position).

    Give `value_gbp`; or `initiatives` (ids separated by ';') whose net savings at the horizon
    make the step; or, for a demand step that follows the model, `activity_share` (the share
    of the momentum's activity growth x unit cost this step carries, 0-1) and
    `non_activity_gbp` (the rest of the pressure, pounds): value = -(activity_share x growth
    cost + non_activity_gbp).  `subtotal_after` names a subtotal shown after this step.
    """

    order: int = Field(ge=1)
    step: str = Field(min_length=1)
    group: BridgeGroup
    value_gbp: float | None = None
    initiatives: str = ""
    activity_share: float | None = Field(default=None, ge=0, le=1)
    non_activity_gbp: float | None = None
    subtotal_after: str = ""
    source: str = Field(min_length=1)

    @property
    def initiative_ids(self) -> list[str]:
        """The initiatives named by the step (semicolon-separated)."""
        return [x.strip() for x in self.initiatives.split(";") if x.strip()]


class OrgBudgetRow(Strict):
    """An organisation's allocation or expenditure line for a year (pounds, signed)."""

    org: str = Field(pattern=r"^[a-z0-9_]+$")
    year: FinancialYear
    kind: Literal["allocation", "expenditure"]
    line: str = Field(min_length=1)
    value_gbp: float
    source: str = Field(min_length=1)


class QippTargetRow(Strict):
    """An organisation's QIPP target: a share of allocation (or a stated sum) and headroom."""

    org: str = Field(pattern=r"^[a-z0-9_]+$")
    year: FinancialYear
    target_pct: float = Field(ge=0, le=100)
    target_gbp: float | None = Field(default=None, ge=0)
    headroom_pct: float = Field(default=0.0, ge=0, le=100)
    source: str = Field(min_length=1)


class QippSchemeRow(Strict):
    """One QIPP scheme: its net saving (pounds) and status."""

    org: str = Field(pattern=r"^[a-z0-9_]+$")
    year: FinancialYear
    scheme: str = Field(min_length=1)
    category: str = ""
    value_gbp: float = Field(default=0.0, ge=0)
    status: QippStatus
    source: str = Field(min_length=1)


FINANCE_TABLES = {
    "initiative_finance": InitiativeFinanceRow,
    "investments": InvestmentRow,
    "workforce": WorkforceRow,
    "primary_care": PrimaryCareRow,
    "channel_shift": ChannelShiftRow,
    "bridge": BridgeRow,
    "org_budgets": OrgBudgetRow,
    "qipp_targets": QippTargetRow,
    "qipp_schemes": QippSchemeRow,
}
