"""Rules of the uncertainty, capacity, demography and peer tables: intervals name known
pods, initiatives and effects; trusts, projections and peer tables name known areas; trust
shares of a CCG add up to 1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule, outside_years

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario


def intervals_known_once(s: Scenario) -> Iterator[Problem]:
    """Each interval is given once and names a known pod, initiative and effect."""
    pods = set(s.meta.pods)
    effects = {(ini.id, eff.pod) for ini in s.initiatives for eff in ini.effects}
    ids = {ini.id for ini in s.initiatives}
    # Initiatives with an effect on an unknown pod are reported by the core rules already.
    broken = {ini.id for ini in s.initiatives for eff in ini.effects if eff.pod not in pods}
    seen = set()
    for i, row in enumerate(s.intervals.to_dict(orient="records")):
        key = (row["kind"], row["pod"], row["initiative"])
        if key in seen:
            yield Problem.at("intervals", "this input has an interval already; give one row",
                             key=i, field="kind")
        seen.add(key)
        if row["pod"] and row["pod"] not in pods:
            yield Problem.at("intervals", f"unknown pod '{row['pod']}' (not in scenario.yaml "
                             "pods)", key=i, field="pod")
        elif row["initiative"] and row["initiative"] not in ids:
            yield Problem.at("intervals", f"unknown initiative '{row['initiative']}' (not in "
                             "initiatives.yaml)", key=i, field="initiative")
        elif (row["kind"] == "effect" and (row["initiative"], row["pod"]) not in effects
              and row["initiative"] not in broken):
            yield Problem.at("intervals", f"initiative '{row['initiative']}' has no effect on "
                             f"'{row['pod']}'", key=i, field="pod")


def trust_shares_whole(s: Scenario) -> Iterator[Problem]:
    """Acute trusts name known CCGs, and each CCG's trust shares add up to 1."""
    trusts = s.acute_trusts
    ccgs = set(s.ccgs["ccg"])
    for i, ccg in enumerate(trusts["ccg"]):
        if ccg not in ccgs:
            yield Problem.at("acute_trusts", f"unknown ccg '{ccg}'", key=i, field="ccg")
    for ccg, total in trusts.groupby("ccg")["share"].sum().items():
        if abs(total - 1) > 1e-6:
            yield Problem.at("acute_trusts", f"the shares of ccg '{ccg}' add up to {total:g}, "
                             "not 1")


def projections_known(s: Scenario) -> Iterator[Problem]:
    """Population projections name known areas and the scenario's years, and come with
    non-demographic growth."""
    areas = set(s.ccgs["ccg"]) | set(s.localities["locality"]) | {""}
    for i, area in enumerate(s.population_projections["area"]):
        if area not in areas:
            yield Problem.at("population_projections", f"unknown area '{area}' (give a ccg, a "
                             "locality or leave it empty for the system)", key=i, field="area")
    yield from outside_years(s, "population_projections")
    if ("population_projections" in s.tables) != ("non_demographic_growth" in s.tables):
        yield Problem.at("population_projections", "demographic growth needs both "
                         "population_projections.csv and non_demographic_growth.csv")


def peer_areas_known(s: Scenario) -> Iterator[Problem]:
    """Peer rates name known CCGs, locality rates known localities."""
    ccgs, localities = set(s.ccgs["ccg"]), set(s.localities["locality"])
    for i, ccg in enumerate(s.peer_rates["ccg"]):
        if ccg not in ccgs:
            yield Problem.at("peer_rates", f"unknown ccg '{ccg}'", key=i, field="ccg")
    for i, loc in enumerate(s.locality_rates["locality"]):
        if loc not in localities:
            yield Problem.at("locality_rates", f"unknown locality '{loc}'", key=i,
                             field="locality")


RULES: list[Rule] = [intervals_known_once, trust_shares_whole, projections_known,
                     peer_areas_known]
