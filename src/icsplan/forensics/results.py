"""Forensic results as reconciliation findings and as a per-plan summary."""

from __future__ import annotations

import pandas as pd

from icsplan.backtest.findings import FORENSICS, Finding
from icsplan.forensics.engine import RuleResult
from icsplan.forensics.plan import ForensicPlan


def _fmt(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".") if value == value else ""


def show(value: float, unit: str) -> str:
    """A value in a figure's unit as a planner writes it: £4,500k, 2.97%, 26."""
    if unit.startswith("£"):
        return f"{'-' if value < 0 else ''}£{_fmt(abs(value))}{unit[1:]}"
    return f"{_fmt(value)}{'%' if unit == '%' else ''}"


def _unit(plan: ForensicPlan, result: RuleResult) -> tuple[float, str]:
    """The display factor and unit of a rule: those of the first figure it names."""
    first = plan.figures[result.figures[0]]
    return first.factor, first.unit


def explain(plan: ForensicPlan, result: RuleResult) -> str:
    """The failure in words: figures as printed, the disagreement and the reading proposed."""
    rule = result.rule
    if result.passed:
        return rule.note
    factor, unit = _unit(plan, result)
    shown = ", ".join(f"{n} {plan.figures[n].printed}" for n in result.figures[:12])
    more = f" and {len(result.figures) - 12} more" if len(result.figures) > 12 else ""
    parts = [f"{rule.check.text} fails ({shown}{more})"]
    if result.error:
        parts.append(result.error)
    elif result.difference is not None and rule.check.op in ("=", ">=", "<="):
        parts.append(f"the sides differ by {show(result.difference / factor, unit)} "
                     f"(rounding allows {show(result.tolerance / factor, unit)})")
    if result.proposals:
        parts.append("reading that makes it hold: " + "; or ".join(
            p.describe() for p in result.proposals))
    elif result.needed:
        parts.append("no single slip of one figure makes it hold; it would hold with "
                     + "; or ".join(f"{n} = {show(v, plan.figures[n].unit)}"
                                    for n, v in result.needed[:4]))
    elif rule.check.op == "=":
        parts.append("no single slip of one figure makes it hold")
    if rule.note:
        parts.append(rule.note)
    return "; ".join(parts)


def forensic_findings(plan: ForensicPlan, results: list[RuleResult]) -> list[Finding]:
    """One finding per rule: "match" when it holds, "inconsistent" when the plan
    contradicts itself (the note gives the figures and the reading proposed)."""
    out = []
    for r in results:
        factor, _ = _unit(plan, r)
        section = r.rule.section or "rules"
        published = r.left / factor if r.left is not None else None
        recomputed = r.right / factor if r.right is not None else None
        out.append(Finding(f"{plan.name}{FORENSICS}{section}",
                           r.rule.description or r.rule.check.text, published, recomputed,
                           r.tolerance / factor, "match" if r.passed else "inconsistent",
                           explain(plan, r), r.rule.kind))
    return out


def plan_summary(plan: ForensicPlan, results: list[RuleResult]) -> dict:
    """Rules applied, passed and failed, and how many figures the rules reach."""
    checked = {n for r in results for n in r.figures}
    return {"plan": plan.name, "figures": len(plan.figures), "figures_checked": len(checked),
            "rules": len(results), "passed": sum(r.passed for r in results),
            "failed": sum(not r.passed for r in results),
            "unexpected": sum(1 for r in results if r.rule.expected
                              and r.rule.expected != r.status)}


def results_frame(plan: ForensicPlan, results: list[RuleResult]) -> pd.DataFrame:
    """One row per rule: the plan, rule, kind, section, check, status, sides, the reading."""
    rows = []
    for r in results:
        factor, unit = _unit(plan, r)
        best = r.proposals[0] if r.proposals else None
        rows.append({
            "plan": plan.name, "rule": r.rule.rule, "kind": r.rule.kind,
            "section": r.rule.section, "check": r.rule.check.text, "status": r.status,
            "left": None if r.left is None else r.left / factor,
            "right": None if r.right is None else r.right / factor,
            "difference": None if r.difference is None else r.difference / factor,
            "tolerance": r.tolerance / factor, "unit": unit,
            "figure": best.figure if best else "",
            "printed": best.printed if best else "",
            "reading": best.reading.text if best else "",
            "fault": best.reading.fault if best else "",
            "explanation": explain(plan, r)})
    return pd.DataFrame(rows, columns=["plan", "rule", "kind", "section", "check", "status",
                                       "left", "right", "difference", "tolerance", "unit",
                                       "figure", "printed", "reading", "fault",
                                       "explanation"])
