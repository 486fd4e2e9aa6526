"""Rules of the programme tables (seed 004): every programme is listed once and every
reference to one (or to a CCG) resolves; a risk is rated by impact and likelihood together
or not at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario


def programmes_once(s: Scenario) -> Iterator[Problem]:
    """Each programme is listed once."""
    programmes = s.table("programmes")
    for i in programmes.index[programmes["programme"].duplicated()]:
        yield Problem.at("programmes", f"programme '{programmes.at[i, 'programme']}' is "
                         "listed more than once", key=int(i), field="programme")


def programme_ccgs_known(s: Scenario) -> Iterator[Problem]:
    """A programme's CCGs (';'-separated), its finance lines' and the primary-care bridges'
    CCGs are known CCGs."""
    ccgs = set(s.table("ccgs")["ccg"])
    for i, value in enumerate(s.table("programmes")["ccgs"]):
        for code in (c.strip() for c in str(value).split(";") if c.strip()):
            if code not in ccgs:
                yield Problem.at("programmes", f"unknown ccg '{code}'", key=i, field="ccgs")
    for table in ("programme_finance", "primary_care_bridge"):
        for i, value in enumerate(s.table(table)["ccg"]):
            if value and value not in ccgs:
                yield Problem.at(table, f"unknown ccg '{value}'", key=i, field="ccg")


def programme_references_known(s: Scenario) -> Iterator[Problem]:
    """Milestones, risks, finance lines and KPIs name listed programmes."""
    known = set(s.table("programmes")["programme"])
    for table in ("programme_milestones", "programme_risks", "programme_finance"):
        for i, value in enumerate(s.table(table)["programme"]):
            if value not in known:
                yield Problem.at(table, f"unknown programme '{value}' (not in programmes.csv)",
                                 key=i, field="programme")
    measures = s.kpi_measures
    if "programme" in measures.columns:
        for i, value in enumerate(measures["programme"]):
            if value and value not in known:
                yield Problem.at("kpi_measures", f"unknown programme '{value}' (not in "
                                 "programmes.csv)", key=i, field="programme")


def risks_rated_whole(s: Scenario) -> Iterator[Problem]:
    """A risk is given once per programme, rated by impact and likelihood or unrated."""
    risks = s.table("programme_risks")
    for i in risks.index[risks.duplicated(["programme", "risk"])]:
        yield Problem.at("programme_risks", f"risk '{risks.at[i, 'risk']}' is given twice for "
                         "its programme", key=int(i), field="risk")
    for i, rec in enumerate(risks.to_dict(orient="records")):
        rated = [rec["impact"] is not None and rec["impact"] == rec["impact"],
                 rec["likelihood"] is not None and rec["likelihood"] == rec["likelihood"]]
        if any(rated) and not all(rated):
            yield Problem.at("programme_risks", "give both impact and likelihood, or neither "
                             "(an unrated risk)", key=i, field="impact")


RULES: list[Rule] = [programmes_once, programme_ccgs_known, programme_references_known,
                     risks_rated_whole]
