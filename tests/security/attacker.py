"""An attacker of suppressed tables, written apart from `safety.suppression`: given the
published cells (hidden ones unknown), the constraints `sum(members) == total` and that counts
are not negative, the least and greatest value each hidden cell can take (one linear programme
over the whole table, HiGHS).  A hidden cell whose range holds one whole number is disclosed."""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog


def solve_hidden(values, constraints, hidden) -> dict[int, tuple[float, float]]:
    """{cell: (least, greatest)} for every hidden cell; published cells are fixed."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    a = np.zeros((len(constraints), n))
    for r, (members, total) in enumerate(constraints):
        for m in members:
            a[r, m] += 1.0
        a[r, total] -= 1.0
    bounds = [(0, None) if hidden[i] else (values[i], values[i]) for i in range(n)]
    found = {}
    for i in np.flatnonzero(hidden):
        c = np.zeros(n)
        c[i] = 1.0
        lo = linprog(c, A_eq=a, b_eq=np.zeros(len(constraints)), bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a, b_eq=np.zeros(len(constraints)), bounds=bounds,
                     method="highs")
        assert lo.status == 0, "the published table is inconsistent"
        found[int(i)] = (lo.fun, -hi.fun if hi.status == 0 else math.inf)
    return found


def recovered(values, constraints, hidden) -> list[tuple[int, float]]:
    """Hidden cells the attacker pins to one whole number, with that number."""
    out = []
    for i, (lo, hi) in solve_hidden(values, constraints, hidden).items():
        if math.isfinite(hi) and math.floor(hi + 1e-6) <= math.ceil(lo - 1e-6):
            out.append((i, round(lo)))
    return out
