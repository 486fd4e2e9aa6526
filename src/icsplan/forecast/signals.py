"""The programme register's signals as data, and the stated rules that turn them into inputs
of the forecast.

`register_signals.csv` (optional; a plain table, so it works without a database) lists
signals about initiatives; with `icsplan run --db REGISTER` they come from the register's
schemes and milestones instead, by the rules of `register_rules.csv` (`forecast.register`).
The rules (`RULES`, shown in the report and docs/forecast.md):

* `slipped_milestone`: the initiative's phasing is read `slip_months / 12` years late
  (linearly between years, as the Monte Carlo's delays: `model.uncertainty.delayed_phasing`);
  several slips of one initiative add up.  The slip delays the activity the initiative
  removes, and so its savings; investment follows the plan's schedule.
* `at_risk`: the initiative's achieved share is drawn from an interval `widen_factor` times
  as wide as the actuals support (default `DEFAULT_WIDEN`); the largest factor given wins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.errors import Problem
from icsplan.forecast.mapping import ForecastError

DEFAULT_WIDEN = 2.0
RULES = pd.DataFrame([
    {"signal": "slipped_milestone",
     "rule": "the initiative's phasing is read slip_months / 12 years late (savings, not "
             "spending); slips of one initiative add up"},
    {"signal": "at_risk",
     "rule": f"the achieved share is drawn from an interval widen_factor (default "
             f"{DEFAULT_WIDEN:g}) times as wide as the actuals' process variation"},
])


def read_signals(scenario, table: pd.DataFrame | None = None
                 ) -> tuple[dict[str, float], dict[str, float]]:
    """Per initiative: years of slip, and the widening factor of its achievement interval
    (only initiatives with signals appear), from `table` (the register database's signals,
    `forecast.register`) or else the scenario's register_signals.csv."""
    if table is None:
        table = scenario.tables.get("register_signals")
    if table is None or table.empty:
        return {}, {}
    known = {ini.id for ini in scenario.initiatives}
    problems = [Problem("register_signals.csv", f"unknown initiative '{ini}' (not in "
                        "initiatives.yaml)", row=int(i) + 2, field="initiative")
                for i, ini in table["initiative"].items() if ini not in known]
    if problems:
        raise ForecastError(problems)
    slip: dict[str, float] = {}
    widen: dict[str, float] = {}
    for rec in table.to_dict(orient="records"):
        ini = rec["initiative"]
        if rec["signal"] == "slipped_milestone":
            slip[ini] = slip.get(ini, 0.0) + float(rec.get("slip_months") or 0.0) / 12.0
        else:
            factor = rec.get("widen_factor")
            factor = DEFAULT_WIDEN if factor is None or factor != factor else float(factor)
            widen[ini] = max(widen.get(ini, 1.0), factor)
    return slip, widen


def slip_array(scenario, slip: dict[str, float]) -> np.ndarray:
    """Years of slip per initiative in scenario order (0 where none)."""
    return np.array([slip.get(ini.id, 0.0) for ini in scenario.initiatives], dtype=float)
