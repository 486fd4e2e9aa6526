"""Row models of a scenario's plan-forensics and generic reconciliation tables (under
`published/`).

A scenario reaches plan forensics two ways (docs/forensics.md):

* `published/forensic_documents.csv` names built-in documents whose figures and rules ship
  with icsplan (`src/icsplan/forensics/seeds/<document>/`), e.g. 000-004 for `mse-2016`;
* `published/forensic_figures.csv` with `published/forensic_rules.csv` hold the scenario's own
  plan's figures (as printed) and its arithmetic rules.

These tables are read as text (a printed figure such as "1.10" or "(406)" keeps its form).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from icsplan.scenario.schema import Strict

TEXT_PUBLISHED = {"forensic_documents", "forensic_figures", "forensic_rules", "reconcile"}


class ForensicDocumentRow(Strict):
    """A built-in document whose plan forensics this scenario's check runs."""

    document: str = Field(min_length=1)
    source: str = Field(min_length=1)


class ForensicFigureRow(Strict):
    """A published figure as printed (see `icsplan.forensics.plan`)."""

    figure: str = Field(min_length=1)
    printed: str = Field(min_length=1)
    unit: str = ""
    seed: str = Field(min_length=1)
    section: str = Field(min_length=1)
    note: str = ""
    precision: float | None = Field(default=None, ge=0)


class ForensicRuleRow(Strict):
    """An arithmetic rule over the figures (see `icsplan.forensics.plan`)."""

    rule: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    check: str = Field(min_length=1)
    tolerance: float | None = Field(default=None, ge=0)
    section: str = ""
    description: str = ""
    expected: str = ""
    note: str = ""


FORENSICS_PUBLISHED = {"forensic_documents": ForensicDocumentRow,
                       "forensic_figures": ForensicFigureRow,
                       "forensic_rules": ForensicRuleRow}


def published_reader_options(name: str) -> dict:
    """pandas.read_csv options for a published table: the forensic tables stay text."""
    return {"dtype": str, "keep_default_na": False} if name in TEXT_PUBLISHED else {}


class ReconcileFigureRow(Strict):
    """A published figure (or a kind of figure, repeated over the rows of a table) reconciled
    against a run's table by the generic back test (`icsplan.backtest.generic`): the mapping
    (table, filter, measure, aggregation), its tolerance, status when it does not match, and
    note.  What the cells say (tables, filters, expressions, templates) is checked by the rule
    `scenario.rules.forensics.reconcile_rows_readable`, with the other tables' rules."""

    table: str = Field(min_length=1)
    item: str = Field(min_length=1)
    over: str = ""
    select: str = ""
    published: str = Field(min_length=1)
    published_from: str = ""
    published_where: str = ""
    output: str = Field(min_length=1)
    where: str = ""
    column: str = Field(min_length=1)
    aggregate: str = "sum"  # sum, mean, first, min, max or count
    min_rows: int | None = Field(default=None, ge=1)
    scale: float = Field(default=1.0, gt=0)
    round: int | None = Field(default=None, ge=0, le=12)
    tolerance: str = Field(min_length=1)
    when: str = ""  # "" or "differs"
    expected: str = ""  # "", "match", "differs" or "inconsistent"
    note: str = ""
    source: str = Field(min_length=1)


class ExpectationRow(Strict):
    """The status and note a back test's finding takes when it does not match."""

    table: str = Field(min_length=1)
    item: str = Field(min_length=1)
    expected: Literal["differs", "inconsistent"]
    note: str = Field(min_length=1)


RECONCILE_PUBLISHED = {"reconcile": ReconcileFigureRow, "expectations": ExpectationRow}
