"""The programme portfolio: each programme's money, milestones due this quarter, risks and
KPIs, and its RAG by a stated rule (never by hand).

Money per programme (pounds), from `programme_finance.csv`:
    investment = sum of the quantified investment lines
    savings    = sum of the quantified saving lines (else the gross saving lines)
    net        = the net saving the plan prints, else savings - investment when both are
                 quantified, else none
    unquantified = lines the plan gives without a figure ("TBC", "Currently being scoped")

RAG (`RAG_RULE`), the worst of:
    R  a KPI whose SPC assurance says it will consistently fail its target; a milestone
       recorded as delayed, or due before the current quarter and not complete
    A  a KPI whose latest point is a special cause of concern or misses its own target; a
       milestone recorded at risk; costs or benefits the plan does not quantify
    G  none of these, with evidence: at least one KPI tracked with actuals or one milestone
       assessed (a status other than "planned")
    not rated: nothing to judge by (no actuals, no milestone status, money quantified)

The current quarter is the quarter of the latest actual month when delivery is tracked,
otherwise the first quarter of the year after the plan's base year (mse-2019: 2019/20 Q1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.scenario.programme_schema import quarter_start
from icsplan.scenario.schema import year_label, year_start

if TYPE_CHECKING:
    from icsplan.delivery.track import DeliveryResult
    from icsplan.scenario.model import Scenario

RAG_RULE = (
    "R: a KPI whose SPC assurance says it will consistently fail its target, or a milestone "
    "delayed or overdue (due before the current quarter, not complete). A: a KPI whose latest "
    "point is a special cause of concern or misses its own target, a milestone at risk, or "
    "costs or benefits the plan does not quantify. G: none of these, with evidence (a KPI "
    "tracked with actuals or a milestone assessed beyond 'planned'). Not rated: nothing to "
    "judge by.")
ORDER = {"R": 0, "A": 1, "G": 2, "not rated": 3}
PORTFOLIO_COLUMNS = ["programme", "name", "area", "scope", "ccgs", "lead", "milestones",
                     "due_this_quarter", "risks", "risks_rated", "kpis", "investment_gbp",
                     "savings_gbp", "net_saving_gbp", "unquantified_lines", "rag", "rag_reason"]


@dataclass(frozen=True)
class Portfolio:
    """Every programme on one row, and the parts each programme page shows."""

    quarter: str  # the current quarter, e.g. "2019/20 Q1"
    programmes: pd.DataFrame  # PORTFOLIO_COLUMNS
    milestones: pd.DataFrame  # programme_milestones with `due_this_quarter` and `status`
    risks: pd.DataFrame
    finance: pd.DataFrame
    kpis: pd.DataFrame  # kpi_measures with trajectory text and, when tracked, SPC summary
    rule: str = RAG_RULE


def current_quarter(scenario: Scenario, delivery: DeliveryResult | None = None) -> str:
    """The quarter the portfolio reports on (see the module docstring)."""
    if delivery is not None and not delivery.kpi_summary.empty:
        latest = pd.Period(max(delivery.kpi_summary["latest_period"]), freq="M")
        start = latest.year - (latest.month < 4)
        return f"{year_label(start)} Q{(latest.month - 4) % 12 // 3 + 1}"
    return f"{year_label(year_start(scenario.meta.base_year) + 1)} Q1"


def _quarter_index(label: str) -> float:
    if not isinstance(label, str) or not label:
        return np.nan
    year, q = quarter_start(label)
    return year * 4 + q - 1


def programme_money(finance: pd.DataFrame) -> pd.DataFrame:
    """Investment, savings, net saving and unquantified lines per programme (pounds)."""
    rows = []
    for programme, lines in finance.groupby("programme", sort=False):
        value = pd.to_numeric(lines["value_gbp"], errors="coerce")
        known = value.notna()

        def total(kind: str, lines=lines, value=value, known=known) -> float:
            mask = (lines["kind"] == kind) & known
            return float(value[mask].sum()) if mask.any() else np.nan

        invest, saving, gross, printed_net = (total(k) for k in (
            "investment", "saving", "gross_saving", "net_saving"))
        savings = saving if not np.isnan(saving) else gross
        net = printed_net if not np.isnan(printed_net) else (
            savings - invest if not (np.isnan(savings) or np.isnan(invest)) else np.nan)
        rows.append({"programme": programme, "investment_gbp": invest, "savings_gbp": savings,
                     "net_saving_gbp": net, "unquantified_lines": int((~known).sum())})
    return pd.DataFrame(rows, columns=["programme", "investment_gbp", "savings_gbp",
                                       "net_saving_gbp", "unquantified_lines"])


def portfolio(scenario: Scenario, delivery: DeliveryResult | None = None,
              milestone_status: pd.DataFrame | None = None) -> Portfolio:
    """The portfolio of the scenario's programmes; `milestone_status` (programme, project,
    milestone, status and, to tell repeated milestones apart, due_quarter) from the register
    when one is read, `delivery` when tracked."""
    quarter = current_quarter(scenario, delivery)
    now = _quarter_index(quarter)
    programmes = scenario.table("programmes")
    milestones = scenario.table("programme_milestones").copy()
    due = milestones["due_quarter"].map(_quarter_index)
    milestones["due_this_quarter"] = due == now
    if milestone_status is not None and not milestone_status.empty:
        keys = ["programme", "project", "milestone"] + (
            ["due_quarter"] if "due_quarter" in milestone_status.columns else [])
        status = milestone_status[[*keys, "status"]].drop_duplicates(keys, keep="last")
        milestones = milestones.merge(status, how="left", on=keys)
    else:
        milestones["status"] = None
    overdue = (due < now) & ~milestones["status"].isin(["complete", "cancelled"]) & \
        milestones["status"].notna()
    milestones["overdue"] = overdue
    risks = scenario.table("programme_risks")
    finance = scenario.table("programme_finance")
    kpis = _kpis(scenario, delivery)
    money = programme_money(finance).set_index("programme")
    rows = []
    for p in programmes.itertuples(index=False):
        mine = milestones[milestones["programme"] == p.programme]
        my_risks = risks[risks["programme"] == p.programme]
        my_kpis = kpis[kpis["programme"] == p.programme]
        cash = money.loc[p.programme] if p.programme in money.index else None
        unquantified = int(cash["unquantified_lines"]) if cash is not None else 0
        rag, reason = _rag(mine, my_kpis, unquantified)
        rows.append({
            "programme": p.programme, "name": p.name, "area": p.area, "scope": p.scope,
            "ccgs": p.ccgs, "lead": p.lead, "milestones": len(mine),
            "due_this_quarter": int(mine["due_this_quarter"].sum()), "risks": len(my_risks),
            "risks_rated": int((my_risks["rating"] != "").sum()), "kpis": len(my_kpis),
            "investment_gbp": cash["investment_gbp"] if cash is not None else np.nan,
            "savings_gbp": cash["savings_gbp"] if cash is not None else np.nan,
            "net_saving_gbp": cash["net_saving_gbp"] if cash is not None else np.nan,
            "unquantified_lines": unquantified, "rag": rag, "rag_reason": reason})
    frame = pd.DataFrame(rows, columns=PORTFOLIO_COLUMNS)
    return Portfolio(quarter, frame, milestones, risks, finance, kpis)


def _kpis(scenario: Scenario, delivery: DeliveryResult | None) -> pd.DataFrame:
    measures = scenario.table("kpi_measures")
    trajectories = scenario.table("kpi_trajectories")
    text = {}
    for (m, o), rows in trajectories.groupby(["measure", "org"], sort=False):
        parts = [f"{r.line}: {r.target:g} in {r.year}{' ' + r.period if r.period else ''}"
                 for r in rows.itertuples(index=False)]
        text[(m, o)] = "; ".join(parts)
    out = measures.copy()
    out["trajectory_text"] = [text.get((m, o), "") for m, o in
                              zip(out["measure"], out["org"], strict=True)]
    tracked = ["latest_period", "latest_value", "target", "variation", "assurance",
               "points_meeting_target", "points_with_target"]
    if delivery is not None and not delivery.kpi_summary.empty:
        summary = delivery.kpi_summary
        extra = [c for c in summary.columns if c not in out.columns or c in ("measure", "org")]
        out = out.merge(summary[extra], on=["measure", "org"], how="left")
    else:
        for col in tracked:
            out[col] = None
    return out


def _rag(milestones: pd.DataFrame, kpis: pd.DataFrame, unquantified: int) -> tuple[str, str]:
    """The programme's RAG by `RAG_RULE` and the reasons for it."""
    red, amber = [], []
    if (kpis["assurance"] == "consistent_fail").any():
        red.append("a KPI will consistently fail its target")
    if (milestones["status"] == "delayed").any() or milestones["overdue"].any():
        red.append("a milestone is delayed or overdue")
    if (kpis["variation"] == "special_cause_concern").any():
        amber.append("a KPI shows special cause of concern")
    missed = kpis["latest_value"].notna() & kpis["target"].notna() & (
        kpis["points_meeting_target"] < kpis["points_with_target"])
    if missed.any():
        amber.append("a KPI has missed its own period's target")
    if (milestones["status"] == "at_risk").any():
        amber.append("a milestone is at risk")
    if unquantified:
        amber.append(f"{unquantified} cost or benefit line(s) not quantified")
    if red:
        return "R", "; ".join(red + amber)
    if amber:
        return "A", "; ".join(amber)
    assessed = milestones["status"].notna() & (milestones["status"] != "planned")
    evidence = kpis["latest_value"].notna().any() or assessed.any()
    return ("G", "no concern in tracked KPIs or milestones") if evidence else (
        "not rated", "no actuals or milestone status to judge by")
