"""Small-number suppression for aggregate outputs that leave the machine.

Counts from 1 to `threshold` (default 7, NHS England's usual rule) are suppressed: the cell
and any value derived from it (a share, a rate, a cost) are written as "*".  Zero is shown.

Primary suppression alone is undone by totals, so every table with totals also gets
complementary suppression (`icsplan.safety.suppression.protect`): segments (localities x
segments with the `all` row and the locality totals their shares reveal), calibration deciles
(against `evaluated_on` in risk_model.json) and baseline cells (against the scenario's
locality x pod baseline, which is public).  No hidden count can then be solved for from what
is published (docs/security.md).
"""

from __future__ import annotations

import numpy as np
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


def hide(frame: pd.DataFrame, mask, count: str, dependent: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy with `count` (and `dependent` columns) shown as "*" where `mask` is true."""
    out = frame.copy()
    mask = np.asarray(mask, bool)
    for col in (count, *dependent):
        out[col] = out[col].astype(object)
        out.loc[mask, col] = SUPPRESSED
    return out


def grid_hidden(table: pd.DataFrame, threshold: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells to hide of a two-way table (rows x columns, no totals in it) whose row totals,
    column totals and grand total are all published: (cells mask with the totals row
    appended, mask of the row totals with the grand total last)."""
    from icsplan.safety.suppression import margin_constraints, protect, with_margins

    values = table.to_numpy(dtype=float)
    index, constraints = margin_constraints(values.shape)
    hidden = protect(with_margins(values).ravel(), constraints, threshold)
    grid = hidden[index]
    return grid[:, :-1], grid[:, -1]


def grouped_hidden(values: pd.Series, groups: pd.Series, threshold: int) -> np.ndarray:
    """Cells to hide when each group's total is known from elsewhere (and cannot be hidden
    here): e.g. baseline cells against the scenario's locality x pod baseline."""
    from icsplan.safety.suppression import Constraint, protect

    n = len(values)
    codes, uniques = pd.factorize(groups)
    totals = np.bincount(codes, weights=values.to_numpy(dtype=float), minlength=len(uniques))
    cells = np.concatenate([values.to_numpy(dtype=float), totals])
    members: dict[int, list[int]] = {}
    for i, g in enumerate(codes):
        members.setdefault(int(g), []).append(i)
    constraints = [Constraint(tuple(m), n + g) for g, m in members.items()]
    fixed = np.zeros(len(cells), bool)
    fixed[n:] = True
    return protect(cells, constraints, threshold, fixed=fixed)[:n]


def listed_hidden(values: pd.Series, threshold: int) -> np.ndarray:
    """Cells to hide of a list whose total is published (and stays published)."""
    from icsplan.safety.suppression import Constraint, protect

    cells = np.append(values.to_numpy(dtype=float), float(values.sum()))
    fixed = np.zeros(len(cells), bool)
    fixed[-1] = True
    return protect(cells, [Constraint(tuple(range(len(values))), len(values))], threshold,
                   fixed=fixed)[:-1]
