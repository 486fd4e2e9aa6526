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
    """Each reconciliation row names tables icsplan knows, says which rows to take as
    column=value pairs, writes its figures as expressions of the small language and its text
    as templates of the `over` table's fields: one problem per bad cell."""
    if "reconcile" not in s.published:
        return
    for i, rec in enumerate(s.published["reconcile"].to_dict(orient="records")):
        rec = {k: "" if v is None or v != v else str(v) for k, v in rec.items()}
        bad = list(_bad_cells(rec, set(s.published)))
        for col, message in bad:
            yield Problem.at("published/reconcile", message, key=i, field=col, value=rec[col])
        over = _table_of(s, rec.get("over", ""))
        if not bad and over is not None and over is not False:
            yield from _unknown_fields(rec, i, set(over.columns))  # type: ignore[attr-defined]


def _bad_cells(rec: dict[str, str], published: set[str]) -> Iterator[tuple[str, str]]:
    """(column, message) for each bad cell of a reconciliation row."""
    yield from _bad_tables(rec, published)
    yield from _bad_text(rec)


def _bad_tables(rec: dict[str, str], published: set[str]) -> Iterator[tuple[str, str]]:
    from icsplan.backtest.generic import OUTPUTS, known_table
    from icsplan.scenario.tables import PUBLISHED, TABLES

    for col in ("over", "published_from", "output"):
        name = rec.get(col, "")
        kind, _, table = name.partition(":")
        if name and (not known_table(name) or (kind == "input" and table not in TABLES)):
            yield col, (f"names no table: a run output ({', '.join(OUTPUTS)}), "
                        "published:<name> or input:<scenario table>")
        elif kind == "published" and table not in PUBLISHED and table not in published:
            yield col, "the scenario has no such published table (published/<name>.csv)"


def _bad_text(rec: dict[str, str]) -> Iterator[tuple[str, str]]:
    from icsplan.backtest import expression
    from icsplan.backtest.generic import ReconcileSpecError, parse_where

    for col, allowed in (("aggregate", AGGREGATIONS), ("when", ("", "differs")),
                         ("expected", ("", "match", "differs", "inconsistent"))):
        if rec.get(col, "") not in allowed:
            yield col, f"should be one of {', '.join(repr(a) for a in allowed)}"
    for col in ("where", "select", "published_where"):
        try:
            parse_where(expression.fill(rec.get(col, ""), _Any()))
        except (expression.ExpressionError, ReconcileSpecError) as exc:
            yield col, (f"{exc}: write the rows to take as column=value;column!=value;"
                        "column~a+b")
    for col in ("published", "column", "tolerance"):
        try:
            expression.parse(expression.fill(rec.get(col, ""), _Any()))
        except expression.ExpressionError as exc:
            yield col, str(exc)
    for col in ("table", "item", "note", "source"):
        try:
            expression.template_fields(rec.get(col, ""))
        except expression.ExpressionError as exc:
            yield col, str(exc)


class _Any(dict):
    """Any template field, filled with a placeholder name (to check what a template gives)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return "x"


def _table_of(s: Scenario, name: str) -> object | None:
    """The published or input table a reconcile.csv cell names (False: the scenario does not
    have it), or None when it names a run output (known only when the plan runs)."""
    kind, _, table = name.partition(":")
    if kind == "published":
        return s.published.get(table, False)
    if kind == "input":
        return s.tables.get(table, False)
    return None


NOTE_FIELDS = {"published", "recomputed", "difference", "tolerance"}
AGGREGATIONS = ("", "sum", "mean", "first", "min", "max", "count")


def _unknown_fields(rec: dict[str, str], i: int, fields: set[str]) -> Iterator[Problem]:
    """The fields a row's templates, filters and published expression read that its `over`
    table does not have."""
    from icsplan.backtest import expression
    from icsplan.backtest.generic import parse_where

    checks = [(col, expression.template_fields(rec.get(col, "")))
              for col in ("table", "item", "where", "published_where", "column", "note",
                          "source")]
    checks.append(("select", {c for c, _, _ in parse_where(rec.get("select", ""))}))
    if not rec.get("published_from"):
        checks.append(("published", expression.names(expression.parse(rec["published"]))))
    for col, used in checks:
        allowed = fields | (NOTE_FIELDS if col == "note" else set())
        unknown = sorted(used - allowed)
        if unknown:
            yield Problem.at("published/reconcile", f"'{unknown[0]}' is not a column of "
                             f"{rec['over']} (its columns: {', '.join(sorted(fields))})",
                             key=i, field=col, value=rec.get(col))


RULES: list[Rule] = [documents_are_built_in, own_figures_and_rules, reconcile_rows_readable]
