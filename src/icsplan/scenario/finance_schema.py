"""Row models of the financial tables of a scenario (all optional; see docs/finance.md).

Money is in pounds (`_gbp`), signed where a table says so; shares are fractions 0-1 unless a
column ends in `_pct`.  Rows reject unknown columns like every scenario table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from icsplan.scenario.errors import Problem
from icsplan.scenario.schema import Strict, year_start

if TYPE_CHECKING:
    from icsplan.scenario.io import Scenario

BridgeGroup = Literal["position", "income", "demand", "efficiency", "lhc", "in_hospital",
                      "investment", "stf", "other"]
InvestmentCategory = Literal["pump_priming", "capital", "recurrent"]
QippStatus = Literal["delivered", "in_progress", "scoping"]


def _year(v: str) -> str:
    year_start(v)
    return v


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
    year: str
    value_gbp: float = Field(ge=0)
    source: str = Field(min_length=1)

    _check_year = field_validator("year")(_year)


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

    Give `value_gbp`, or `initiatives` (ids separated by ';') whose net savings at the horizon
    make the step.  `subtotal_after` names a subtotal shown after this step.
    """

    order: int = Field(ge=1)
    step: str = Field(min_length=1)
    group: BridgeGroup
    value_gbp: float | None = None
    initiatives: str = ""
    subtotal_after: str = ""
    source: str = Field(min_length=1)

    @property
    def initiative_ids(self) -> list[str]:
        return [x.strip() for x in self.initiatives.split(";") if x.strip()]


class OrgBudgetRow(Strict):
    """An organisation's allocation or expenditure line for a year (pounds, signed)."""

    org: str = Field(pattern=r"^[a-z0-9_]+$")
    year: str
    kind: Literal["allocation", "expenditure"]
    line: str = Field(min_length=1)
    value_gbp: float
    source: str = Field(min_length=1)

    _check_year = field_validator("year")(_year)


class QippTargetRow(Strict):
    """An organisation's QIPP target: a share of allocation (or a stated sum) and headroom."""

    org: str = Field(pattern=r"^[a-z0-9_]+$")
    year: str
    target_pct: float = Field(ge=0, le=100)
    target_gbp: float | None = Field(default=None, ge=0)
    headroom_pct: float = Field(default=0.0, ge=0, le=100)
    source: str = Field(min_length=1)

    _check_year = field_validator("year")(_year)


class QippSchemeRow(Strict):
    """One QIPP scheme: its net saving (pounds) and status."""

    org: str = Field(pattern=r"^[a-z0-9_]+$")
    year: str
    scheme: str = Field(min_length=1)
    category: str = ""
    value_gbp: float = Field(default=0.0, ge=0)
    status: QippStatus
    source: str = Field(min_length=1)

    _check_year = field_validator("year")(_year)


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


def finance_checks(s: Scenario) -> list[Problem]:
    """Cross-table checks of the financial tables: every reference resolves, no step is
    empty or counted twice, every year is in the scenario."""
    problems: list[Problem] = []
    ids = {i.id for i in s.initiatives}
    years = set(s.years)

    def row_problem(table: str, i: int, field: str, message: str) -> None:
        problems.append(Problem(f"{table}.csv", message, row=i + 2, field=field))

    fin = s.table("initiative_finance")
    for i, ini in enumerate(fin["initiative"]):
        if ini not in ids:
            row_problem("initiative_finance", i, "initiative",
                        f"unknown initiative '{ini}' (not in initiatives.yaml)")
    for i in fin.index[fin["initiative"].duplicated()]:
        row_problem("initiative_finance", int(i), "initiative",
                    "initiative is given twice; give one row per initiative")
    for i, y in enumerate(s.table("investments")["year"]):
        if y not in years:
            row_problem("investments", i, "year", f"year {y} is outside the scenario's years "
                        f"{s.years[0]}-{s.years[-1]}")
    lines = set(s.table("investments")["line"])
    for i, line in enumerate(s.table("workforce")["line"]):
        if line not in lines:
            row_problem("workforce", i, "line", f"unknown investment line '{line}' "
                        "(not in investments.csv)")
    seen: dict[str, int] = {}
    for i, rec in enumerate(s.table("bridge").to_dict(orient="records")):
        refs = [x.strip() for x in str(rec["initiatives"] or "").split(";") if x.strip()]
        value = rec["value_gbp"]
        has_value = value is not None and value == value  # NaN is no value
        if not has_value and not refs:
            row_problem("bridge", i, "value_gbp", f"step '{rec['step']}' has no value; give "
                        "value_gbp or the initiatives whose net saving it is")
        if has_value and refs:
            row_problem("bridge", i, "initiatives", f"step '{rec['step']}' gives both a value "
                        "and initiatives; give one")
        for ref in refs:
            if ref not in ids:
                row_problem("bridge", i, "initiatives", f"unknown initiative '{ref}'")
            elif ref in seen:
                row_problem("bridge", i, "initiatives", f"initiative '{ref}' is already counted "
                            f"on line {seen[ref]}; count it once")
            else:
                seen[ref] = i + 2
    orders = s.table("bridge")["order"]
    for i in orders.index[orders.duplicated()]:
        row_problem("bridge", int(i), "order", "order is used more than once")
    budget_orgs = set(s.table("org_budgets")["org"])
    for table in ("qipp_targets", "qipp_schemes"):
        for i, org in enumerate(s.table(table)["org"]):
            if org not in budget_orgs:
                row_problem(table, i, "org", f"unknown org '{org}' (not in org_budgets.csv)")
    return problems
