"""What a rule is, and the small helpers rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from icsplan.errors import Problem

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario

#: a rule across tables: the problems it finds in a scenario
Rule = Callable[["Scenario"], Iterable[Problem]]


def unknown(s: Scenario, table: str, column: str, allowed: set[str], what: str,
            where: str = "") -> Iterator[Problem]:
    """A problem for each non-empty value of `table.column` that is not in `allowed`
    ("unknown <what> '<value>' (not in <where>)")."""
    note = f" (not in {where})" if where else ""
    for i, value in enumerate(s.table(table)[column]):
        if value and value not in allowed:
            yield Problem.at(table, f"unknown {what} '{value}'{note}", key=i, field=column)


def outside_years(s: Scenario, table: str) -> Iterator[Problem]:
    """A problem for each year of `table` that is not one of the scenario's years."""
    for i, y in enumerate(s.table(table)["year"]):
        if y not in s.years:
            yield Problem.at(table, f"year {y} is outside the scenario's years "
                             f"{s.years[0]}-{s.years[-1]}", key=i, field="year")
