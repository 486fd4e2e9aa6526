"""Row models of the options-appraisal tables of a scenario (all optional; docs/appraisal.md).

A scenario with an `options.csv` is appraised: its `sites`, `areas` and `option_services`
say where each option puts each service; `option_costs`, `criteria` and `option_scores`
feed the economics and the weighted scoring; `appraisal_parameters` holds the few numbers
the method needs (each with its source).  Beds use the capacity model's `length_of_stay`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from icsplan.errors import Problem
from icsplan.scenario.schema import Strict

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario

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


def weight_problems(weights_pct: list[float], file: str = "criteria.csv") -> list[Problem]:
    """The problem with a set of weights that do not add up to 100%, if they do not."""
    total = sum(weights_pct)
    if abs(total - 100.0) > 1e-6:
        return [Problem(file, f"weights add up to {total:g}%, not 100%; change weight_pct so "
                        "they add up to 100", field="weight_pct")]
    return []


def appraisal_checks(s: Scenario) -> list[Problem]:
    """Cross-table checks of the appraisal tables.

    References resolve, weights add up to 100%, every option has every entered score, every
    locality has areas.
    """
    options = s.table("options")
    if options.empty:
        return []
    problems: list[Problem] = []

    def row_problem(table: str, i: int, field: str, message: str) -> None:
        problems.append(Problem(f"{table}.csv", message, row=i + 2, field=field))

    for table in ("sites", "areas", "option_services"):
        if s.table(table).empty:
            problems.append(Problem(f"{table}.csv", "is needed when options.csv is given"))
    names = set(options["option"])
    sites = set(s.table("sites")["site"])
    for i in options.index[options["option"].duplicated()]:
        row_problem("options", int(i), "option", f"option '{options['option'][i]}' is "
                    "listed more than once")
    if int(options["current"].sum()) > 1:
        problems.append(Problem("options.csv", "more than one option is marked current; "
                                "mark only today's configuration", field="current"))
    for table in ("option_services", "option_costs", "option_scores"):
        for i, opt in enumerate(s.table(table)["option"]):
            if opt not in names:
                row_problem(table, i, "option", f"unknown option '{opt}' (not in options.csv)")
    for i, site in enumerate(s.table("option_services")["site"]):
        if site not in sites:
            row_problem("option_services", i, "site", f"unknown site '{site}' "
                        "(not in sites.csv)")
    localities = set(s.localities["locality"])
    for i, loc in enumerate(s.table("areas")["locality"]):
        if loc not in localities:
            row_problem("areas", i, "locality", f"unknown locality '{loc}'")
    if not s.table("areas").empty:
        for loc in sorted(localities - set(s.table("areas")["locality"])):
            problems.append(Problem("areas.csv", f"locality '{loc}' has no areas; give at "
                                    "least one so its travel can be measured"))
    criteria = s.table("criteria")
    if not criteria.empty:
        problems += weight_problems(list(criteria["weight_pct"]))
        scores = s.table("option_scores")
        known = set(criteria["criterion"])
        for i, crit in enumerate(scores["criterion"]):
            if crit not in known:
                row_problem("option_scores", i, "criterion", f"unknown criterion '{crit}'")
        given = set(zip(scores["option"], scores["criterion"], strict=True))
        candidates = sorted(options.loc[~options["current"].astype(bool), "option"])
        for crit in criteria.loc[criteria["measure"] == "entered", "criterion"]:
            for opt in candidates:
                if (opt, crit) not in given:
                    problems.append(Problem("option_scores.csv", f"no score for option "
                                            f"'{opt}' on criterion '{crit}'"))
        if (criteria["measure"] == "cost").any():
            costed = set(s.table("option_costs")["option"])
            for opt in candidates:
                if opt not in costed:
                    problems.append(Problem("option_costs.csv", f"no costs for option '{opt}' "
                                            "(criteria.csv has a cost criterion)"))
    return problems
