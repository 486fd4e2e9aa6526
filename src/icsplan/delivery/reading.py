"""Plain-English readings of an SPC chart, one line each, for boards and screen readers."""

from __future__ import annotations

import math

import pandas as pd

VARIATION_TEXT = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause of improvement",
    "special_cause_concern": "Special cause of concern",
    "special_cause_neutral_high": "Special cause (neither better nor worse), high",
    "special_cause_neutral_low": "Special cause (neither better nor worse), low",
}
ASSURANCE_TEXT = {
    "consistent_pass": "the target is met every month unless the process changes",
    "consistent_fail": "the target is missed every month unless the process changes",
    "inconsistent": "the process will sometimes meet and sometimes miss the target",
}
PATTERN_TEXT = {
    "Above UCL": "the latest point is above the upper process limit",
    "Below LCL": "the latest point is below the lower process limit",
    "7 Point Trend (Increasing)": "{n} points rising in a row",
    "7 Point Trend (Decreasing)": "{n} points falling in a row",
    "2 in 3 Above CL": "2 of the last 3 points close to the upper limit",
    "2 in 3 Below CL": "2 of the last 3 points close to the lower limit",
    "7 Points Above CL": "{n} points above the mean",
    "7 Points Below CL": "{n} points below the mean",
}


def variation_reading(points: pd.DataFrame) -> str:
    """What the latest point of one series says, e.g. "Special cause of improvement: 7 points
    above the mean"."""
    observed = points[points["y"].notna()]
    if observed.empty:
        return "No data"
    last = observed.iloc[-1]
    head = VARIATION_TEXT[last["point_type"]]
    if last["point_type"] == "common_cause":
        return f"{head}: no signal in the latest point"
    kinds = observed["special_cause_type"].to_numpy()
    run = 0
    for kind in kinds[::-1]:
        if kind != last["special_cause_type"]:
            break
        run += 1
    return f"{head}: " + PATTERN_TEXT[last["special_cause_type"]].format(n=run)


def assurance_reading(assurance: object, target: float, lpl: float, upl: float,
                      unit: str) -> str:
    """What the latest limits say about the target, or that there is nothing to assure."""
    if not isinstance(assurance, str) or target is None or math.isnan(target):
        return "No target to assure against"
    fmt = _formatter(unit)
    return (f"Target {fmt(target)} against limits {fmt(lpl)} to {fmt(upl)}: "
            f"{ASSURANCE_TEXT[assurance]}")


def _formatter(unit: str):
    if unit == "%":
        return lambda v: f"{v:.1f}%"
    return lambda v: f"{v:,.1f}"
