"""The scenario schema: what a planning scenario declares, as pydantic models.

A scenario is a folder of YAML and CSV files (see docs/scenario-format.md).  Each CSV row is
validated against one of the row models below; `scenario.folder` collects every problem with the
file, row and field it came from, so one bad scenario yields one clear message per problem.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from icsplan.vocabulary import ALL_SEGMENTS
from icsplan.vocabulary import SEGMENTS as RISK_SEGMENTS

SEGMENTS = (*RISK_SEGMENTS, ALL_SEGMENTS)
YEAR_PATTERN = re.compile(r"^(\d{4})/(\d{2})$")

Pod = Literal["ae", "elective", "daycase", "non_elective", "outpatient", "gp", "ambulance",
              "bed_days"]


def year_start(label: str) -> int:
    """The calendar year a financial year label starts in: "2020/21" -> 2020."""
    m = YEAR_PATTERN.match(label)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValueError(f"'{label}' is not a financial year label like '2020/21'")
    return int(m.group(1))


def year_label(start: int) -> str:
    """The financial year label starting in `start`: 2020 -> "2020/21"."""
    return f"{start}/{(start + 1) % 100:02d}"


def _financial_year(v: str) -> str:
    year_start(v)
    return v


#: a financial year label such as "2020/21", checked wherever a table has one
FinancialYear = Annotated[str, AfterValidator(_financial_year)]


#: no number in a scenario (pounds, activity, people, rates) is larger than this in size
PLAUSIBLE_LIMIT = 1e12


class Strict(BaseModel):
    """A row model that rejects unknown fields, strips whitespace, and refuses numbers that
    are not finite or beyond `PLAUSIBLE_LIMIT` (so no infinity reaches an output)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _plausible(cls, v: object) -> object:
        if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) > PLAUSIBLE_LIMIT:
            raise ValueError(f"{v:g} is beyond any plausible value (at most "
                             f"{PLAUSIBLE_LIMIT:,.0f} in size)")
        return v


class ScenarioMeta(Strict):
    """scenario.yaml: what the scenario is and the years it spans."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    description: str = ""
    base_year: str
    horizon: str
    pods: list[Pod] = Field(min_length=1)
    sources: dict[str, str] = Field(default_factory=dict)

    @field_validator("base_year", "horizon")
    @classmethod
    def _year(cls, v: str) -> str:
        year_start(v)
        return v

    @model_validator(mode="after")
    def _order(self) -> ScenarioMeta:
        if year_start(self.horizon) <= year_start(self.base_year):
            raise ValueError(f"horizon {self.horizon} must come after base_year {self.base_year}")
        if len(set(self.pods)) != len(self.pods):
            raise ValueError("pods are listed more than once")
        return self

    @property
    def years(self) -> list[str]:
        """Every financial year from the base year to the horizon, inclusive."""
        return [year_label(y) for y in range(year_start(self.base_year),
                                             year_start(self.horizon) + 1)]


class CcgRow(Strict):
    """A commissioner (CCG) of the system: ccgs.csv."""

    ccg: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    source: str = Field(min_length=1)


class LocalityRow(Strict):
    """A locality with its CCG and registered population: localities.csv."""

    locality: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    ccg: str
    population: int = Field(gt=0, le=100_000_000)
    archetype: str = ""
    source: str = Field(min_length=1)


class BaselineRow(Strict):
    """Activity in the base year for one cell: locality x pod x age band x segment."""

    locality: str
    pod: Pod
    age_band: str = "all"
    segment: Literal["high_risk", "rising_risk", "mostly_healthy", "all"] = "all"
    activity: float = Field(ge=0, le=1e9)
    source: str = Field(min_length=1)


class GrowthRow(Strict):
    """Momentum growth, percent per year, for a pod (all localities, or one)."""

    pod: Pod
    locality: str = ""
    annual_growth_pct: float = Field(ge=-50, le=100)
    source: str = Field(min_length=1)


class UnitCostRow(Strict):
    """The cost of one unit of activity of a pod (pounds): unit_costs.csv."""

    pod: Pod
    cost_gbp: float = Field(ge=0, le=10_000_000)
    source: str = Field(min_length=1)


class TargetRow(Strict):
    """A locality's published target: its share of the system reduction at the horizon."""

    locality: str
    pod: Pod
    reduction_vs_momentum: float = Field(ge=0)
    annual_growth_pct: float = Field(ge=-50, le=100)
    gross_saving_per_unit_gbp: float = Field(ge=0)
    source: str = Field(min_length=1)


class Effect(Strict):
    """What an initiative does to one pod: the share of momentum it removes by the horizon."""

    pod: str  # checked against the scenario's pods, so other problems are reported too
    reduction_pct: float = Field(ge=0, le=100)
    mode: Literal["remove", "shift"] = "remove"
    age_bands: list[str] = Field(default_factory=list)
    segments: list[Literal["high_risk", "rising_risk", "mostly_healthy"]] = Field(
        default_factory=list)
    localities: list[str] = Field(default_factory=list)
    locality_allocation: Literal["uniform", "targets"] = "uniform"
    source: str = Field(min_length=1)


class Initiative(Strict):
    """A scheme that removes or shifts activity for a cohort, phased over the years."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    programme: str = ""
    source: str = Field(min_length=1)
    phasing: dict[str, float]
    effects: list[Effect] = Field(min_length=1)
    assumptions: list[str] = Field(default_factory=list)

    @field_validator("phasing")
    @classmethod
    def _phasing(cls, v: dict[str, float]) -> dict[str, float]:
        for label, share in v.items():
            year_start(label)
            if not 0 <= share <= 1:
                raise ValueError(f"phasing for {label} is {share}; it must be between 0 and 1")
        return v
