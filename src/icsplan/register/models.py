"""The register's tables as SQLAlchemy 2 ORM classes.

Every register row has a text key (`id`), a `source` (seed file and section, or who entered
it) and a `version` that starts at 1 and goes up by one with every change: SQLAlchemy adds
`WHERE version = <the version read>` to each UPDATE and DELETE, so an edit based on an old
read can never overwrite a newer one (optimistic concurrency; register/edits.py turns a
mismatch into a message naming who changed what). Money is in pounds (GBP); dates are
calendar dates; quarters are labelled like "2017/18 Q2" (financial years, Q1 = April-June).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


def utc_now() -> dt.datetime:
    """The current time in UTC (audit and version times)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every register table."""


class RegisterRow:
    """Columns shared by the editable registers: key, provenance and the version counter."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    source: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        """Make `version` SQLAlchemy's version counter for each register table."""
        return {"version_id_col": cls.__table__.c.version}


class Programme(RegisterRow, Base):
    """A programme of the plan: the register's spine, grouping schemes (with their
    milestones), risks and KPIs; scope `stp` (system-wide) or `ccg`, CCG codes ';'-separated."""

    __tablename__ = "programme"
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(10))
    ccgs: Mapped[str] = mapped_column(String(200), default="")
    lead: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")


class Scheme(RegisterRow, Base):
    """A scheme of the programme (a QIPP project, an initiative's delivery vehicle)."""

    __tablename__ = "scheme"
    name: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(120))
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id"))
    organisation: Mapped[str] = mapped_column(String(80))
    owner: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20))
    year: Mapped[str | None] = mapped_column(String(7))
    planned_net_saving_gbp: Mapped[float] = mapped_column(Float, default=0.0)
    forecast_net_saving_gbp: Mapped[float] = mapped_column(Float, default=0.0)
    investment_gbp: Mapped[float] = mapped_column(Float, default=0.0)
    initiative: Mapped[str | None] = mapped_column(String(80))


class Milestone(RegisterRow, Base):
    """A dated step of a scheme; slippage is forecast (or actual) minus planned, in days."""

    __tablename__ = "milestone"
    scheme_id: Mapped[str] = mapped_column(ForeignKey("scheme.id"))
    name: Mapped[str] = mapped_column(String(200))
    planned_date: Mapped[dt.date] = mapped_column(Date)
    forecast_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))

    @property
    def slippage_days(self) -> int | None:
        """Days late (+) or early (-): actual, else forecast, against planned."""
        latest = self.actual_date or self.forecast_date
        return None if latest is None else (latest - self.planned_date).days


class Risk(RegisterRow, Base):
    """A programme risk rated impact 1-5 x likelihood 1-5 (both empty: unrated, as where a
    source gives no rating); RAG comes from register/rag.py."""

    __tablename__ = "risk"
    category: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text)
    impact: Mapped[int | None] = mapped_column(Integer)
    likelihood: Mapped[int | None] = mapped_column(Integer)
    published_rag: Mapped[str | None] = mapped_column(String(2))
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str | None] = mapped_column(String(120))
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id"))
    #: open or closed (a closed risk is kept, with its history, but no longer rated)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")

    @property
    def score(self) -> int | None:
        """Impact x likelihood (1-25); None for an unrated risk."""
        if self.impact is None or self.likelihood is None:
            return None
        return self.impact * self.likelihood


class LocalityMaturity(RegisterRow, Base):
    """A locality's maturity level (1-4) in one quarter: planned (003 phasing) and assessed."""

    __tablename__ = "locality_maturity"
    __table_args__ = (UniqueConstraint("locality", "quarter"),)
    locality: Mapped[str] = mapped_column(String(80))
    ccg: Mapped[str] = mapped_column(String(80))
    quarter: Mapped[str] = mapped_column(String(10))
    planned_level: Mapped[int | None] = mapped_column(Integer)
    assessed_level: Mapped[int | None] = mapped_column(Integer)
    investment_required: Mapped[bool] = mapped_column(Boolean, default=False)


class EnablerScore(RegisterRow, Base):
    """A locality's score (1 less advanced - 4 more advanced) on one of 003's five enablers."""

    __tablename__ = "enabler_score"
    __table_args__ = (UniqueConstraint("locality", "enabler", "assessed_quarter"),)
    locality: Mapped[str] = mapped_column(String(80))
    enabler: Mapped[str] = mapped_column(String(40))
    assessed_quarter: Mapped[str] = mapped_column(String(10))
    score: Mapped[int | None] = mapped_column(Integer)
    measure: Mapped[float | None] = mapped_column(Float)


class QippTarget(RegisterRow, Base):
    """An organisation's QIPP target for a year and its aspirational headroom (percent)."""

    __tablename__ = "qipp_target"
    __table_args__ = (UniqueConstraint("organisation", "year"),)
    organisation: Mapped[str] = mapped_column(String(80))
    year: Mapped[str] = mapped_column(String(7))
    target_gbp: Mapped[float] = mapped_column(Float)
    headroom_pct: Mapped[float] = mapped_column(Float, default=20.0)


class Kpi(RegisterRow, Base):
    """A KPI a programme is judged by: a measure at an organisation (its trajectory is in the
    scenario's kpi_trajectories.csv, its actuals in the actuals file)."""

    __tablename__ = "kpi"
    __table_args__ = (UniqueConstraint("measure", "org"),)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id"))
    measure: Mapped[str] = mapped_column(String(80))
    org: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    improvement_direction: Mapped[str] = mapped_column(String(10))


class KpiActual(RegisterRow, Base):
    """One month's actual of a KPI at an organisation, uploaded from the app (key
    `measure:org:YYYY-MM`); value, or numerator and denominator, as the long actuals format."""

    __tablename__ = "kpi_actual"
    __table_args__ = (UniqueConstraint("measure", "org", "period"),)
    measure: Mapped[str] = mapped_column(String(80))
    org: Mapped[str] = mapped_column(String(80))
    period: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)


class ScenarioVersion(Base):
    """A saved what-if scenario: its files as JSON, their hash, parent, author, message and
    the levers it was saved with. `parent_id` may name a version of another scenario: the
    first version of a branch ("save as a new scenario") names the version it came from."""

    __tablename__ = "scenario_version"
    __table_args__ = (UniqueConstraint("name", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120))
    seq: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("scenario_version.id"))
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(120))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    #: the what-if levers the version was saved with (JSON, investment level included);
    #: None for versions saved from files rather than from the app's levers
    levers: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditEntry(Base):
    """One changed field: who, when, which row, old and new value, and the row's new version."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    author: Mapped[str] = mapped_column(String(120))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    action: Mapped[str] = mapped_column(String(10))
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column(Integer)


REGISTER_MODELS: dict[str, type[RegisterRow]] = {
    "programmes": Programme,
    "schemes": Scheme,
    "milestones": Milestone,
    "risks": Risk,
    "maturity": LocalityMaturity,
    "enablers": EnablerScore,
    "qipp_targets": QippTarget,
    "kpis": Kpi,
}
ENTITY_NAMES = {model.__tablename__: register for register, model in REGISTER_MODELS.items()}
