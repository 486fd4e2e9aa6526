"""Complementary (secondary) suppression: no small number hidden by primary suppression can be
worked out again from the published cells and totals of the same table.

A table is a list of cells (counts) and a list of constraints `sum(members) == total`, where
the total is itself a cell: a published `all` row, a total written elsewhere (`events` in
risk_model.json), or a total known from outside (the scenario's baseline per locality and
point of delivery).  A cell marked `fixed` is always published (it cannot be hidden here).

The algorithm (`protect`):

1. Primary: hide every count from 1 to the threshold.
2. Secondary, to a fixed point: a constraint with exactly one hidden cell gives that cell as
   its total minus the other cells, so hide one more cell of it: the smallest non-zero cell
   that may be hidden (a zero next, a total last, ties by position).  Repeat until no
   constraint has exactly one hidden cell.
3. Check as an attacker would (`disclosed`): for each group of hidden cells linked by
   constraints, find the least and the greatest value each hidden cell can take given every
   published cell and total and that counts are not negative (two linear programmes per cell,
   HiGHS through SciPy).  A cell whose range holds a single whole number is disclosed: hide
   the smallest cell that may be hidden in a constraint it belongs to, and go back to step 2.
   This catches the patterns rule 2 misses (in tables with margins in two or more
   directions, hidden cells can still pin one another).

The result: every hidden cell can take at least two whole values consistent with everything
published (tested by a property test that solves for hidden cells, tests/security/
test_suppression.py).  It is not optimal (it may hide more than the fewest cells needed); it
is simple, deterministic and checked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Constraint:
    """`sum(cells[members]) == cells[total]`: members and total are cell positions."""

    members: tuple[int, ...]
    total: int

    @property
    def cells(self) -> tuple[int, ...]:
        """Every cell of the constraint, the total last."""
        return (*self.members, self.total)


class CannotProtect(ValueError):
    """No suppression pattern of the cells that may be hidden protects every small count."""


def primary(values: Sequence[float], threshold: int) -> np.ndarray:
    """True where a count is from 1 to `threshold` (zero is shown)."""
    v = np.asarray(values, dtype=float)
    return (v >= 1) & (v <= threshold)


def protect(values: Sequence[float], constraints: Sequence[Constraint], threshold: int,
            fixed: Sequence[bool] | None = None) -> np.ndarray:
    """The cells to hide (a boolean array): primary suppression, then complementary
    suppression until no hidden cell can be worked out (module docstring)."""
    v = np.asarray(values, dtype=float)
    locked = np.zeros(len(v), bool) if fixed is None else np.asarray(fixed, bool)
    hidden = primary(v, threshold) & ~locked  # a fixed total is published by others anyway
    if threshold <= 0 or not hidden.any():
        return hidden
    totals = {c.total for c in constraints}
    by_cell: dict[int, list[Constraint]] = {}
    for c in constraints:
        for cell in c.cells:
            by_cell.setdefault(cell, []).append(c)
    while True:
        _single_hidden_rule(v, constraints, hidden, locked, totals)
        open_cells = disclosed(v, constraints, hidden)
        if not open_cells:
            return hidden
        for cell in open_cells:
            pool = {m for c in by_cell.get(cell, []) for m in c.cells}
            pick = _smallest(v, pool, hidden, locked, totals)
            if pick is None:
                raise CannotProtect(f"cell {cell} stays disclosed with every cell around it "
                                    "hidden")
            hidden[pick] = True
            break  # one at a time, then the cheap rule again


def _smallest(v: np.ndarray, pool, hidden: np.ndarray, locked: np.ndarray,
              totals: set[int]) -> int | None:
    """The cell to hide next: non-zero before zero, members before totals, smallest first."""
    choices = [i for i in pool if not hidden[i] and not locked[i]]
    if not choices:
        return None
    return min(choices, key=lambda i: (v[i] == 0, i in totals, v[i], i))


def _single_hidden_rule(v: np.ndarray, constraints: Sequence[Constraint], hidden: np.ndarray,
                        locked: np.ndarray, totals: set[int]) -> None:
    """Step 2: hide a second cell of every constraint with exactly one hidden, to a fixed
    point."""
    changed = True
    while changed:
        changed = False
        for c in constraints:
            cells = c.cells
            if sum(bool(hidden[i]) for i in cells) != 1:
                continue
            pick = _smallest(v, cells, hidden, locked, totals)
            if pick is not None:
                hidden[pick] = True
                changed = True


def _components(hidden_cells: list[int], constraints: Sequence[Constraint],
                hidden: np.ndarray) -> list[tuple[list[int], list[Constraint]]]:
    """Hidden cells grouped by the constraints linking them, each with its constraints."""
    parent = {i: i for i in hidden_cells}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    active = []
    for c in constraints:
        cells = [i for i in c.cells if hidden[i]]
        if not cells:
            continue
        active.append(c)
        for other in cells[1:]:
            parent[root(other)] = root(cells[0])
    groups: dict[int, tuple[list[int], list[Constraint]]] = {}
    for i in hidden_cells:
        groups.setdefault(root(i), ([], []))[0].append(i)
    for c in active:
        first = next(i for i in c.cells if hidden[i])
        groups[root(first)][1].append(c)
    return list(groups.values())


def ranges(values: Sequence[float], constraints: Sequence[Constraint],
           hidden: np.ndarray) -> dict[int, tuple[float, float]]:
    """The least and greatest value of each hidden cell given everything published and that
    counts are not negative (math.inf when unbounded)."""
    from scipy.optimize import linprog

    v = np.asarray(values, dtype=float)
    out: dict[int, tuple[float, float]] = {}
    for cells, cons in _components([int(i) for i in np.flatnonzero(hidden)], constraints,
                                   hidden):
        if not cons:
            out.update({i: (0.0, math.inf) for i in cells})
            continue
        if len(cons) == 1:  # one constraint: the ranges follow without a linear programme
            out.update(_one_constraint_ranges(v, cons[0], hidden))
            continue
        col = {cell: k for k, cell in enumerate(cells)}
        a = np.zeros((len(cons), len(cells)))
        b = np.zeros(len(cons))
        for r, c in enumerate(cons):  # sum(members) - total = 0
            for cell, sign in [*((m, 1.0) for m in c.members), (c.total, -1.0)]:
                if hidden[cell]:
                    a[r, col[cell]] += sign
                else:
                    b[r] -= sign * v[cell]
        for cell, k in col.items():
            cost = np.zeros(len(cells))
            cost[k] = 1.0
            low = linprog(cost, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
            high = linprog(-cost, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
            lo = low.fun if low.status == 0 else 0.0
            hi = -high.fun if high.status == 0 else math.inf
            out[cell] = (lo, hi)
    return out


def _one_constraint_ranges(v: np.ndarray, c: Constraint,
                           hidden: np.ndarray) -> dict[int, tuple[float, float]]:
    """Ranges of the hidden cells of a component held by one constraint
    `sum(members) == total`: with the total published, hidden members share what the
    published members leave (each from 0 to all of it, or exactly it when alone); with the
    total hidden, it is at least the published members' sum and nothing is bounded above
    (exactly that sum when no member is hidden)."""
    members = [m for m in c.members if hidden[m]]
    shown = float(sum(v[m] for m in c.members if not hidden[m]))
    if not hidden[c.total]:
        rest = float(v[c.total]) - shown
        if len(members) == 1:
            return {members[0]: (rest, rest)}
        return {m: (0.0, rest) for m in members}
    if not members:
        return {c.total: (shown, shown)}
    return {c.total: (shown, math.inf), **{m: (0.0, math.inf) for m in members}}


def disclosed(values: Sequence[float], constraints: Sequence[Constraint],
              hidden: np.ndarray) -> list[int]:
    """Hidden cells whose value the published cells and totals fix to one whole number."""
    found = []
    for cell, (lo, hi) in sorted(ranges(values, constraints, hidden).items()):
        if math.isfinite(hi) and math.floor(hi + 1e-6) <= math.ceil(lo - 1e-6):
            found.append(cell)
    return found


def margin_constraints(shape: Sequence[int]) -> tuple[np.ndarray, list[Constraint]]:
    """The cells and constraints of a table with every margin: a table of `shape` is held as
    an array of shape `(n + 1 for n in shape)` whose last position along each axis is the
    total over that axis (totals of totals included).  Returns the array of cell positions
    (index it like the table) and one constraint per line of the table along each axis."""
    ext = tuple(n + 1 for n in shape)
    index = np.arange(int(np.prod(ext))).reshape(ext)
    constraints = []
    for axis, n in enumerate(shape):
        moved = np.moveaxis(index, axis, -1).reshape(-1, n + 1)
        constraints += [Constraint(tuple(int(m) for m in line[:n]), int(line[n]))
                        for line in moved]
    return index, constraints


def with_margins(table: np.ndarray) -> np.ndarray:
    """`table` with a total appended along every axis (the layout of `margin_constraints`)."""
    out = np.asarray(table, dtype=float)
    for axis in range(out.ndim):
        out = np.concatenate([out, out.sum(axis=axis, keepdims=True)], axis=axis)
    return out
