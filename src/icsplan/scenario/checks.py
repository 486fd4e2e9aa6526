"""Cross-table rules of a scenario: every reference resolves, every pod has growth and a
cost, initiatives are consistent with the years and pods.  Each stage adds its own checks to
`CHECKS` (finance, delivery, the options appraisal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.appraisal_schema import appraisal_checks
from icsplan.scenario.delivery_schema import delivery_checks
from icsplan.scenario.finance_checks import finance_checks
from icsplan.scenario.forensics_checks import forensics_checks
from icsplan.scenario.programme_schema import programme_checks
from icsplan.scenario.tables import DEMAND_MODEL
from icsplan.scenario.uncertainty_checks import uncertainty_checks

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario

# Cross-table checks of the stages: each takes a scenario and returns problems.
CHECKS: list[Callable[[Scenario], list[Problem]]] = [finance_checks, delivery_checks,
                                                     uncertainty_checks,
                                                     appraisal_checks, forensics_checks,
                                                     programme_checks]


def cross_check(s: Scenario) -> list[Problem]:
    """Checks across tables: every reference resolves, every pod has growth and a cost."""
    given = [t for t in DEMAND_MODEL if t in s.tables]
    if given and len(given) < len(DEMAND_MODEL):
        missing = ", ".join(f"{t}.csv" for t in DEMAND_MODEL if t not in s.tables)
        return [Problem(f"{t}.csv", f"is part of the demand model, which also needs {missing};"
                        " give all four files or none") for t in given]
    problems: list[Problem] = []
    ccgs = set(s.tables["ccgs"]["ccg"])
    localities = set(s.localities["locality"])
    pods = set(s.meta.pods)

    def unknown(table: str, column: str, allowed: set[str], what: str) -> None:
        frame = s.table(table)
        for i, value in enumerate(frame[column]):
            if value and value not in allowed:
                problems.append(Problem(f"{table}.csv", f"unknown {what} '{value}'", row=i + 2,
                                        field=column))

    for table in ("ccgs", "localities"):
        dupes = s.table(table)[table[:-1] if table == "ccgs" else "locality"]
        for value in dupes[dupes.duplicated()]:
            problems.append(Problem(f"{table}.csv", f"'{value}' is listed more than once"))
    unknown("localities", "ccg", ccgs, "ccg")
    for table in ("baseline", "growth", "targets"):
        unknown(table, "locality", localities, "locality")
    for table in ("baseline", "growth", "unit_costs", "targets"):
        unknown(table, "pod", pods, "pod (not in scenario.yaml pods)")

    base = s.baseline
    dup = base.duplicated(["locality", "pod", "age_band", "segment"], keep="first")
    for i in base.index[dup]:
        problems.append(Problem("baseline.csv", "this locality/pod/age band/segment cell is "
                                "given twice", row=int(i) + 2))
    system_growth = set(s.table("growth").query("locality == ''")["pod"])
    for pod in sorted(pods - system_growth if given else ()):
        problems.append(Problem("growth.csv", f"no system growth rate for pod '{pod}' "
                                "(add a row with an empty locality)"))
    for pod in sorted(pods - set(s.table("unit_costs")["pod"]) if given else ()):
        problems.append(Problem("unit_costs.csv", f"no unit cost for pod '{pod}'"))

    years = s.meta.years
    ids = [i.id for i in s.initiatives]
    for ident in {x for x in ids if ids.count(x) > 1}:
        problems.append(Problem("initiatives.yaml", "initiative id is used more than once",
                                field=ident))
    for ini in s.initiatives:
        for label in ini.phasing:
            if label not in years:
                problems.append(Problem("initiatives.yaml", f"phasing year {label} is outside "
                                        f"{years[0]}-{years[-1]}", field=f"{ini.id}.phasing"))
        missing = [y for y in years[1:] if y not in ini.phasing]
        if missing:
            problems.append(Problem("initiatives.yaml", "phasing gives no share for "
                                    + ", ".join(missing), field=f"{ini.id}.phasing"))
        for k, eff in enumerate(ini.effects):
            where = f"{ini.id}.effects.{k}"
            if eff.pod not in pods:
                problems.append(Problem("initiatives.yaml", f"unknown pod '{eff.pod}' (not in "
                                        "scenario.yaml pods)", field=f"{where}.pod"))
            elif eff.locality_allocation == "targets" and eff.pod not in set(
                    s.table("targets")["pod"]):
                problems.append(Problem("initiatives.yaml", "locality_allocation is 'targets' "
                                        f"but targets.csv has no rows for pod '{eff.pod}'",
                                        field=f"{where}.locality_allocation"))
            for loc in eff.localities:
                if loc not in localities:
                    problems.append(Problem("initiatives.yaml", f"unknown locality '{loc}'",
                                            field=f"{where}.localities"))
    total = {}
    for ini in s.initiatives:
        for eff in ini.effects:
            total[eff.pod] = total.get(eff.pod, 0.0) + eff.reduction_pct
    for pod, pct in total.items():
        if pct > 100:
            problems.append(Problem("initiatives.yaml", f"initiatives remove {pct:.1f}% of "
                                    f"'{pod}' momentum in all; the total cannot exceed 100%"))
    problems.extend(published_checks(s))
    for check in CHECKS:
        problems.extend(check(s))
    return problems


def published_checks(s: Scenario) -> list[Problem]:
    """The published tables name only the scenario's localities, CCGs and pods ('all', or
    known values joined by '+', stand for totals)."""
    problems: list[Problem] = []
    known = {"locality": set(s.localities["locality"]), "ccg": set(s.tables["ccgs"]["ccg"]),
             "pod": set(s.meta.pods)}
    for name, frame in s.published.items():
        for column, allowed in known.items():
            if column not in frame.columns:
                continue
            for i, value in enumerate(frame[column]):
                if not isinstance(value, str) or not value.strip():
                    problems.append(Problem(f"published/{name}.csv", f"a {column} is required "
                                            "here", row=i + 2, field=column))
                    continue
                parts = set(value.split("+"))
                if value != "all" and not parts <= allowed:
                    problems.append(Problem(f"published/{name}.csv", f"unknown {column} "
                                            f"'{value}' (not in the scenario)", row=i + 2,
                                            field=column))
    return problems
