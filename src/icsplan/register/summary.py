"""The register's report tables, computed from the database as plain DataFrames.

* QIPP pipeline (per organisation and year with a target): delivered, in progress, scoping,
  identified, gap and headroom, computed by `finance.qipp` (QIPP's one home).
* Milestone slippage: forecast (or actual) minus planned date, in days.
* Risk heat map: counts of risks by impact x likelihood (5 x 5), each cell's rating under
  the banding, and the top risks by score.
* Maturity: share of localities at each level per quarter, planned and assessed (seed 002's
  KPI "localities at each level of development").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from icsplan.finance.qipp import qipp_position
from icsplan.register.models import (
    Kpi,
    LocalityMaturity,
    Milestone,
    Programme,
    QippTarget,
    Risk,
    Scheme,
)
from icsplan.register.rag import DEFAULT_BANDING, Banding, rag


def qipp_pipeline(session: Session) -> pd.DataFrame:
    """QIPP identified, delivered, gap and headroom against target, per organisation and year
    (arithmetic in `finance.qipp`, shared with the scenario's QIPP tables)."""
    schemes = pd.DataFrame([
        {"org": s.organisation, "year": s.year, "status": s.status,
         "value_gbp": s.forecast_net_saving_gbp} for s in session.scalars(select(Scheme))],
        columns=["org", "year", "status", "value_gbp"])
    targets = pd.DataFrame([
        {"org": t.organisation, "year": t.year, "target_gbp": t.target_gbp,
         "headroom_pct": t.headroom_pct}
        for t in session.scalars(select(QippTarget).order_by(QippTarget.organisation,
                                                             QippTarget.year))],
        columns=["org", "year", "target_gbp", "headroom_pct"])
    if targets.empty:
        return pd.DataFrame()
    p = qipp_position(targets, schemes)
    return pd.DataFrame({
        "organisation": p["org"], "year": p["year"], "target_gbp": p["target_gbp"],
        "delivered_gbp": p["delivered_gbp"], "in_progress_gbp": p["in_progress_gbp"],
        "scoping_gbp": p["scoping_gbp"], "identified_gbp": p["identified_gbp"],
        "gap_gbp": p["planning_gap_gbp"], "headroom_target_gbp": p["headroom_target_gbp"],
        "target_with_headroom_gbp": p["target_gbp"] + p["headroom_target_gbp"],
        "schemes": p["schemes"]})


def schemes_by_programme(session: Session) -> pd.DataFrame:
    """Planned and forecast net savings (GBP) by programme and status."""
    frame = pd.DataFrame([
        {"programme": s.programme, "status": s.status, "planned_gbp": s.planned_net_saving_gbp,
         "forecast_gbp": s.forecast_net_saving_gbp, "investment_gbp": s.investment_gbp}
        for s in session.scalars(select(Scheme))])
    if frame.empty:
        return frame
    out = frame.groupby(["programme", "status"], as_index=False).sum(numeric_only=True)
    counts = frame.groupby(["programme", "status"]).size().rename("schemes").reset_index()
    return out.merge(counts, on=["programme", "status"])


def milestone_slippage(session: Session) -> pd.DataFrame:
    """Each milestone with its planned, forecast and actual dates and slippage in days."""
    rows = [{"id": m.id, "scheme_id": m.scheme_id, "milestone": m.name,
             "planned_date": m.planned_date, "forecast_date": m.forecast_date,
             "actual_date": m.actual_date, "status": m.status,
             "slippage_days": m.slippage_days}
            for m in session.scalars(select(Milestone).order_by(Milestone.planned_date))]
    return pd.DataFrame(rows, columns=["id", "scheme_id", "milestone", "planned_date",
                                       "forecast_date", "actual_date", "status",
                                       "slippage_days"])


SIGNAL_FACTS = ("scheme_id", "scheme", "initiative", "scheme_status", "planned_net_saving_gbp",
                "forecast_net_saving_gbp", "milestone", "planned_date", "forecast_date",
                "actual_date", "milestone_status")


def signal_facts(session: Session) -> pd.DataFrame:
    """Each scheme linked to an initiative, once per milestone (once with no milestone when it
    has none): what the forecast's register rules read (`forecast.register`)."""
    milestones: dict[str, list[Milestone]] = {}
    for m in session.scalars(select(Milestone).order_by(Milestone.planned_date, Milestone.id)):
        milestones.setdefault(m.scheme_id, []).append(m)
    rows = []
    for sc in session.scalars(select(Scheme).where(Scheme.initiative.is_not(None))
                              .order_by(Scheme.id)):
        base = {"scheme_id": sc.id, "scheme": sc.name, "initiative": sc.initiative,
                "scheme_status": sc.status, "planned_net_saving_gbp": sc.planned_net_saving_gbp,
                "forecast_net_saving_gbp": sc.forecast_net_saving_gbp}
        for m in milestones.get(sc.id, []) or [None]:
            rows.append({**base, "milestone": m.name if m else None,
                         "planned_date": m.planned_date if m else None,
                         "forecast_date": m.forecast_date if m else None,
                         "actual_date": m.actual_date if m else None,
                         "milestone_status": m.status if m else None})
    return pd.DataFrame(rows, columns=list(SIGNAL_FACTS))


@dataclass(frozen=True)
class RiskSummary:
    """The risk register summarised: every risk rated, the 5 x 5 counts, the top risks."""

    risks: pd.DataFrame
    heat_map: pd.DataFrame  # impact, likelihood, count, score, rag
    top: pd.DataFrame


def risk_summary(session: Session, banding: Banding = DEFAULT_BANDING,
                 top_n: int = 5) -> RiskSummary:
    """Rate every open risk under the banding and count them by impact x likelihood (a closed
    risk is kept in the register with its history, but no longer rated here)."""
    risks = pd.DataFrame([
        {"id": r.id, "category": r.category, "description": r.description,
         "impact": r.impact, "likelihood": r.likelihood, "score": r.score,
         "rag": rag(r.score, banding), "published_rag": r.published_rag,
         "owner": r.owner, "mitigation": r.mitigation}
        for r in session.scalars(select(Risk).where(Risk.status != "closed")
                                 .order_by(Risk.id))],
        columns=["id", "category", "description", "impact", "likelihood", "score", "rag",
                 "published_rag", "owner", "mitigation"])
    cells = pd.MultiIndex.from_product([range(1, 6), range(1, 6)],
                                       names=["impact", "likelihood"])
    counts = risks.groupby(["impact", "likelihood"]).size().reindex(cells, fill_value=0)
    heat = counts.rename("count").reset_index()
    heat["score"] = heat.impact * heat.likelihood
    heat["rag"] = [rag(s, banding) for s in heat.score]
    top = risks.dropna(subset=["score"]).sort_values(
        ["score", "impact", "id"], ascending=[False, False, True]).head(top_n)
    return RiskSummary(risks, heat, top.reset_index(drop=True))


def maturity_shares(session: Session) -> pd.DataFrame:
    """Share of localities at each level per quarter, planned and assessed (long format)."""
    rows = [{"quarter": m.quarter, "locality": m.locality, "planned": m.planned_level,
             "assessed": m.assessed_level}
            for m in session.scalars(select(LocalityMaturity))]
    frame = pd.DataFrame(rows, columns=["quarter", "locality", "planned", "assessed"])
    if frame.empty:
        return pd.DataFrame(columns=["quarter", "measure", "level", "localities", "share"])
    localities = frame.locality.nunique()
    long = frame.melt(id_vars=["quarter", "locality"], value_vars=["planned", "assessed"],
                      var_name="measure", value_name="level").dropna(subset=["level"])
    out = (long.groupby(["quarter", "measure", "level"]).size().rename("localities")
           .reset_index())
    out["level"] = out.level.astype(int)
    out["share"] = out.localities / localities
    return out.sort_values(["measure", "quarter", "level"]).reset_index(drop=True)


def programme_milestones(session: Session) -> pd.DataFrame:
    """Each milestone's status by programme, project (its scheme's name) and milestone name:
    what the programme portfolio reads to rate milestones (programmes.portfolio)."""
    rows = session.execute(select(Scheme.programme_id, Scheme.name, Milestone.name,
                                  Milestone.status, Milestone.planned_date)
                           .join(Scheme, Milestone.scheme_id == Scheme.id)
                           .where(Scheme.programme_id.is_not(None)))
    frame = pd.DataFrame(list(rows), columns=["programme", "project", "milestone", "status",
                                              "planned_date"])
    frame["due_quarter"] = [_quarter(d) for d in frame.pop("planned_date")]
    return frame


def _quarter(date: object) -> str | None:
    """The financial quarter of a date: 2019-06-30 -> "2019/20 Q1"."""
    if date is None or pd.isna(date):
        return None
    start = date.year - (date.month < 4)
    return f"{start}/{(start + 1) % 100:02d} Q{(date.month - 4) % 12 // 3 + 1}"


def programme_summary(session: Session, banding: Banding = DEFAULT_BANDING) -> pd.DataFrame:
    """One row per programme: its schemes, savings, milestones (late, complete), risks
    (rated, red) and KPIs, read from the register."""
    columns = ["programme", "name", "area", "scope", "schemes", "planned_net_saving_gbp",
               "forecast_net_saving_gbp", "milestones", "milestones_late",
               "milestones_complete", "risks", "risks_rated", "risks_red", "kpis"]
    programmes = list(session.scalars(select(Programme).order_by(Programme.id)))
    if not programmes:
        return pd.DataFrame(columns=columns)
    schemes = pd.DataFrame([(s.id, s.programme_id, s.planned_net_saving_gbp,
                             s.forecast_net_saving_gbp) for s in session.scalars(select(Scheme))],
                           columns=["id", "programme", "planned", "forecast"])
    owner = dict(zip(schemes["id"], schemes["programme"], strict=True))
    ms = pd.DataFrame([(owner.get(m.scheme_id), m.status, m.slippage_days)
                       for m in session.scalars(select(Milestone))],
                      columns=["programme", "status", "slip"])
    risks = pd.DataFrame([(r.programme_id, r.score) for r in session.scalars(
        select(Risk).where(Risk.status != "closed"))],
                         columns=["programme", "score"])
    kpis = pd.DataFrame([(k.programme_id,) for k in session.scalars(select(Kpi))],
                        columns=["programme"])
    rows = []
    for p in programmes:
        mine = schemes[schemes["programme"] == p.id]
        m = ms[ms["programme"] == p.id]
        r = risks[risks["programme"] == p.id]
        rows.append({"programme": p.id, "name": p.name, "area": p.area, "scope": p.scope,
                     "schemes": len(mine), "planned_net_saving_gbp": float(mine["planned"].sum()),
                     "forecast_net_saving_gbp": float(mine["forecast"].sum()),
                     "milestones": len(m), "milestones_late": int((m["slip"] > 0).sum()),
                     "milestones_complete": int((m["status"] == "complete").sum()),
                     "risks": len(r), "risks_rated": int(r["score"].notna().sum()),
                     "risks_red": int(sum(rag(x, banding) == "R" for x in r["score"])),
                     "kpis": int((kpis["programme"] == p.id).sum())})
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class RegisterSummary:
    """Everything the register report shows, read in one transaction."""

    qipp: pd.DataFrame
    programmes: pd.DataFrame
    milestones: pd.DataFrame
    risks: RiskSummary
    maturity: pd.DataFrame
    banding: Banding
    # each milestone's status by programme, project (its scheme) and name: the portfolio's RAG
    programme_milestones: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["programme", "project", "milestone", "status", "due_quarter"]))
    by_programme: pd.DataFrame = field(default_factory=pd.DataFrame)  # programme_summary
    # each scheme with its initiative, money and milestones: the forecast's register signals
    signal_facts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=list(SIGNAL_FACTS)))


def summarise(session: Session, banding: Banding = DEFAULT_BANDING) -> RegisterSummary:
    """The register's report tables (QIPP, schemes, milestones, risks, maturity)."""
    return RegisterSummary(qipp_pipeline(session), schemes_by_programme(session),
                           milestone_slippage(session), risk_summary(session, banding),
                           maturity_shares(session), tuple(banding),
                           programme_milestones(session), programme_summary(session, banding),
                           signal_facts(session))
