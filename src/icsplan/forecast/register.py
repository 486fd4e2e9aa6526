"""The programme register's schemes and milestones as the forecast's signals, by stated rules
held as data.

`icsplan run --actuals FILE --db REGISTER` reads each scheme linked to an initiative with its
milestones (`register.summary.signal_facts`) and applies the rules of `register_rules.csv` (the
scenario's own, else the defaults beside this module):

* a milestone has **slipped** when its expected date (actual when met, else forecast) is at
  least `min_slip_days` after its planned date; the slips of one scheme combine by
  `combine` (the largest, or their sum) and, read in months (`days_per_month`), delay the
  scheme's initiative's phasing (`signals.RULES`: slips of one initiative add up);
* a scheme is **at risk** when one of its milestones has a status in `milestone_status`, or
  its forecast net saving falls `forecast_shortfall_pct`% or more below its planned one; its
  initiative then draws its achieved share from an interval `widen_factor` times as wide;
* schemes whose status is in `skip_scheme_status`, and milestones in `skip_status`, give no
  signal.

The result has the columns of `register_signals.csv` (initiative, signal, slip_months,
widen_factor, source), so the rest of the forecast reads it as it reads that table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from icsplan.errors import Problem
from icsplan.forecast.mapping import ForecastError

DEFAULTS = Path(__file__).with_name("register_rules.csv")
SIGNAL_COLUMNS = ["initiative", "signal", "slip_months", "widen_factor", "source"]


def register_rules(scenario) -> pd.DataFrame:
    """The rules the scenario states (`register_rules.csv`), else the built-in defaults."""
    table = scenario.tables.get("register_rules")
    if table is not None and not table.empty:
        return table
    return pd.read_csv(DEFAULTS, dtype=str, keep_default_na=False)


def _params(rules: pd.DataFrame) -> dict[tuple[str, str], str]:
    defaults = pd.read_csv(DEFAULTS, dtype=str, keep_default_na=False)
    out = {(r["signal"], r["parameter"]): str(r["value"]) for r in defaults.to_dict("records")}
    out.update({(r["signal"], r["parameter"]): "" if r["value"] is None else str(r["value"])
                for r in rules.to_dict("records")})
    return out


def _number(params: dict, key: tuple[str, str]) -> float | None:
    text = params.get(key, "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ForecastError([Problem("register_rules.csv", f"{key[0]} {key[1]} must be a "
                                     "number", field="value", value=text)]) from None


def _set(params: dict, key: tuple[str, str]) -> set[str]:
    return {v.strip() for v in params.get(key, "").split(";") if v.strip()}


def _date(value: object) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp


def _slips(facts: pd.DataFrame, params: dict) -> list[dict]:
    """One slipped_milestone signal per scheme with a slipped milestone."""
    least = _number(params, ("slipped_milestone", "min_slip_days")) or 1.0
    per_month = _number(params, ("slipped_milestone", "days_per_month")) or 30.4375
    combine = params.get(("slipped_milestone", "combine"), "max").strip() or "max"
    if combine not in ("max", "sum"):
        raise ForecastError([Problem("register_rules.csv", "slipped_milestone combine must "
                                     "be max or sum", field="value", value=combine)])
    skip = _set(params, ("slipped_milestone", "skip_status"))
    out = []
    for scheme_id, rows in facts.groupby("scheme_id", sort=False):
        slipped = []
        for rec in rows.to_dict("records"):
            planned = _date(rec["planned_date"])
            expected = _date(rec["actual_date"]) or _date(rec["forecast_date"])
            if rec["milestone_status"] in skip or planned is None or expected is None:
                continue
            days = (expected - planned).days
            if days >= least:
                slipped.append((days, f"{rec['milestone']} planned {planned.date()}, "
                                      f"expected {expected.date()}"))
        if not slipped:
            continue
        days = max(d for d, _ in slipped) if combine == "max" else sum(d for d, _ in slipped)
        named = "; ".join(text for _, text in slipped)
        out.append({"initiative": rows["initiative"].iloc[0], "signal": "slipped_milestone",
                    "slip_months": days / per_month, "widen_factor": None,
                    "source": f"register: scheme {scheme_id} ({rows['scheme'].iloc[0]}), "
                              f"{named} ({combine} slip {days} days)"})
    return out


def _at_risk(facts: pd.DataFrame, params: dict) -> list[dict]:
    """One at_risk signal per scheme the rules read as at risk."""
    statuses = _set(params, ("at_risk", "milestone_status"))
    shortfall = _number(params, ("at_risk", "forecast_shortfall_pct"))
    widen = _number(params, ("at_risk", "widen_factor"))
    out = []
    for scheme_id, rows in facts.groupby("scheme_id", sort=False):
        first = rows.iloc[0]
        why = [f"milestone {m} is {s}" for m, s in zip(rows["milestone"],
                                                       rows["milestone_status"], strict=True)
               if s in statuses]
        planned = float(first["planned_net_saving_gbp"] or 0.0)
        forecast = float(first["forecast_net_saving_gbp"] or 0.0)
        if shortfall is not None and planned > 0 and forecast <= planned * (1 - shortfall / 100):
            why.append(f"forecast net saving £{forecast:,.0f} is "
                       f"{100 * (1 - forecast / planned):.0f}% below planned £{planned:,.0f}")
        if why:
            out.append({"initiative": first["initiative"], "signal": "at_risk",
                        "slip_months": 0.0, "widen_factor": widen,
                        "source": f"register: scheme {scheme_id} ({first['scheme']}) at risk: "
                                  + "; ".join(why)})
    return out


def register_signals(scenario, facts: pd.DataFrame | None) -> pd.DataFrame | None:
    """The register's signals by the scenario's rules, as a register_signals table (None when
    no register was given).  A scheme linked to an initiative the scenario does not have is
    one problem each."""
    if facts is None:
        return None
    params = _params(register_rules(scenario))
    skip = _set(params, ("any", "skip_scheme_status"))
    facts = facts[~facts["scheme_status"].isin(skip)]
    known = {ini.id for ini in scenario.initiatives}
    unknown = sorted(set(facts["initiative"]) - known)
    if unknown:
        raise ForecastError([Problem("register (--db)", f"scheme linked to initiative '{ini}', "
                                     "which the scenario does not have", field="initiative",
                                     value=ini) for ini in unknown])
    rows = _slips(facts, params) + _at_risk(facts, params)
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)
