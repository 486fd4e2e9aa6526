"""Cross-table checks of the uncertainty, capacity, demography and peer tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario


def uncertainty_checks(s: Scenario) -> list[Problem]:
    """Cross-table checks: intervals name known pods, initiatives and effects; trusts,
    projections and peer tables name known areas; trust shares of a CCG add up to 1."""
    problems: list[Problem] = []
    pods = set(s.meta.pods)
    effects = {(ini.id, eff.pod) for ini in s.initiatives for eff in ini.effects}
    ids = {ini.id for ini in s.initiatives}
    # Initiatives with an effect on an unknown pod are reported by the core checks already.
    broken = {ini.id for ini in s.initiatives for eff in ini.effects if eff.pod not in pods}
    ccgs = set(s.tables["ccgs"]["ccg"])
    localities = set(s.localities["locality"])

    def bad(table: str, i: int, field: str, message: str) -> None:
        problems.append(Problem(f"{table}.csv", message, row=i + 2, field=field))

    seen = set()
    for i, row in enumerate(s.table("intervals").to_dict(orient="records")):
        key = (row["kind"], row["pod"], row["initiative"])
        if key in seen:
            bad("intervals", i, "kind", "this input has an interval already; give one row")
        seen.add(key)
        if row["pod"] and row["pod"] not in pods:
            bad("intervals", i, "pod", f"unknown pod '{row['pod']}' (not in scenario.yaml pods)")
        elif row["initiative"] and row["initiative"] not in ids:
            bad("intervals", i, "initiative",
                f"unknown initiative '{row['initiative']}' (not in initiatives.yaml)")
        elif (row["kind"] == "effect" and (row["initiative"], row["pod"]) not in effects
              and row["initiative"] not in broken):
            bad("intervals", i, "pod", f"initiative '{row['initiative']}' has no effect on "
                f"'{row['pod']}'")
    trusts = s.table("acute_trusts")
    for i, ccg in enumerate(trusts["ccg"]):
        if ccg not in ccgs:
            bad("acute_trusts", i, "ccg", f"unknown ccg '{ccg}'")
    for ccg, total in trusts.groupby("ccg")["share"].sum().items():
        if abs(total - 1) > 1e-6:
            problems.append(Problem("acute_trusts.csv", f"the shares of ccg '{ccg}' add up to "
                                    f"{total:g}, not 1"))
    areas = ccgs | localities | {""}
    for i, area in enumerate(s.table("population_projections")["area"]):
        if area not in areas:
            bad("population_projections", i, "area", f"unknown area '{area}' (give a ccg, a "
                "locality or leave it empty for the system)")
    for i, y in enumerate(s.table("population_projections")["year"]):
        if y not in s.years:
            bad("population_projections", i, "year", f"year {y} is outside the scenario's "
                f"years {s.years[0]}-{s.years[-1]}")
    if ("population_projections" in s.tables) != ("non_demographic_growth" in s.tables):
        problems.append(Problem("population_projections.csv", "demographic growth needs both "
                                "population_projections.csv and non_demographic_growth.csv"))
    for i, ccg in enumerate(s.table("peer_rates")["ccg"]):
        if ccg not in ccgs:
            bad("peer_rates", i, "ccg", f"unknown ccg '{ccg}'")
    for i, loc in enumerate(s.table("locality_rates")["locality"]):
        if loc not in localities:
            bad("locality_rates", i, "locality", f"unknown locality '{loc}'")
    return problems
