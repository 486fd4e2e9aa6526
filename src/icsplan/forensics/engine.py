"""Plan forensics: check a plan's own arithmetic and say which figure is probably wrong.

Each rule is checked at the figures' printed rounding: a figure stands for the interval of
values that round to it (or its printed range), the check's two sides are evaluated with
interval arithmetic, and the rule holds when the two intervals meet (`=`) or can be ordered
as stated (`>=`, `<=`).  The disagreement is the gap between the sides' middles.

When an equality rule fails, every figure it names is read again with one slip of each class in
`readings` (a sign, swapped digits, a misplaced decimal, a unit slip, a dropped, extra or
misread digit).  A reading is proposed when it makes the failing rule hold and breaks no
rule that held; proposals are ranked by how many failing rules they repair, then by the
slip's likelihood, then by how little they change the figure.  For a rule that no single
slip repairs, the value each figure would need (all others as printed) is reported instead.
Inequalities (targets, series) report the disagreement only: too many readings satisfy them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from icsplan.forensics.expression import evaluate, series
from icsplan.forensics.figures import Figure
from icsplan.forensics.interval import Interval, exact
from icsplan.forensics.plan import ForensicPlan, Rule
from icsplan.forensics.readings import Reading, readings

MAX_PROPOSALS = 3


@dataclass(frozen=True)
class Proposal:
    """A reading of one figure that makes a failing rule hold."""

    figure: str
    printed: str
    reading: Reading
    repairs: int  # failing rules this reading repairs (this one included)

    def describe(self) -> str:
        """One phrase, e.g. "b printed £5,83.00 read as 5,083.00 (dropped digit: ...)"."""
        return (f"{self.figure} printed {self.printed} read as {self.reading.text} "
                f"({self.reading.fault}: {self.reading.how}; repairs {self.repairs} "
                f"rule{'s' if self.repairs != 1 else ''})")


@dataclass(frozen=True)
class RuleResult:
    """One rule checked: its two sides, the disagreement and any proposed reading."""

    rule: Rule
    passed: bool
    left: float | None  # middle of the left side (base units)
    right: float | None
    difference: float | None  # right - left
    tolerance: float  # half-widths of both sides plus the rule's own tolerance
    figures: tuple[str, ...]
    proposals: tuple[Proposal, ...] = ()
    needed: tuple[tuple[str, float], ...] = ()  # figure -> value (printed unit) it would need
    error: str = ""

    @property
    def status(self) -> str:
        """'pass', 'fail' or 'error' (a check that cannot be evaluated, e.g. ÷ 0)."""
        return "error" if self.error else ("pass" if self.passed else "fail")


Valuer = Callable[[str], Interval]


def _holds(rule: Rule, value: Valuer, known: list[str]) -> tuple[bool, Interval | None,
                                                                  Interval | None]:
    check, tol = rule.check, rule.tolerance
    if check.op == "whole":
        got = evaluate(check.left, value, known)
        return Interval(got.lo - tol, got.hi + tol).contains_integer(), got, None
    if check.op in ("increasing", "decreasing"):
        points = series(check.left, value, known)  # type: ignore[arg-type]
        up = check.op == "increasing"
        ok = all((b.hi + tol >= a.lo) if up else (b.lo - tol <= a.hi)
                 for a, b in zip(points, points[1:], strict=False))
        return ok, points[0], points[-1]
    left = evaluate(check.left, value, known)
    right = evaluate(check.right, value, known)  # type: ignore[arg-type]
    if check.op == "=":
        ok = left.gap(right) <= tol * (1 + 1e-9) + 1e-9 * max(1.0, abs(left.mid))
    elif check.op == ">=":
        ok = left.hi + tol >= right.lo - 1e-9
    else:
        ok = left.lo - tol <= right.hi + 1e-9
    return ok, left, right


def _evaluate(rule: Rule, value: Valuer, known: list[str]) -> bool | None:
    try:
        return _holds(rule, value, known)[0]
    except ZeroDivisionError:
        return None


def check_plan(plan: ForensicPlan) -> list[RuleResult]:
    """Every rule of the plan checked, with readings proposed for each failure."""
    known = list(plan.figures)
    base = {n: f.interval for n, f in plan.figures.items()}
    printed = base.__getitem__
    status = {r.rule: _evaluate(r, printed, known) for r in plan.rules}
    by_figure: dict[str, list[Rule]] = {}
    for r in plan.rules:
        for n in r.check.names:
            by_figure.setdefault(n, []).append(r)
    results = []
    for r in plan.rules:
        try:
            ok, left, right = _holds(r, printed, known)
        except ZeroDivisionError as exc:
            results.append(RuleResult(r, False, None, None, None, r.tolerance, r.check.names,
                                      error=str(exc)))
            continue
        lmid = left.mid if left is not None else None
        rmid = right.mid if right is not None else None
        tol = (left.half if left else 0) + (right.half if right else 0) + r.tolerance
        diff = rmid - lmid if lmid is not None and rmid is not None else None
        if ok:
            results.append(RuleResult(r, True, lmid, rmid, diff, tol, r.check.names))
            continue
        proposals = (_proposals(r, plan.figures, base, status, by_figure, known)
                     if r.check.op == "=" else [])
        needed = () if proposals else _needed(r, plan.figures, base, known)
        results.append(RuleResult(r, False, lmid, rmid, diff, tol, r.check.names,
                                  tuple(proposals), needed))
    return results


def _proposals(rule: Rule, figures: dict[str, Figure], base: dict[str, Interval],
               status: dict[str, bool | None], by_figure: dict[str, list[Rule]],
               known: list[str]) -> list[Proposal]:
    found: list[tuple[tuple, Proposal]] = []
    for name in rule.check.names:
        fig = figures[name]
        half = base[name].half
        for reading in readings(fig.printed):
            mid = reading.value * fig.factor
            width = 0.5 * 10 ** -reading.decimals * fig.factor if fig.precision is None \
                else half
            trial = Interval(mid - width, mid + width)

            def value(n: str, _name=name, _trial=trial) -> Interval:
                return _trial if n == _name else base[n]

            if not _evaluate(rule, value, known):
                continue
            others = [o for o in by_figure[name] if o.rule != rule.rule]
            after = {o.rule: _evaluate(o, value, known) for o in others}
            if any(status[o] and not after[o] for o in after):
                continue  # it would break a rule that holds
            repairs = 1 + sum(1 for o in after if not status[o] and after[o])
            found.append(((-repairs, reading.rank, _residual(rule, value, known)),
                          Proposal(name, fig.printed, reading, repairs)))
    found.sort(key=lambda t: t[0])
    best: dict[tuple[str, str], Proposal] = {}
    for _, p in found:  # the closest reading of each figure and slip
        best.setdefault((p.figure, p.reading.fault), p)
    return list(best.values())[:MAX_PROPOSALS]


def _residual(rule: Rule, value: Valuer, known: list[str]) -> float:
    """How far apart the middles of a rule's two sides are (0 for a one-sided rule)."""
    try:
        _, left, right = _holds(rule, value, known)
    except ZeroDivisionError:
        return float("inf")
    if left is None or right is None or rule.check.op not in ("=", ">=", "<="):
        return 0.0
    return abs(left.mid - right.mid)


def _needed(rule: Rule, figures: dict[str, Figure], base: dict[str, Interval],
            known: list[str]) -> tuple[tuple[str, float], ...]:
    """For an equality rule: the value each figure would need, all others as printed."""
    if rule.check.op != "=":
        return ()
    out = []
    for name in rule.check.names:
        fig = figures[name]

        def gap(x: float, _name=name) -> float | None:
            def value(n: str) -> Interval:
                return exact(x) if n == _name else exact(base[n].mid)
            try:
                return (evaluate(rule.check.left, value, known).mid
                        - evaluate(rule.check.right, value, known).mid)  # type: ignore[arg-type]
            except ZeroDivisionError:
                return None

        x0 = base[name].mid
        x1 = x0 + max(1.0, abs(x0) * 1e-3)
        g0, g1 = gap(x0), gap(x1)
        if g0 is None or g1 is None or g1 == g0:
            continue
        x = x0
        for _ in range(30):  # secant steps (exact in one for a linear rule)
            x = x1 - g1 * (x1 - x0) / (g1 - g0)
            x0, g0 = x1, g1
            g1 = gap(x)
            x1 = x
            if g1 is None or abs(g1) < 1e-9 * max(1.0, abs(x)) or g1 == g0:
                break
        if g1 is not None and abs(g1) < 1e-6 * max(1.0, abs(x)):
            out.append((name, x / fig.factor))
    return tuple(out)
