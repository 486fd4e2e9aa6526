"""Cross-table checks of a scenario's financial tables (row models in `finance_schema`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.errors import Problem

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario


def finance_checks(s: Scenario) -> list[Problem]:
    """Cross-table checks of the financial tables: every reference resolves, no step is
    empty or counted twice, every year is in the scenario."""
    problems: list[Problem] = []
    ids = {i.id for i in s.initiatives}
    years = set(s.years)

    def row_problem(table: str, i: int, field: str, message: str) -> None:
        problems.append(Problem(f"{table}.csv", message, row=i + 2, field=field))

    fin = s.table("initiative_finance")
    for i, ini in enumerate(fin["initiative"]):
        if ini not in ids:
            row_problem("initiative_finance", i, "initiative",
                        f"unknown initiative '{ini}' (not in initiatives.yaml)")
    for i in fin.index[fin["initiative"].duplicated()]:
        row_problem("initiative_finance", int(i), "initiative",
                    "initiative is given twice; give one row per initiative")
    for i, y in enumerate(s.table("investments")["year"]):
        if y not in years:
            row_problem("investments", i, "year", f"year {y} is outside the scenario's years "
                        f"{s.years[0]}-{s.years[-1]}")
    lines = set(s.table("investments")["line"])
    for i, line in enumerate(s.table("workforce")["line"]):
        if line not in lines:
            row_problem("workforce", i, "line", f"unknown investment line '{line}' "
                        "(not in investments.csv)")
    seen: dict[str, int] = {}
    for i, rec in enumerate(s.table("bridge").to_dict(orient="records")):
        refs = [x.strip() for x in str(rec["initiatives"] or "").split(";") if x.strip()]
        value = rec["value_gbp"]
        has_value = value is not None and value == value  # NaN is no value
        share = rec.get("activity_share")
        if not has_value and not refs and (share is None or share != share):
            row_problem("bridge", i, "value_gbp", f"step '{rec['step']}' has no value; give "
                        "value_gbp, the initiatives whose net saving it is, or (a demand "
                        "step) activity_share and non_activity_gbp")
        follows = share is not None and share == share
        if follows and (has_value or refs):
            row_problem("bridge", i, "activity_share", f"step '{rec['step']}' follows the "
                        "model's momentum; leave value_gbp and initiatives empty")
        if follows and rec.get("group") != "demand":
            row_problem("bridge", i, "activity_share", f"only demand steps can follow the "
                        f"model's momentum; step '{rec['step']}' is in group '{rec['group']}'")
        if has_value and refs:
            row_problem("bridge", i, "initiatives", f"step '{rec['step']}' gives both a value "
                        "and initiatives; give one")
        for ref in refs:
            if ref not in ids:
                row_problem("bridge", i, "initiatives", f"unknown initiative '{ref}'")
            elif ref in seen:
                row_problem("bridge", i, "initiatives", f"initiative '{ref}' is already counted "
                            f"on line {seen[ref]}; count it once")
            else:
                seen[ref] = i + 2
    orders = s.table("bridge")["order"]
    for i in orders.index[orders.duplicated()]:
        row_problem("bridge", int(i), "order", "order is used more than once")
    budget_orgs = set(s.table("org_budgets")["org"])
    for table in ("qipp_targets", "qipp_schemes"):
        for i, org in enumerate(s.table(table)["org"]):
            if org not in budget_orgs:
                row_problem(table, i, "org", f"unknown org '{org}' (not in org_budgets.csv)")
    return problems
