"""Small-number suppression for aggregate outputs that leave the machine.

Counts from 1 to `threshold` (default 7, NHS England's usual rule) are suppressed: the cell
and any value derived from it (a share, a rate, a cost) are written as "*".  Zero is shown.
Suppression is primary only: a suppressed cell can sometimes be recovered from a row total,
so do not publish totals beside a suppressed table without review (docs/population.md).
"""

from __future__ import annotations

import pandas as pd

from icsplan.population.settings import DEFAULT_THRESHOLD

SUPPRESSED = "*"


def small(counts: pd.Series, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """True where a count is between 1 and `threshold`."""
    values = pd.to_numeric(counts, errors="coerce")
    return (values >= 1) & (values <= threshold)


def suppress(frame: pd.DataFrame, count: str, dependent: tuple[str, ...] = (),
             threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """A copy with `count` (and `dependent` columns) shown as "*" where the count is small."""
    out = frame.copy()
    mask = small(out[count], threshold)
    for col in (count, *dependent):
        out[col] = out[col].astype(object)
        out.loc[mask, col] = SUPPRESSED
    return out
