"""The rules across a scenario's tables, one small named function each, in lists.

A rule takes a `Scenario` and yields `Problem`s located by table, row key and field
(`Problem.at`); where that is for the user (file and line, sheet and row, the app's lever)
is said only where the problem is shown.  Adding a rule is one function and one entry in its
module's `RULES`; `RULES` here runs them in order (core, published, then each stage's).
"""

from __future__ import annotations

from icsplan.scenario.rules import (
    appraisal,
    core,
    delivery,
    finance,
    forensics,
    programmes,
    published,
    uncertainty,
)
from icsplan.scenario.rules.base import Rule

RULES: tuple[Rule, ...] = (*core.RULES, *published.RULES, *finance.RULES, *delivery.RULES,
                           *uncertainty.RULES, *appraisal.RULES, *forensics.RULES,
                           *programmes.RULES)

__all__ = ["RULES", "Rule"]
