"""The small arithmetic language of the reconciliation data (published/reconcile.csv).

An expression is a number, a name, `+ - * / **`, brackets, `abs(x)`, `round(x, n)`, and the
aggregations `sum(c)`, `mean(c)`, `first(c)`, `min(c)`, `max(c)`, `count(c)` of a table's
column `c` over the selected rows (a bare column name takes the row's default aggregation); an
aggregation may narrow the rows further, `sum(value_gbp, measure=gross, year='2017/18')`.
Nothing else parses: no attribute access, no other calls, so a scenario's data cannot run code.
"""

from __future__ import annotations

import ast
import math
import operator
import string
from collections.abc import Callable, Mapping
from functools import lru_cache

AGGREGATIONS = ("sum", "mean", "first", "min", "max", "count")
SCALARS = ("abs", "round")
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}

Filters = tuple[tuple[str, str], ...]
Lookup = Callable[[str, str | None, Filters], float | None]


class ExpressionError(ValueError):
    """An expression (or a template) that is not of the reconciliation's small language."""


@lru_cache(maxsize=4096)
def parse(text: str) -> ast.Expression:
    """The expression parsed and checked to use only the small language (each text once per
    process: the reconciliation's ~700 figures share a few dozen expressions; the tree is
    only read, never changed)."""
    try:
        tree = ast.parse(str(text).strip(), mode="eval")
    except SyntaxError:
        raise ExpressionError(f"'{text}' is not an arithmetic expression") from None
    _check(tree.body, text)
    return tree


def _check(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) \
            and not isinstance(node.value, bool):
        return
    if isinstance(node, ast.Name):
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, text)
        _check(node.right, text)
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _check(node.operand, text)
        return
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in AGGREGATIONS and len(node.args) == 1 and isinstance(node.args[0], ast.Name) \
                and all(k.arg and isinstance(k.value, ast.Name | ast.Constant)
                        for k in node.keywords):
            return
        if name in SCALARS and 1 <= len(node.args) <= 2 and not node.keywords:
            for arg in node.args:
                _check(arg, text)
            return
    raise ExpressionError(f"'{text}' uses something other than numbers, names, + - * / **, "
                          f"abs, round and {', '.join(AGGREGATIONS)} of a column")


def names(tree: ast.Expression) -> set[str]:
    """The column or field names an expression reads."""
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)}  # type: ignore[attr-defined]
    values = {k.value.id for n in ast.walk(tree) if isinstance(n, ast.Call) for k in n.keywords
              if isinstance(k.value, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - called - values


def evaluate(tree: ast.Expression, lookup: Lookup) -> float | None:
    """The expression's value; `lookup(name, aggregation, filters)` gives each name's (None:
    the default aggregation, no further filter).  None when a name has no value (e.g. no
    rows selected)."""
    return _eval(tree.body, lookup)


def _eval(node: ast.AST, lookup: Lookup) -> float | None:  # noqa: PLR0911 (one return per node kind)
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return lookup(node.id, None, ())
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, lookup)
        return None if value is None else _UNARY[type(node.op)](value)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, lookup), _eval(node.right, lookup)
        if left is None or right is None:
            return None
        try:
            return float(_BINARY[type(node.op)](left, right))
        except ZeroDivisionError:
            return math.nan
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = node.func.id
    if name in AGGREGATIONS:
        filters = tuple((str(k.arg), _word(k.value)) for k in node.keywords)
        return lookup(node.args[0].id, name, filters)  # type: ignore[attr-defined]
    args = [_eval(a, lookup) for a in node.args]
    if any(a is None for a in args):
        return None
    return abs(args[0]) if name == "abs" else round(args[0], int(args[1]) if len(args) > 1 else 0)


def _word(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    value = node.value  # type: ignore[attr-defined]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Fields(string.Formatter):
    """str.format whose fields are names or expressions of the small language over them
    ({-recomputed:.2f}); no attribute or index access."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            tree = parse(field_name)

            def lookup(name: str, agg: str | None, filters: Filters) -> float | None:
                if agg is not None or name not in kwargs:
                    raise ExpressionError(f"'{{{field_name}}}' reads '{name}', no field")
                value = kwargs[name]
                return float(value) if isinstance(value, int | float) else None

            return evaluate(tree, lookup), field_name
        if field_name not in kwargs:
            raise ExpressionError(f"'{{{field_name}}}' names no field (known: "
                                  f"{', '.join(sorted(kwargs))})")
        return kwargs[field_name], field_name


_FORMAT = _Fields()


def fill(template: str, fields: Mapping[str, object]) -> str:
    """`template` with each {field} (and {field:format}) replaced by its value."""
    try:
        return _FORMAT.vformat(str(template), (), fields)
    except (ValueError, IndexError) as exc:
        if isinstance(exc, ExpressionError):
            raise
        raise ExpressionError(f"'{template}' is not a valid template ({exc})") from None


def template_fields(template: str) -> set[str]:
    """The field names a template uses (those an expression field reads)."""
    try:
        fields = [f for _, f, _, _ in _FORMAT.parse(str(template)) if f]
        return {n for f in fields for n in ([f] if f.isidentifier() else names(parse(f)))}
    except ValueError as exc:
        raise ExpressionError(f"'{template}' is not a valid template ({exc})") from None
