"""The checks of forensic rules: small arithmetic over figure names, parsed safely.

A check is `LEFT = RIGHT`, `LEFT >= RIGHT` or `LEFT <= RIGHT` (or, for a `whole` rule, one
expression); each side uses figure names, numbers, + - * / and brackets, `sum(a, b, ...)`,
`sum("prefix*")` (every figure whose name matches, in file order), `increasing(a, b, ...)`
and `decreasing(a, b, ...)` (a series that moves one way, allowing for its rounding).
Nothing is ever executed: the text is parsed with Python's `ast` and only these nodes are
allowed.
"""

from __future__ import annotations

import ast
import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from icsplan.forensics.interval import Interval, exact

COMPARATORS = {ast.Eq: "=", ast.GtE: ">=", ast.LtE: "<="}
SERIES = ("increasing", "decreasing")


class CheckError(ValueError):
    """A check that cannot be read (one sentence for the user)."""


@dataclass(frozen=True)
class Check:
    """A parsed check: its comparison, the two sides and the figures it names."""

    text: str
    op: str  # "=", ">=", "<=", "whole" or "increasing"/"decreasing"
    left: ast.expr
    right: ast.expr | None
    names: tuple[str, ...]


def parse_check(text: str, known: list[str]) -> Check:
    """Parse a check's text against the figure names `known` (in file order)."""
    source = str(text).strip()
    if not source:
        raise CheckError("the check is empty")
    py = source.replace(">=", "\0ge").replace("<=", "\0le").replace("=", "==")
    py = py.replace("\0ge", ">=").replace("\0le", "<=")
    try:
        tree = ast.parse(py, mode="eval").body
    except SyntaxError:
        raise CheckError(f"'{source}' is not a check icsplan can read") from None
    if isinstance(tree, ast.Compare):
        if len(tree.ops) != 1 or type(tree.ops[0]) not in COMPARATORS:
            raise CheckError(f"'{source}' must compare two sides with =, >= or <=")
        op, left, right = COMPARATORS[type(tree.ops[0])], tree.left, tree.comparators[0]
    elif isinstance(tree, ast.Call) and getattr(tree.func, "id", "") in SERIES:
        op, left, right = tree.func.id, tree, None
    else:
        op, left, right = "whole", tree, None
    names: list[str] = []
    for side in (left, right):
        if side is not None:
            _collect(side, known, names, source)
    return Check(source, op, left, right, tuple(dict.fromkeys(names)))


# One branch per allowed AST node type (a whitelist): hence the noqa below.
def _collect(node: ast.AST, known: list[str], names: list[str], source: str) -> None:  # noqa: C901
    if isinstance(node, ast.Name):
        if node.id not in known:
            raise CheckError(f"'{source}' names a figure that is not in the figures: "
                             f"'{node.id}'")
        names.append(node.id)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            matched = fnmatch.filter(known, node.value)
            if not matched:
                raise CheckError(f"'{source}': no figure matches '{node.value}'")
            names.extend(matched)
        elif not isinstance(node.value, int | float) or isinstance(node.value, bool):
            raise CheckError(f"'{source}' holds something that is not a number")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult |
                                                     ast.Div):
        _collect(node.left, known, names, source)
        _collect(node.right, known, names, source)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _collect(node.operand, known, names, source)
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
          and node.func.id in ("sum", *SERIES) and not node.keywords):
        for arg in node.args:
            _collect(arg, known, names, source)
    else:
        raise CheckError(f"'{source}' uses something a check may not: only figure names, "
                         "numbers, + - * /, brackets, sum(), increasing() and decreasing()")


def evaluate(node: ast.expr, value: Callable[[str], Interval], known: list[str]) -> Interval:
    """The interval an expression stands for, given each figure's interval."""
    if isinstance(node, ast.Name):
        return value(node.id)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return _sum([value(n) for n in fnmatch.filter(known, node.value)])
        return exact(float(node.value))
    if isinstance(node, ast.UnaryOp):
        inner = evaluate(node.operand, value, known)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = evaluate(node.left, value, known), evaluate(node.right, value, known)
        ops: Mapping[type, Callable[[Interval, Interval], Interval]] = {
            ast.Add: Interval.__add__, ast.Sub: Interval.__sub__, ast.Mult: Interval.__mul__,
            ast.Div: Interval.__truediv__}
        return ops[type(node.op)](a, b)
    if isinstance(node, ast.Call):
        return _sum([evaluate(arg, value, known) for arg in node.args])
    raise CheckError("unexpected expression")  # parse_check let nothing else through


def series(node: ast.Call, value: Callable[[str], Interval],
           known: list[str]) -> list[Interval]:
    """The points of an increasing()/decreasing() series, in order."""
    out = []
    for arg in node.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out += [value(n) for n in fnmatch.filter(known, arg.value)]
        else:
            out.append(evaluate(arg, value, known))
    return out


def _sum(items: list[Interval]) -> Interval:
    total = exact(0.0)
    for item in items:
        total = total + item
    return total
