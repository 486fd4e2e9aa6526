"""The savings-response curve: the share of full savings released at an investment level.

003 (Phasing of funding): "full investment releases full savings"; "25% investments release
12.5% savings".  The curve s(i) = i ** 1.5 passes through both points exactly
(0.25 ** 1.5 = 0.125, 1 ** 1.5 = 1), through (0, 0), rises monotonically and is convex:
small investments release proportionally less.  Levels are capped to 0-1: investing more
than the plan does not release more than the plan's savings.
"""

from __future__ import annotations

import numpy as np

RESPONSE_EXPONENT = 1.5


def savings_response(investment_level: float | np.ndarray) -> float | np.ndarray:
    """Share of full savings (0-1) released when `investment_level` (share of the planned
    investment, 0-1; values outside are capped) is invested."""
    level = np.clip(np.asarray(investment_level, dtype=float), 0.0, 1.0)
    share = level ** RESPONSE_EXPONENT
    return float(share) if share.ndim == 0 else share


def check_level(investment_level: float) -> float:
    """The investment level as a float, or a ValueError naming the allowed range."""
    level = float(investment_level)
    if not 0.0 <= level <= 1.0 or level != level:
        raise ValueError(f"investment level {investment_level} must be between 0 and 1 "
                         "(1 = the planned investment)")
    return level
