"""Finance stages that read only tables the what-if levers cannot reach (organisation
budgets, QIPP), computed once per set of those tables.

The what-if levers change the growth table and the initiatives; a what-if scenario shares
every other table (the very DataFrame objects) with its base.  `by_tables` keys a stage's
result on the identity of the tables it reads, and holds those tables while the result is
kept, so an identity cannot be reused by another table meanwhile.  Scenarios are immutable
(`Scenario.replace` makes a new one), so the same tables give the same result; with pandas'
copy-on-write a caller changing the result changes its own copy.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from icsplan.scenario.model import Scenario

T = TypeVar("T")
KEEP = 16
_results: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
_lock = threading.Lock()


def by_tables(stage: Callable[..., T], scenario: Scenario, names: tuple[str, ...],
              *args: object) -> T:
    """`stage(scenario, *args)`, computed once for the same objects as the tables `names`
    (the only parts of `scenario` it reads) and equal `args` (hashable)."""
    frames = tuple(scenario.tables.get(name) for name in names)
    key = (stage.__module__, stage.__qualname__, *(id(f) for f in frames), *args)
    with _lock:
        kept = _results.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], frames, strict=True)):
            _results.move_to_end(key)
            return kept[1]  # type: ignore[return-value]
    result = stage(scenario, *args)
    with _lock:
        _results[key] = (frames, result)
        while len(_results) > KEEP:
            _results.popitem(last=False)
    return result
