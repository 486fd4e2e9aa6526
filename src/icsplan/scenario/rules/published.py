"""The published tables name only the scenario's localities, CCGs and pods ('all', or known
values joined by '+', stand for totals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario


def published_names_known(s: Scenario) -> Iterator[Problem]:
    """Every locality, CCG and pod a published table names is the scenario's (or 'all')."""
    known = {"locality": set(s.localities["locality"]), "ccg": set(s.ccgs["ccg"]),
             "pod": set(s.meta.pods)}
    for name, frame in s.published.items():
        table = f"published/{name}"
        for column, allowed in known.items():
            if column not in frame.columns:
                continue
            for i, value in enumerate(frame[column]):
                if not isinstance(value, str) or not value.strip():
                    yield Problem.at(table, f"a {column} is required here", key=i,
                                     field=column)
                elif value != "all" and not set(value.split("+")) <= allowed:
                    yield Problem.at(table, f"unknown {column} '{value}' (not in the scenario)",
                                     key=i, field=column)


RULES: list[Rule] = [published_names_known]
