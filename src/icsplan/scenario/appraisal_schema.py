"""Row models of the options-appraisal tables of a scenario (all optional; docs/appraisal.md).

A scenario with an `options.csv` is appraised: its `sites`, `areas` and `option_services`
say where each option puts each service; `option_costs`, `criteria` and `option_scores`
feed the economics and the weighted scoring; `appraisal_parameters` holds the few numbers
the method needs (each with its source).  Beds use the capacity model's `length_of_stay`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from icsplan.scenario.schema import Strict

Service = Literal["specialist_emergency", "emergency_centre", "local_emergency_centre",
                  "elective_centre", "obstetric_centre", "childrens_centre"]
Measure = Literal["access", "cost", "entered"]
Parameter = Literal["appraisal_years", "optimism_bias_pct", "fallback_fixed_minutes",
                    "detour_factor", "road_speed_kmh", "specialist_share_pct",
                    "transfer_rate_pct", "access_threshold_minutes", "weight_draws",
                    "weight_concentration", "seed"]
CODE = r"^[A-Za-z0-9][A-Za-z0-9_]*$"


class SiteRow(Strict):
    """A hospital site: where it is (WGS84) and, optionally, its postcode (travel-time key)."""

    site: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    trust: str = ""
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    postcode: str = ""
    source: str = Field(min_length=1)


class AreaRow(Strict):
    """A small area (e.g. an LSOA) of a locality: centroid and resident population."""

    area: str = Field(min_length=1)
    name: str = ""
    locality: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    population: float = Field(ge=0)
    source: str = Field(min_length=1)


class OptionRow(Strict):
    """An option (site configuration); `current` marks today's configuration, if given."""

    option: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    current: bool = False
    source: str = Field(min_length=1)


class OptionServiceRow(Strict):
    """One service an option places at one site."""

    option: str
    site: str
    service: Service
    source: str = Field(min_length=1)


class OptionCostRow(Strict):
    """An option's money against today, in pounds.

    Capital is spread evenly over `capital_years` from year 0; then the change in running
    cost a year once built (negative = saving).
    """

    option: str
    capital_gbp: float = Field(ge=0)
    capital_years: int = Field(default=1, ge=1, le=20)
    annual_revenue_change_gbp: float = 0.0
    source: str = Field(min_length=1)


class CriterionRow(Strict):
    """A scoring criterion, its weight (percent) and how it is measured."""

    criterion: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    weight_pct: float = Field(ge=0, le=100)
    measure: Measure = "entered"
    source: str = Field(min_length=1)


class OptionScoreRow(Strict):
    """An entered score (0 worst - 10 best) of an option on a criterion."""

    option: str
    criterion: str
    score: float = Field(ge=0, le=10)
    source: str = Field(min_length=1)


class AppraisalParameterRow(Strict):
    """One number the appraisal method needs, with its source."""

    parameter: Parameter
    value: float
    source: str = Field(min_length=1)


APPRAISAL_TABLES = {
    "sites": SiteRow, "areas": AreaRow, "options": OptionRow,
    "option_services": OptionServiceRow, "option_costs": OptionCostRow,
    "criteria": CriterionRow, "option_scores": OptionScoreRow,
    "appraisal_parameters": AppraisalParameterRow,
}
