"""Plan forensics: a rules engine, with the rules as data, that checks a published plan's
own arithmetic and proposes the reading of a figure that would make it add up."""

from icsplan.forensics.engine import Proposal, RuleResult, check_plan
from icsplan.forensics.plan import (
    KINDS,
    ForensicPlan,
    ForensicsError,
    build_plan,
    builtin_documents,
    load_plan,
)
from icsplan.forensics.results import explain, forensic_findings, plan_summary, results_frame

__all__ = ["KINDS", "ForensicPlan", "ForensicsError", "Proposal", "RuleResult", "build_plan",
           "builtin_documents", "check_plan", "explain", "forensic_findings", "load_plan",
           "plan_summary", "results_frame"]
