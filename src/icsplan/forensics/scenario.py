"""Plan forensics of a scenario: the built-in documents it names and its own figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.backtest.findings import Finding
from icsplan.forensics.engine import check_plan
from icsplan.forensics.plan import ForensicPlan, build_plan, load_plan
from icsplan.forensics.results import forensic_findings

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario


def scenario_plans(scenario: Scenario) -> list[ForensicPlan]:
    """The forensic plans of a scenario: each document of published/forensic_documents.csv,
    then the scenario's own published/forensic_figures.csv and forensic_rules.csv."""
    pub = scenario.published
    plans = []
    if "forensic_documents" in pub:
        plans += [load_plan(str(d)) for d in pub["forensic_documents"]["document"]]
    if "forensic_figures" in pub and "forensic_rules" in pub:
        plans.append(build_plan(scenario.name, pub["forensic_figures"],
                                pub["forensic_rules"],
                                ("published/forensic_figures.csv",
                                 "published/forensic_rules.csv")))
    return plans


def scenario_findings(scenario: Scenario) -> list[Finding]:
    """One finding per forensic rule of the scenario's plans (rule = the rule's kind)."""
    out: list[Finding] = []
    for plan in scenario_plans(scenario):
        out += forensic_findings(plan, check_plan(plan))
    return out
