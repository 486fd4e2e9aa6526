"""Row models of a scenario's programme tables: the programmes of an operational plan, their
projects and milestones by quarter, key risks, costs and financial benefits, QIPP by
category and the primary-care financial bridges (all optional; see docs/programmes.md).

Every row keeps the figure `as_printed` in its source beside the value read from it, and a
`reading` saying how an ambiguous or garbled figure was read, so nothing is silently fixed.
Money is in pounds (`_gbp`); quarters are labelled like "2019/20 Q1" (Q1 = April-June).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from icsplan.scenario.schema import FinancialYear, Strict, year_start

QUARTER = re.compile(r"^(\d{4}/\d{2}) Q([1-4])$")
Code = Field(pattern=r"^[a-z0-9_]+$")


def quarter_start(label: str) -> tuple[int, int]:
    """(calendar year the financial year starts, quarter 1-4) of "2019/20 Q2" -> (2019, 2)."""
    m = QUARTER.match(label)
    if not m:
        raise ValueError(f"'{label}' is not a quarter label like '2019/20 Q1'")
    return year_start(m.group(1)), int(m.group(2))


def _quarter(v: str) -> str:
    if v:
        quarter_start(v)
    return v


class ProgrammeRow(Strict):
    """A programme of the plan: its area, scope (STP-wide or a CCG's), CCGs and lead."""

    programme: str = Code
    name: str = Field(min_length=1)
    area: str = Field(min_length=1)  # the plan's priority area, e.g. "Mental health"
    scope: Literal["stp", "ccg"]
    ccgs: str = ""  # CCG codes separated by ';' (empty: the whole system)
    lead: str = ""  # as printed, where the plan names one
    objective: str = ""
    source: str = Field(min_length=1)

    @property
    def ccg_list(self) -> list[str]:
        """The CCG codes of the programme."""
        return [c.strip() for c in self.ccgs.split(";") if c.strip()]


class ProgrammeMilestoneRow(Strict):
    """A project's deliverable or milestone, due in a quarter (or spanning start..due)."""

    programme: str
    project: str = Field(min_length=1)
    milestone: str = Field(min_length=1)
    start_quarter: str = ""
    due_quarter: str = ""  # empty: the plan gives no date ("ongoing", "tbc")
    as_printed: str = ""  # the date as the plan prints it, e.g. "10 June 2019"
    reading: str = ""
    source: str = Field(min_length=1)

    @field_validator("start_quarter", "due_quarter")
    @classmethod
    def _quarter_label(cls, v: str) -> str:
        return _quarter(v)


class ProgrammeRiskRow(Strict):
    """A key risk of a programme; rated only where the plan rates it (never invented)."""

    programme: str
    risk: str = Field(pattern=r"^[a-z0-9_]+$")
    description: str = Field(min_length=1)
    impact: int | None = Field(default=None, ge=1, le=5)
    likelihood: int | None = Field(default=None, ge=1, le=5)
    rating: Literal["R", "AR", "A", "AG", "G", ""] = ""
    source: str = Field(min_length=1)


class ProgrammeFinanceRow(Strict):
    """A cost or financial benefit of a programme (pounds; empty where the plan gives none)."""

    programme: str
    line: str = Field(min_length=1)
    kind: Literal["investment", "saving", "net_saving", "gross_saving"]
    ccg: str = ""  # empty: the programme as a whole
    value_gbp: float | None = None
    as_printed: str = Field(min_length=1)
    reading: str = ""
    source: str = Field(min_length=1)


class QippCategoryRow(Strict):
    """An organisation's identified QIPP for one expenditure category and year (pounds)."""

    org: str = Code
    year: FinancialYear
    category: str = Field(min_length=1)
    value_gbp: float
    source: str = Field(min_length=1)


class PrimaryCareBridgeRow(Strict):
    """One line of a CCG's primary-care financial bridge in one year (pounds, signed)."""

    ccg: str
    order: int = Field(ge=1)
    line: str = Field(min_length=1)
    year: FinancialYear
    value_gbp: float
    as_printed: str = Field(min_length=1)
    reading: str = ""
    source: str = Field(min_length=1)


PROGRAMME_TABLES = {
    "programmes": ProgrammeRow,
    "programme_milestones": ProgrammeMilestoneRow,
    "programme_risks": ProgrammeRiskRow,
    "programme_finance": ProgrammeFinanceRow,
    "qipp_categories": QippCategoryRow,
    "primary_care_bridge": PrimaryCareBridgeRow,
}

