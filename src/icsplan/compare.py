"""Compare two plans: the inputs that differ and the outputs that differ.

Either side is a scenario (built-in name or folder, run here) or a saved run (a folder
written by `icsplan run`, read back by `report.files.read_run`).  Inputs can be compared
only between two scenarios; outputs always: activity by pod and year, money by bridge step,
and the headline figures (the gap, the net saving at the horizon, the payback year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from icsplan.finance.phasing import InvestmentSummary
from icsplan.run_options import RunOptions
from icsplan.scenario.model import Scenario

INPUT_COLUMNS = ["table", "key", "column", "value_a", "value_b"]


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its label, its scenario (if any) and its output tables."""

    label: str
    scenario: Scenario | None
    activity: pd.DataFrame  # activity_summary: pod, year, baseline, momentum, planned, ...
    bridge: pd.DataFrame  # step, order, value_gbp, cumulative_gbp
    investment: InvestmentSummary | None  # investment level, net saving, payback year
    scenario_hash: str


@dataclass(frozen=True)
class Comparison:
    """What differs between two plans, as tables."""

    a: str
    b: str
    inputs: pd.DataFrame | None  # None when either side is a saved run
    activity: pd.DataFrame
    bridge: pd.DataFrame
    headline: pd.DataFrame


def run_side(scenario: Scenario, label: str, investment_level: float = 1.0) -> Side:
    """A scenario run here, as one side of a comparison."""
    from icsplan.pipeline import run_plan

    # a comparison reads activity and money only: the appraisal, beds and reconciliation
    # (most of a run's time) are left out, as in the app's what-if recompute
    plan = run_plan(scenario, RunOptions(investment_level=investment_level, reconcile=False,
                                         appraise_options=False, plan_beds=False))
    return Side(label=label, scenario=scenario, activity=plan.activity.summary,
                bridge=plan.finance.bridge, investment=plan.finance.investment_summary,
                scenario_hash=plan.manifest.scenario_hash)


def compare(a: Side, b: Side) -> Comparison:
    """Every difference between two sides, as tables."""
    inputs = (compare_inputs(a.scenario, b.scenario)
              if a.scenario is not None and b.scenario is not None else None)
    return Comparison(a=a.label, b=b.label, inputs=inputs,
                      activity=compare_activity(a.activity, b.activity),
                      bridge=compare_bridge(a.bridge, b.bridge),
                      headline=compare_headline(a, b))


DESCRIPTIVE = {"source", "description", "title", "unit", "frequency", "improvement",
               "assumptions", "subtotal_after", "mode", "status", "notes"}


def _key_columns(frame: pd.DataFrame) -> list[str]:
    """The columns that identify a row: its text columns, less names and descriptions."""
    return [c for c in frame.columns if c not in DESCRIPTIVE and "name" not in c
            and not pd.api.types.is_numeric_dtype(frame[c])]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return format(value, ".10g") if isinstance(value, float) else str(value)


def compare_table(name: str, a: pd.DataFrame, b: pd.DataFrame) -> list[dict[str, str]]:
    """Cell-level differences of one table, rows matched on their key columns."""
    keys = [c for c in _key_columns(a) if c in b.columns]
    columns = [c for c in dict.fromkeys([*a.columns, *b.columns]) if c not in keys]
    index_a = a.set_index(keys) if keys else a
    index_b = b.set_index(keys) if keys else b
    rows = []
    for key in dict.fromkeys([*index_a.index, *index_b.index]):
        label = "/".join(map(str, key)) if isinstance(key, tuple) else str(key)
        if key not in index_b.index:
            rows.append({"table": name, "key": label, "column": "(row)",
                         "value_a": "present", "value_b": "absent"})
            continue
        if key not in index_a.index:
            rows.append({"table": name, "key": label, "column": "(row)",
                         "value_a": "absent", "value_b": "present"})
            continue
        ra, rb = index_a.loc[[key]].iloc[0], index_b.loc[[key]].iloc[0]
        for col in columns:
            va = _text(ra.get(col)) if col in index_a.columns else ""
            vb = _text(rb.get(col)) if col in index_b.columns else ""
            if va != vb:
                rows.append({"table": name, "key": label, "column": col, "value_a": va,
                             "value_b": vb})
    return rows


def compare_inputs(a: Scenario, b: Scenario) -> pd.DataFrame:
    """The inputs that differ: metadata, every table cell, every initiative field."""
    rows: list[dict[str, str]] = []
    meta_a, meta_b = a.meta.model_dump(), b.meta.model_dump()
    for key in dict.fromkeys([*meta_a, *meta_b]):
        if meta_a.get(key) != meta_b.get(key):
            rows.append({"table": "scenario", "key": key, "column": "value",
                         "value_a": _text(meta_a.get(key)), "value_b": _text(meta_b.get(key))})
    for name in dict.fromkeys([*a.tables, *b.tables]):
        ta = a.tables.get(name, pd.DataFrame())
        tb = b.tables.get(name, pd.DataFrame())
        rows += compare_table(name, ta if len(ta.columns) else tb.iloc[0:0],
                              tb if len(tb.columns) else ta.iloc[0:0])
    ini_a = {i.id: _flatten(i.model_dump()) for i in a.initiatives}
    ini_b = {i.id: _flatten(i.model_dump()) for i in b.initiatives}
    for ident in dict.fromkeys([*ini_a, *ini_b]):
        fa, fb = ini_a.get(ident), ini_b.get(ident)
        if fa is None or fb is None:
            rows.append({"table": "initiatives", "key": ident, "column": "(initiative)",
                         "value_a": "present" if fa else "absent",
                         "value_b": "present" if fb else "absent"})
            continue
        for field in dict.fromkeys([*fa, *fb]):
            if fa.get(field) != fb.get(field):
                rows.append({"table": "initiatives", "key": ident, "column": field,
                             "value_a": _text(fa.get(field)), "value_b": _text(fb.get(field))})
    return pd.DataFrame(rows, columns=INPUT_COLUMNS)


def _flatten(value: object, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    if isinstance(value, list) and value and isinstance(value[0], dict):
        out = {}
        for k, v in enumerate(value):
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return {prefix.rstrip("."): value}


def compare_activity(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Momentum and planned activity by pod and year on each side, and the difference."""
    cols = ["pod", "year", "momentum", "planned"]
    both = a[cols].merge(b[cols], on=["pod", "year"], how="outer", suffixes=("_a", "_b"))
    both["planned_difference"] = both["planned_b"] - both["planned_a"]
    both["planned_difference_pct"] = 100 * both["planned_difference"] / both["planned_a"]
    both["momentum_difference"] = both["momentum_b"] - both["momentum_a"]
    return both.sort_values(["pod", "year"], kind="stable").reset_index(drop=True)


def compare_bridge(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Each bridge step's value (pounds) on each side and the difference."""
    cols = ["step", "value_gbp"]
    both = a[["order", *cols]].merge(b[cols], on="step", how="outer", suffixes=("_a", "_b"))
    both["difference_gbp"] = both["value_gbp_b"].fillna(0) - both["value_gbp_a"].fillna(0)
    return both.sort_values("order", kind="stable", na_position="last").reset_index(drop=True)


def _payback(investment: InvestmentSummary | None) -> str:
    if investment is None:
        return ""
    from icsplan.headline import payback_words

    return payback_words(investment.payback_year, float(investment.investment_gbp), None)


def compare_headline(a: Side, b: Side) -> pd.DataFrame:
    """The figures a board looks at first, side by side."""
    def gap(side: Side) -> float:
        return float(side.bridge["value_gbp"].sum()) if len(side.bridge) else float("nan")

    def net(side: Side) -> float:
        inv = side.investment
        return inv.net_saving_gbp if inv is not None else float("nan")

    rows = [("Bridge gap at the horizon", gap(a), gap(b)),
            ("Net saving at the horizon", net(a), net(b))]
    frame = pd.DataFrame(rows, columns=["measure", "a", "b"])
    frame["difference"] = frame["b"] - frame["a"]
    frame = frame.astype({"a": object, "b": object, "difference": object})
    payback = pd.DataFrame([{"measure": "Payback year", "a": _payback(a.investment),
                             "b": _payback(b.investment), "difference": ""}])
    inputs = pd.DataFrame([{"measure": "Inputs (SHA-256, first 12 characters)",
                            "a": a.scenario_hash[:12], "b": b.scenario_hash[:12],
                            "difference": "same" if a.scenario_hash == b.scenario_hash
                            else "different"}])
    return pd.concat([frame, payback, inputs], ignore_index=True)
