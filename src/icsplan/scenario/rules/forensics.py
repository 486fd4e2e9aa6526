"""Rules of the plan-forensics tables (the documents a scenario names exist; its own figures
and rules can be checked) and of the generic reconciliation table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario

FIGURES, RULE_TABLE = "forensic_figures", "forensic_rules"


def documents_are_built_in(s: Scenario) -> Iterator[Problem]:
    """Each document a scenario names in forensic_documents.csv is a built-in one."""
    if "forensic_documents" not in s.published:
        return
    from icsplan.forensics.plan import builtin_documents

    known = builtin_documents()
    for i, doc in enumerate(s.published["forensic_documents"]["document"]):
        if str(doc) not in known:
            yield Problem.at("published/forensic_documents", "no built-in document of that "
                             f"name (built-in: {', '.join(known)})", key=i, field="document",
                             value=doc)


def own_figures_and_rules(s: Scenario) -> Iterator[Problem]:
    """A scenario's own forensic figures and rules come together and can be checked."""
    have = [n for n in (FIGURES, RULE_TABLE) if n in s.published]
    if len(have) == 1:
        missing = ({FIGURES, RULE_TABLE} - set(have)).pop()
        yield Problem(f"published/{missing}.csv", "the file is missing: plan forensics needs "
                      "both forensic_figures.csv and forensic_rules.csv")
    elif len(have) == 2:
        from icsplan.forensics.plan import ForensicsError, build_plan

        try:
            build_plan(s.name, s.published[FIGURES], s.published[RULE_TABLE],
                       (f"published/{FIGURES}.csv", f"published/{RULE_TABLE}.csv"))
        except ForensicsError as exc:
            yield from exc.problems


def reconcile_rows_readable(s: Scenario) -> Iterator[Problem]:
    """Each generic reconciliation row says which rows to add up as column=value pairs."""
    if "reconcile" not in s.published:
        return
    from icsplan.backtest.generic import ReconcileSpecError, parse_where

    for i, where in enumerate(s.published["reconcile"]["where"]):
        try:
            parse_where("" if where != where else str(where))
        except ReconcileSpecError as exc:
            yield Problem.at("published/reconcile", f"{exc}: write the rows to add up as "
                             "column=value;column=value", key=i, field="where", value=where)


RULES: list[Rule] = [documents_are_built_in, own_figures_and_rules, reconcile_rows_readable]
