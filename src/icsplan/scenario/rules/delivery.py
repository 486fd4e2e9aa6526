"""Rules of the delivery tables: each measure x org is listed once; each trajectory names a
listed measure x org, once a year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario


def measures_once(s: Scenario) -> Iterator[Problem]:
    """Each measure is listed once per organisation."""
    measures = s.kpi_measures
    for i in measures.index[measures.duplicated(["measure", "org"])]:
        yield Problem.at("kpi_measures", f"measure '{measures.at[i, 'measure']}' at "
                         f"'{measures.at[i, 'org']}' is listed more than once", key=int(i))


def trajectories_known_once(s: Scenario) -> Iterator[Problem]:
    """Each trajectory names a listed measure at its org, once a period and line."""
    measures = s.kpi_measures
    known = set(zip(measures["measure"], measures["org"], strict=True))
    trajectories = s.kpi_trajectories
    for i, rec in trajectories.iterrows():
        if (rec["measure"], rec["org"]) not in known:
            yield Problem.at("kpi_trajectories", f"unknown measure '{rec['measure']}' at org "
                             f"'{rec['org']}' (not in kpi_measures.csv)", key=int(i),
                             field="measure")
    for i in trajectories.index[trajectories.duplicated(["measure", "org", "year", "period",
                                                          "line"])]:
        yield Problem.at("kpi_trajectories", "this measure, org, year, period and line is given "
                         "twice", key=int(i))


RULES: list[Rule] = [measures_once, trajectories_known_once]
