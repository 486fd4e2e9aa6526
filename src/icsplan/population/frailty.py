"""The electronic frailty index (eFI) and the multimorbidity count, as Ibis expressions.

eFI = distinct deficits recorded / 36 (Clegg et al. 2016), in the published categories:
fit <= 0.12, mild 0.12-0.24, moderate 0.24-0.36, severe > 0.36 (a category's upper bound is
inclusive).  The multimorbidity count is the number of long-term conditions (LTC codes in
`conditions.py`).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from icsplan.population.conditions import EFI_DEFICITS

FRAILTY_CUTS = (("fit", 0.12), ("mild", 0.24), ("moderate", 0.36))
FRAILTY_CATEGORIES = ("fit", "mild", "moderate", "severe")


def efi(deficits: ir.IntegerValue) -> ir.FloatingValue:
    """The eFI score (0-1) from a count of distinct deficits."""
    return deficits.cast("float64") / len(EFI_DEFICITS)


def frailty_category(score: ir.FloatingValue) -> ir.StringValue:
    """Fit / mild / moderate / severe from an eFI score (comparison on deficits avoids
    floating-point edge cases: 0.12 * 36 = 4.32, so fit is 0-4 deficits)."""
    deficits = score * len(EFI_DEFICITS)
    return ibis.cases(*((deficits <= cut * len(EFI_DEFICITS) + 1e-9, name)
                        for name, cut in FRAILTY_CUTS), else_="severe")


def with_frailty(features: ir.Table) -> ir.Table:
    """Add `efi`, `frailty` and `multimorbidity` to a features table (needs `deficits`,
    `ltc_count`)."""
    score = efi(features.deficits)
    return features.mutate(efi=score, frailty=frailty_category(score),
                           multimorbidity=features.ltc_count)
