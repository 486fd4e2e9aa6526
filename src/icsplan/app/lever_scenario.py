"""What-if scenarios for lever values, checking only what the levers reach.

`apply_levers` builds a what-if scenario the way a scenario folder is built: every table
against its row model, then every rule across tables, then (for the cache) a content hash
that writes every table as CSV.  The levers only reach two parts of a scenario, the growth
table and the initiatives, so `LeverScenarios` (one per base scenario) does the same work
for those parts alone:

* the growth table is validated once per set of growth values (kept), the initiatives a lever
  changed are validated as `apply_levers` validates them, the others are the base's own;
* only the rules that read the growth table or the initiatives run again.  Which ones do is
  found once by running every rule on the base scenario with its tables and initiatives
  recording what is read: a rule is a function of the scenario alone, so one that reads
  neither on the base reads neither on a scenario that differs from it only there;
* the content hash is the very hash `Scenario.content_hash` gives (the same bytes in the
  same order), with the tables the levers cannot reach hashed once.

Whenever anything is wrong - a lever out of range, a rule broken - the scenario is built by
`apply_levers` itself, so the problems shown are exactly its problems, in its order.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator

import pandas as pd

from icsplan.app.levers import INVESTMENT, LEVERS, Levers, _growth_text, _initiatives, _number
from icsplan.app.levers import apply_levers as apply_levers_in_full
from icsplan.errors import Problem
from icsplan.scenario.build import _initiative
from icsplan.scenario.model import Scenario
from icsplan.scenario.rules import RULES
from icsplan.scenario.rules.base import Rule
from icsplan.scenario.tables import TABLES
from icsplan.scenario.validate import validate_row

GROWTH = "growth"
INITIATIVES = "initiatives"  # the name recorded when a rule reads the initiatives


class _RecordingTables(dict):
    """A scenario's tables that note the name of every table read (all, when iterated)."""

    def __init__(self, tables: dict[str, pd.DataFrame], seen: set[str]):
        super().__init__(tables)
        self._seen = seen

    def __getitem__(self, name: str) -> pd.DataFrame:
        self._seen.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):  # noqa: D102 (dict's)
        self._seen.add(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        self._seen.add(str(name))
        return super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        self._seen.update(super().keys())
        return super().__iter__()

    def keys(self):  # noqa: D102 (dict's)
        self._seen.update(super().keys())
        return super().keys()

    def values(self):  # noqa: D102 (dict's)
        self._seen.update(super().keys())
        return super().values()

    def items(self):  # noqa: D102 (dict's)
        self._seen.update(super().keys())
        return super().items()

    def copy(self) -> dict:  # noqa: D102 (dict's)
        self._seen.update(super().keys())
        return dict(super().items())


class _RecordingInitiatives(tuple):
    """A scenario's initiatives that note being read at all."""

    _seen: set[str]

    def __new__(cls, items, seen: set[str]):
        obj = super().__new__(cls, items)
        obj._seen = seen
        return obj

    def __iter__(self):
        self._seen.add(INITIATIVES)
        return super().__iter__()

    def __getitem__(self, k):
        self._seen.add(INITIATIVES)
        return super().__getitem__(k)

    def __len__(self) -> int:
        self._seen.add(INITIATIVES)
        return super().__len__()

    def __contains__(self, item) -> bool:
        self._seen.add(INITIATIVES)
        return super().__contains__(item)


def rules_reached(base: Scenario, rules: tuple[Rule, ...] = RULES) -> tuple[Rule, ...]:
    """The rules that read the growth table or the initiatives of `base` (in their order)."""
    reached = []
    for rule in rules:
        seen: set[str] = set()
        traced = Scenario(meta=base.meta, tables=_RecordingTables(base.tables, seen),
                          initiatives=_RecordingInitiatives(base.initiatives, seen),
                          path=base.path, published=base.published)
        list(rule(traced))
        if seen & {GROWTH, INITIATIVES}:
            reached.append(rule)
    return tuple(reached)


class _Hasher:
    """`Scenario.content_hash` of a scenario that differs from `base` only in its growth
    table and initiatives: the tables before and after growth.csv hashed once."""

    def __init__(self, base: Scenario):
        names = sorted(base.tables)
        cut = names.index(GROWTH)
        self._prefix = hashlib.sha256()
        self._prefix.update(base.meta.model_dump_json().encode())
        for name in names[:cut]:
            self._prefix.update(name.encode())
            self._prefix.update(_csv(base.tables[name]))
        self._suffix = b"".join(name.encode() + _csv(base.tables[name])
                                for name in names[cut + 1:])

    def content_hash(self, scenario: Scenario) -> str:
        h = self._prefix.copy()
        h.update(GROWTH.encode())
        h.update(_csv(scenario.tables[GROWTH]))
        h.update(self._suffix)
        for ini in scenario.initiatives:
            h.update(ini.model_dump_json().encode())
        return h.hexdigest()


def _csv(frame: pd.DataFrame) -> bytes:
    """A table's bytes as `Scenario._hash` writes them."""
    return frame.to_csv(index=False, lineterminator="\n").encode()


class LeverScenarios:
    """What-if scenarios of one base scenario, as `apply_levers` builds them (see the module's
    docstring); safe to share between the server's threads."""

    def __init__(self, base: Scenario, keep: int = 64):
        self.base = base
        self.rules = rules_reached(base)
        self._hasher = _Hasher(base) if GROWTH in base.tables else None
        self._growth: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._growth_rows: tuple[list[dict], list[dict | None]] | None = None
        self._keep = keep
        self._lock = threading.Lock()

    def scenario(self, levers: Levers) -> Scenario:
        """`apply_levers(base, levers)`: the same scenario, or the same `ScenarioError`."""
        base = self.base
        problems: list[Problem] = []
        level = _number(levers.investment_pct)
        if level is None or not 0 <= level <= 100:
            problems.append(Problem.at(LEVERS, "must be between 0% and 100% of the planned "
                                       "investment", key=INVESTMENT, value=levers.investment_pct))
        items = _initiatives(base, levers, problems)
        growth = self._growth_table(levers, problems)
        initiatives = [_initiative(item, k, problems) for k, item in enumerate(items)]
        if problems or growth is None or any(ini is None for ini in initiatives):
            return apply_levers_in_full(base, levers)  # raises, with every problem
        scenario = Scenario(meta=base.meta, tables={**base.tables, GROWTH: growth},
                            initiatives=tuple(initiatives), path=base.path,
                            published=base.published)
        if any(True for rule in self.rules for _ in rule(scenario)):
            return apply_levers_in_full(base, levers)  # raises, in the rules' order
        if self._hasher is not None:
            object.__setattr__(scenario, "_content_hash", self._hasher.content_hash(scenario))
        return scenario

    def _growth_table(self, levers: Levers, problems: list[Problem]) -> pd.DataFrame | None:
        """growth.csv with the levers' rates, validated once per set of rates: as
        `validate_rows` validates `_growth_text(base, rates)`, the rows whose text the levers
        leave as the base has it reusing the base's typed rows."""
        if GROWTH not in self.base.tables:
            return None
        key = tuple((pod, type(v).__name__, v) for pod, v in levers.growth_pct.items())
        with self._lock:
            if key in self._growth:
                self._growth.move_to_end(key)
                return self._growth[key]
        if self._growth_rows is None:
            text = _growth_text(self.base, {}).frame.to_dict(orient="records")
            typed = [validate_row(r, TABLES[GROWTH], i, []) for i, r in enumerate(text)]
            self._growth_rows = (text, typed)
        text, typed = self._growth_rows
        found: list[Problem] = []
        rows = []
        for i, (record, row) in enumerate(zip(text, typed, strict=True)):
            if record["locality"] == "" and record["pod"] in levers.growth_pct:
                record = {**record, "annual_growth_pct": _cell_text(
                    levers.growth_pct[record["pod"]])}
            rows.append(row if record == text[i] and row is not None else
                        validate_row(record, TABLES[GROWTH], i, found))
        if found:
            problems.extend(found)
            return None
        table = pd.DataFrame(rows, columns=list(TABLES[GROWTH].model.model_fields))
        with self._lock:
            self._growth[key] = table
            while len(self._growth) > self._keep:
                self._growth.popitem(last=False)
        return table


def _cell_text(value: object) -> str:
    """A lever's value as `_growth_text` writes it into the table's text."""
    text = str(value)
    return "" if text in ("None", "nan") else text
