"""The result of a waiting-list plan, as a value the plan holds (`Plan.waiting_list`): kept
apart from `plan_link`, which reads the plan, so that `pipeline` can name the type without
an import circle."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class WaitingListResult:
    """Every table of a waiting-list plan (tidy frames, ready to write)."""

    actuals: pd.DataFrame  # month, measures of the actual list (system total)
    parameters: pd.DataFrame  # months_waited, renege_param, capacity_param
    projection: pd.DataFrame  # month, referrals, capacity, measures (system total)
    answers: pd.DataFrame  # question, value, unit, status, basis
    bridge_option: pd.DataFrame  # step, value_gbp, basis, in_bridge
    odds: pd.DataFrame  # measure, month, probability, p10, p50, p90
    spc: pd.DataFrame | None  # the actual share within 18 weeks and over 52 weeks as SPC
    assumptions: tuple[str, ...]
