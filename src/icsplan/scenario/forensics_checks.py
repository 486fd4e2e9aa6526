"""Cross-table checks of a scenario's plan-forensics tables (the documents it names exist,
its own figures and rules can be checked) and of its generic reconciliation table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario


def forensics_checks(s: Scenario) -> list[Problem]:
    """Problems with the scenario's forensic tables, located in its published files."""
    from icsplan.forensics.plan import ForensicsError, build_plan, builtin_documents

    pub = s.published
    problems: list[Problem] = []
    if "forensic_documents" in pub:
        known = builtin_documents()
        for i, doc in enumerate(pub["forensic_documents"]["document"]):
            if str(doc) not in known:
                problems.append(Problem("published/forensic_documents.csv", "no built-in "
                                        f"document of that name (built-in: {', '.join(known)})",
                                        row=i + 2, field="document", value=doc))
    have = [n for n in ("forensic_figures", "forensic_rules") if n in pub]
    if len(have) == 1:
        missing = ({"forensic_figures", "forensic_rules"} - set(have)).pop()
        problems.append(Problem(f"published/{missing}.csv", "the file is missing: plan "
                                "forensics needs both forensic_figures.csv and "
                                "forensic_rules.csv"))
    elif len(have) == 2:
        try:
            build_plan(s.name, pub["forensic_figures"], pub["forensic_rules"],
                       ("published/forensic_figures.csv", "published/forensic_rules.csv"))
        except ForensicsError as exc:
            problems.extend(exc.problems)
    if "reconcile" in pub:
        from icsplan.backtest.generic import ReconcileSpecError, parse_where

        for i, where in enumerate(pub["reconcile"]["where"]):
            try:
                parse_where("" if where != where else str(where))
            except ReconcileSpecError as exc:
                problems.append(Problem("published/reconcile.csv", f"{exc}: write the rows to "
                                        "add up as column=value;column=value", row=i + 2,
                                        field="where", value=where))
    return problems
