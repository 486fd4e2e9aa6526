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

TEXT_PUBLISHED = {"forensic_documents", "forensic_figures", "forensic_rules"}


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
    """A published figure reconciled against an output table by the generic back test
    (`icsplan.backtest.generic`): its tolerance, status when it does not match, and note."""

    table: str = Field(min_length=1)
    item: str = Field(min_length=1)
    published: float
    output: Literal["activity_summary", "activity_by_ccg", "initiatives", "bridge",
                    "capacity", "org_budgets", "qipp", "qipp_schemes", "workforce",
                    "gp_capacity", "investment_schedule"]
    where: str = ""
    column: str = Field(min_length=1)
    scale: float = Field(default=1.0, gt=0)
    tolerance: float = Field(ge=0)
    expected: Literal["", "differs", "inconsistent"] = ""
    note: str = ""
    source: str = Field(min_length=1)


class ExpectationRow(Strict):
    """The status and note a back test's finding takes when it does not match."""

    table: str = Field(min_length=1)
    item: str = Field(min_length=1)
    expected: Literal["differs", "inconsistent"]
    note: str = Field(min_length=1)


RECONCILE_PUBLISHED = {"reconcile": ReconcileFigureRow, "expectations": ExpectationRow}
