"""Rules of the options-appraisal tables (run only when the scenario has options.csv):
references resolve, weights add up to 100%, every option has every entered score and cost,
every locality has areas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule, unknown

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario


def weight_problems(weights_pct: list[float], file: str = "criteria.csv") -> list[Problem]:
    """The problem with a set of weights that do not add up to 100%, if they do not (also
    used by the appraisal for weights given at run time)."""
    total = sum(weights_pct)
    if abs(total - 100.0) > 1e-6:
        return [Problem(file, f"weights add up to {total:g}%, not 100%; change weight_pct so "
                        "they add up to 100", field="weight_pct")]
    return []


def _appraised(s: Scenario) -> bool:
    return not s.options.empty


def options_complete(s: Scenario) -> Iterator[Problem]:
    """Options come with sites, areas and services; each option once; one current."""
    if not _appraised(s):
        return
    for table in ("sites", "areas", "option_services"):
        if s.table(table).empty:
            yield Problem.at(table, "is needed when options.csv is given")
    options = s.options
    for i in options.index[options["option"].duplicated()]:
        yield Problem.at("options", f"option '{options['option'][i]}' is listed more than "
                         "once", key=int(i), field="option")
    if int(options["current"].sum()) > 1:
        yield Problem.at("options", "more than one option is marked current; mark only "
                         "today's configuration", field="current")


def option_references_known(s: Scenario) -> Iterator[Problem]:
    """Services, costs and scores name known options; services name known sites."""
    if not _appraised(s):
        return
    names = set(s.options["option"])
    for table in ("option_services", "option_costs", "option_scores"):
        yield from unknown(s, table, "option", names, "option", "options.csv")
    yield from unknown(s, "option_services", "site", set(s.sites["site"]), "site",
                          "sites.csv")


def areas_cover_localities(s: Scenario) -> Iterator[Problem]:
    """Areas name known localities, and every locality has at least one area."""
    if not _appraised(s):
        return
    localities = set(s.localities["locality"])
    yield from unknown(s, "areas", "locality", localities, "locality")
    if not s.areas.empty:
        for loc in sorted(localities - set(s.areas["locality"])):
            yield Problem.at("areas", f"locality '{loc}' has no areas; give at least one so "
                             "its travel can be measured")


def criteria_weights_whole(s: Scenario) -> Iterator[Problem]:
    """The criteria's weights add up to 100%."""
    criteria = s.criteria
    if _appraised(s) and not criteria.empty:
        for p in weight_problems(list(criteria["weight_pct"])):
            yield Problem.at("criteria", p.message, field=p.field)


def scores_complete(s: Scenario) -> Iterator[Problem]:
    """Scores name known criteria; every candidate option has every entered score and, with
    a cost criterion, costs."""
    criteria = s.criteria
    if not _appraised(s) or criteria.empty:
        return
    scores = s.option_scores
    yield from unknown(s, "option_scores", "criterion", set(criteria["criterion"]), "criterion")
    options = s.options
    given = set(zip(scores["option"], scores["criterion"], strict=True))
    candidates = sorted(options.loc[~options["current"].astype(bool), "option"])
    for crit in criteria.loc[criteria["measure"] == "entered", "criterion"]:
        for opt in candidates:
            if (opt, crit) not in given:
                yield Problem.at("option_scores", f"no score for option '{opt}' on criterion "
                                 f"'{crit}'")
    if (criteria["measure"] == "cost").any():
        costed = set(s.option_costs["option"])
        for opt in candidates:
            if opt not in costed:
                yield Problem.at("option_costs", f"no costs for option '{opt}' (criteria.csv "
                                 "has a cost criterion)")


RULES: list[Rule] = [options_complete, option_references_known, areas_cover_localities,
                     criteria_weights_whole, scores_complete]
