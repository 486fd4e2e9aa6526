"""The core rules: every reference resolves, every pod has growth and a cost, initiatives
are consistent with the years and pods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule, unknown
from icsplan.scenario.tables import DEMAND_MODEL

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario

def demand_model_whole(s: Scenario) -> Iterator[Problem]:
    """The demand model's tables (localities, baseline, growth, unit costs) are given all
    together or not at all (a programme, finance and KPI plan has none)."""
    given = [t for t in DEMAND_MODEL if t in s.tables]
    if given and len(given) < len(DEMAND_MODEL):
        missing = ", ".join(f"{t}.csv" for t in DEMAND_MODEL if t not in s.tables)
        for table in given:
            yield Problem.at(table, f"is part of the demand model, which also needs {missing};"
                             " give all four files or none")


def _demand_given(s: Scenario) -> bool:
    """Whether the demand model is given whole (its per-pod rules apply; a part of it is
    `demand_model_whole`'s problem)."""
    return all(t in s.tables for t in DEMAND_MODEL)


def listed_once(s: Scenario) -> Iterator[Problem]:
    """Each CCG and each locality is listed once."""
    for table, column in (("ccgs", "ccg"), ("localities", "locality")):
        values = s.table(table)[column]
        for value in values[values.duplicated()]:
            yield Problem.at(table, f"'{value}' is listed more than once")


def known_areas(s: Scenario) -> Iterator[Problem]:
    """Localities name known CCGs; baseline, growth and targets name known localities."""
    yield from unknown(s, "localities", "ccg", set(s.ccgs["ccg"]), "ccg")
    localities = set(s.localities["locality"])
    for table in ("baseline", "growth", "targets"):
        yield from unknown(s, table, "locality", localities, "locality")


def known_pods(s: Scenario) -> Iterator[Problem]:
    """Baseline, growth, unit costs and targets name the scenario's pods."""
    for table in ("baseline", "growth", "unit_costs", "targets"):
        yield from unknown(s, table, "pod", set(s.meta.pods), "pod", "scenario.yaml pods")


def baseline_cells_once(s: Scenario) -> Iterator[Problem]:
    """Each locality/pod/age band/segment cell of the baseline is given once."""
    base = s.baseline
    dup = base.duplicated(["locality", "pod", "age_band", "segment"], keep="first")
    for i in base.index[dup]:
        yield Problem.at("baseline", "this locality/pod/age band/segment cell is given twice",
                         key=int(i))


def system_growth_for_every_pod(s: Scenario) -> Iterator[Problem]:
    """Every pod has a system growth rate (a growth row with an empty locality)."""
    if not _demand_given(s):
        return
    growth = s.growth
    system = set(growth.loc[growth["locality"] == "", "pod"])
    for pod in sorted(set(s.meta.pods) - system):
        yield Problem.at("growth", f"no system growth rate for pod '{pod}' (add a row with an "
                         "empty locality)")


def unit_cost_for_every_pod(s: Scenario) -> Iterator[Problem]:
    """Every pod has a unit cost."""
    if not _demand_given(s):
        return
    for pod in sorted(set(s.meta.pods) - set(s.unit_costs["pod"])):
        yield Problem.at("unit_costs", f"no unit cost for pod '{pod}'")


def initiative_ids_once(s: Scenario) -> Iterator[Problem]:
    """Each initiative id is used once."""
    ids = [i.id for i in s.initiatives]
    for ident in {x for x in ids if ids.count(x) > 1}:
        yield Problem.at("initiatives", "initiative id is used more than once", key=ident)


def phasing_in_years(s: Scenario) -> Iterator[Problem]:
    """Each initiative's phasing names only the scenario's years and gives every later one."""
    years = s.meta.years
    for ini in s.initiatives:
        for label in ini.phasing:
            if label not in years:
                yield Problem.at("initiatives", f"phasing year {label} is outside "
                                 f"{years[0]}-{years[-1]}", key=ini.id, field="phasing")
        missing = [y for y in years[1:] if y not in ini.phasing]
        if missing:
            yield Problem.at("initiatives", "phasing gives no share for " + ", ".join(missing),
                             key=ini.id, field="phasing")


def effects_known(s: Scenario) -> Iterator[Problem]:
    """Each effect names a known pod and known localities; a 'targets' allocation has
    targets for its pod."""
    pods, localities = set(s.meta.pods), set(s.localities["locality"])
    targeted = set(s.targets["pod"])
    for ini in s.initiatives:
        for k, eff in enumerate(ini.effects):
            where = f"effects.{k}"
            if eff.pod not in pods:
                yield Problem.at("initiatives", f"unknown pod '{eff.pod}' (not in "
                                 "scenario.yaml pods)",
                                 key=ini.id, field=f"{where}.pod")
            elif eff.locality_allocation == "targets" and eff.pod not in targeted:
                yield Problem.at("initiatives", "locality_allocation is 'targets' but "
                                 f"targets.csv has no rows for pod '{eff.pod}'", key=ini.id,
                                 field=f"{where}.locality_allocation")
            for loc in eff.localities:
                if loc not in localities:
                    yield Problem.at("initiatives", f"unknown locality '{loc}'", key=ini.id,
                                     field=f"{where}.localities")


def reductions_at_most_all(s: Scenario) -> Iterator[Problem]:
    """The initiatives together remove at most 100% of each pod's momentum."""
    total: dict[str, float] = {}
    for ini in s.initiatives:
        for eff in ini.effects:
            total[eff.pod] = total.get(eff.pod, 0.0) + eff.reduction_pct
    for pod, pct in total.items():
        if pct > 100:
            yield Problem.at("initiatives", f"initiatives remove {pct:.1f}% of '{pod}' "
                             "momentum in all; the total cannot exceed 100%")


RULES: list[Rule] = [demand_model_whole, listed_once, known_areas, known_pods, baseline_cells_once,
                     system_growth_for_every_pod, unit_cost_for_every_pod, initiative_ids_once,
                     phasing_in_years, effects_known, reductions_at_most_all]
