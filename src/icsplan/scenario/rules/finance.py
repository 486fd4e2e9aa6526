"""Rules of the financial tables: every reference resolves, no bridge step is empty or
counted twice, every year is in the scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem
from icsplan.scenario.rules.base import Rule, outside_years

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icsplan.scenario.model import Scenario


def finance_names_initiatives(s: Scenario) -> Iterator[Problem]:
    """initiative_finance names known initiatives, one row each."""
    fin = s.initiative_finance
    ids = {i.id for i in s.initiatives}
    for i, ini in enumerate(fin["initiative"]):
        if ini not in ids:
            yield Problem.at("initiative_finance", f"unknown initiative '{ini}' (not in "
                             "initiatives.yaml)", key=i, field="initiative")
    for i in fin.index[fin["initiative"].duplicated()]:
        yield Problem.at("initiative_finance", "initiative is given twice; give one row per "
                         "initiative", key=int(i), field="initiative")


def investments_in_years(s: Scenario) -> Iterator[Problem]:
    """Every investment is in one of the scenario's years."""
    yield from outside_years(s, "investments")


def workforce_lines_known(s: Scenario) -> Iterator[Problem]:
    """Every workforce line is an investment line."""
    lines = set(s.investments["line"])
    for i, line in enumerate(s.workforce["line"]):
        if line not in lines:
            yield Problem.at("workforce", f"unknown investment line '{line}' (not in "
                             "investments.csv)", key=i, field="line")


def _given(value: object) -> bool:
    return value is not None and value == value  # NaN is no value


def bridge_steps_valued_once(s: Scenario) -> Iterator[Problem]:
    """Each bridge step has one source of value: a value, initiatives or (a demand step)
    the model's momentum."""
    for i, rec in enumerate(s.bridge.to_dict(orient="records")):
        step, refs = rec["step"], _refs(rec)
        has_value, follows = _given(rec["value_gbp"]), _given(rec.get("activity_share"))
        if not has_value and not refs and not follows:
            yield Problem.at("bridge", f"step '{step}' has no value; give value_gbp, the "
                             "initiatives whose net saving it is, or (a demand step) "
                             "activity_share and non_activity_gbp", key=i, field="value_gbp")
        if follows and (has_value or refs):
            yield Problem.at("bridge", f"step '{step}' follows the model's momentum; leave "
                             "value_gbp and initiatives empty", key=i, field="activity_share")
        if follows and rec.get("group") != "demand":
            yield Problem.at("bridge", f"only demand steps can follow the model's momentum; "
                             f"step '{step}' is in group '{rec['group']}'", key=i,
                             field="activity_share")
        if has_value and refs:
            yield Problem.at("bridge", f"step '{step}' gives both a value and initiatives; "
                             "give one", key=i, field="initiatives")


def _refs(rec: dict) -> list[str]:
    return [x.strip() for x in str(rec["initiatives"] or "").split(";") if x.strip()]


def bridge_initiatives_counted_once(s: Scenario) -> Iterator[Problem]:
    """The initiatives a bridge step names are known and counted in one step only."""
    ids = {i.id for i in s.initiatives}
    seen: dict[str, str] = {}
    for i, rec in enumerate(s.bridge.to_dict(orient="records")):
        for ref in _refs(rec):
            if ref not in ids:
                yield Problem.at("bridge", f"unknown initiative '{ref}'", key=i,
                                 field="initiatives")
            elif ref in seen:
                yield Problem.at("bridge", f"initiative '{ref}' is already counted in step "
                                 f"'{seen[ref]}'; count it once", key=i, field="initiatives")
            else:
                seen[ref] = str(rec["step"])


def bridge_orders_once(s: Scenario) -> Iterator[Problem]:
    """Each bridge order is used once."""
    orders = s.bridge["order"]
    for i in orders.index[orders.duplicated()]:
        yield Problem.at("bridge", "order is used more than once", key=int(i), field="order")


def qipp_orgs_budgeted(s: Scenario) -> Iterator[Problem]:
    """QIPP targets and schemes name organisations with a budget."""
    orgs = set(s.org_budgets["org"])
    for table in ("qipp_targets", "qipp_schemes"):
        for i, org in enumerate(s.table(table)["org"]):
            if org not in orgs:
                yield Problem.at(table, f"unknown org '{org}' (not in org_budgets.csv)", key=i,
                                 field="org")


RULES: list[Rule] = [finance_names_initiatives, investments_in_years, workforce_lines_known,
                     bridge_steps_valued_once, bridge_initiatives_counted_once,
                     bridge_orders_once, qipp_orgs_budgeted]
