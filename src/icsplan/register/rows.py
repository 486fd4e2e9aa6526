"""What a valid register row is: one pydantic model per register, used by edits and imports.

Unknown columns are refused (`extra="forbid"`); every problem names the field, what is wrong
and the bad value. `version` is optional: given in an import, it must match the stored row.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from icsplan.errors import InputError, Problem
from icsplan.register.rag import ENABLERS, workforce_capacity_score
from icsplan.safety.register import text_problems

QUARTER = re.compile(r"^\d{4}/\d{2} Q[1-4]$")
YEAR = re.compile(r"^\d{4}/\d{2}$")
Key = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:/-]+$")]
Money = Annotated[float, Field(ge=-1e12, le=1e12)]


class RegisterInputError(InputError):
    """Register rows that cannot be saved: one problem per field or row."""


class Row(BaseModel):
    """Fields shared by every register row."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Key
    source: str = ""
    version: int | None = Field(default=None, ge=1)


class ProgrammeRow(Row):
    """A programme: scope stp (system-wide) or ccg; ccgs are CCG codes separated by ';'."""

    name: str = Field(min_length=1, max_length=200)
    area: str = Field(min_length=1, max_length=120)
    scope: Literal["stp", "ccg"]
    ccgs: str = Field(default="", max_length=200)
    lead: str = ""
    objective: str = ""


class KpiRow(Row):
    """A KPI of a programme: a measure at an organisation, which way is better."""

    programme_id: Key
    measure: Key
    org: Key
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=40)
    improvement_direction: Literal["increase", "decrease", "neutral"]


class SchemeRow(Row):
    """A scheme: status one of scoping / in_progress / delivered / stopped; money in GBP."""

    name: str = Field(min_length=1, max_length=200)
    programme: str = Field(min_length=1, max_length=120)
    organisation: str = Field(min_length=1, max_length=80)
    owner: str | None = None
    status: Literal["scoping", "in_progress", "delivered", "stopped"]
    year: str | None = Field(default=None, pattern=YEAR.pattern)
    planned_net_saving_gbp: Money = 0.0
    forecast_net_saving_gbp: Money = 0.0
    investment_gbp: Money = Field(default=0.0, ge=0)
    initiative: str | None = None
    programme_id: Key | None = None


class MilestoneRow(Row):
    """A milestone of a scheme with planned, forecast and actual dates."""

    scheme_id: Key
    name: str = Field(min_length=1, max_length=200)
    planned_date: dt.date
    forecast_date: dt.date | None = None
    actual_date: dt.date | None = None
    status: Literal["planned", "on_track", "at_risk", "delayed", "complete", "cancelled"]


class RiskRow(Row):
    """A risk: impact and likelihood 1-5, or both empty (unrated: never invented where a
    source gives no rating); published_rag the rating a source gave, if any."""

    category: str = Field(min_length=1, max_length=80)
    description: str = Field(min_length=1)
    impact: int | None = Field(default=None, ge=1, le=5)
    likelihood: int | None = Field(default=None, ge=1, le=5)
    published_rag: Literal["R", "AR", "A", "AG", "G"] | None = None
    mitigation: str = ""
    owner: str | None = None
    review_date: dt.date | None = None
    programme_id: Key | None = None
    status: Literal["open", "closed"] = "open"

    @model_validator(mode="after")
    def _rated_whole(self) -> RiskRow:
        if (self.impact is None) != (self.likelihood is None):
            raise ValueError("give both impact and likelihood, or neither (an unrated risk)")
        if self.published_rag and self.impact is None:
            raise ValueError("a published rating needs the impact and likelihood it rates")
        return self


class MaturityRow(Row):
    """A locality's planned and assessed maturity level (1-4) in a quarter."""

    locality: Key
    ccg: Key
    quarter: str = Field(pattern=QUARTER.pattern)
    planned_level: int | None = Field(default=None, ge=1, le=4)
    assessed_level: int | None = Field(default=None, ge=1, le=4)
    investment_required: bool = False


class EnablerRow(Row):
    """A locality's score 1-4 on one of the five enablers; measure e.g. patients per GP."""

    locality: Key
    enabler: str
    assessed_quarter: str = Field(pattern=QUARTER.pattern)
    score: int | None = Field(default=None, ge=1, le=4)
    measure: float | None = Field(default=None, ge=0)

    @field_validator("enabler")
    @classmethod
    def _known_enabler(cls, value: str) -> str:
        if value not in ENABLERS:
            raise ValueError(f"must be one of {', '.join(ENABLERS)}")
        return value

    @model_validator(mode="after")
    def _score_follows_criteria(self) -> EnablerRow:
        """Workforce capacity is scored from patients per GP by 003's criteria."""
        if self.enabler != "workforce_capacity" or self.measure is None:
            return self
        expected = workforce_capacity_score(self.measure)
        if self.score is None:
            self.score = expected
        elif self.score != expected:
            raise ValueError(f"score {self.score} disagrees with 003's criteria: "
                             f"{self.measure:,.0f} patients per GP scores {expected}")
        return self


class QippTargetRow(Row):
    """An organisation's QIPP target (GBP) for a financial year and its headroom percent."""

    organisation: Key
    year: str = Field(pattern=YEAR.pattern)
    target_gbp: Money = Field(ge=0)
    headroom_pct: float = Field(default=20.0, ge=0, le=100)


ROW_MODELS: dict[str, type[Row]] = {
    "programmes": ProgrammeRow,
    "schemes": SchemeRow,
    "milestones": MilestoneRow,
    "risks": RiskRow,
    "maturity": MaturityRow,
    "enablers": EnablerRow,
    "qipp_targets": QippTargetRow,
    "kpis": KpiRow,
}


def validate_row(register: str, values: dict, file: str, row: int | None = None
                 ) -> tuple[dict | None, list[Problem]]:
    """The row's cleaned values, or the problems with it (one per bad field)."""
    model = ROW_MODELS[register]
    clean = {k: v for k, v in values.items() if not _blank(v)}  # blank -> the field's default
    unstorable = text_problems(clean, file, row)
    if unstorable:
        return None, unstorable
    try:
        return model.model_validate(clean).model_dump(), []
    except ValidationError as exc:
        return None, [_problem(err, clean, file, row) for err in exc.errors()]


def _problem(err: dict, values: dict, file: str, row: int | None) -> Problem:
    field = ".".join(str(p) for p in err["loc"]) or None
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "is not a column of this register"
    elif err["type"] == "missing":
        message = "is required"
    value = values.get(field) if field in values and err["type"] != "extra_forbidden" else None
    return Problem(file, message, row=row, field=field, value=value)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from pandas
        return True
    return isinstance(value, str) and not value.strip()
