"""Plans for the app, computed by `pipeline.run_plan` and cached by the scenario's content
hash and the run's options (`RunOptions`: the investment level, what-if or not), so moving
a lever back (or a second user asking the same question) costs nothing; the headline figures
and their words are `icsplan.headline`'s.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from icsplan.headline import Figure, figures, format_value  # noqa: F401  (one home)

if TYPE_CHECKING:
    from icsplan.app.lever_scenario import LeverScenarios
    from icsplan.app.levers import Levers
    from icsplan.pipeline import Plan
    from icsplan.population.summary import PopulationSummary
    from icsplan.run_options import RunOptions
    from icsplan.scenario.model import Scenario


class PlanCache:
    """Plans by (scenario content hash, run options), least recently used dropped first;
    safe to share between the server's threads."""

    def __init__(self, size: int = 64, population: PopulationSummary | None = None):
        """Keep up to `size` plans; every plan is run on `population`'s baseline if given."""
        self.size = size
        self.population = population
        self._plans: OrderedDict[tuple, Plan] = OrderedDict()
        self._derived: OrderedDict[tuple, object] = OrderedDict()
        self._by_levers: OrderedDict[tuple, object] = OrderedDict()
        self._lever_scenarios: dict[int, LeverScenarios] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def plan(self, scenario: Scenario, options: RunOptions | None = None) -> Plan:
        """The plan of `scenario` run as `options` say (for the app's pages,
        `RunOptions.whatif(level)`, the default), from the cache when already run: the key is the
        scenario's content hash, the options themselves and the population run's source."""
        from icsplan.pipeline import run_plan
        from icsplan.run_options import RunOptions

        options = options or RunOptions.whatif()
        key = (scenario.content_hash(), options,
               self.population.source if self.population is not None else None)
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                self.hits += 1
                return self._plans[key]
        plan = run_plan(scenario, options, population=self.population)
        with self._lock:
            self.misses += 1
            self._plans[key] = plan
            while len(self._plans) > self.size:
                self._plans.popitem(last=False)
        return plan

    def derived(self, plan: Plan, name: str, build):
        """Something built from a cached plan (a page's results), built once per plan."""
        key = (plan.manifest.scenario_hash, plan.manifest.investment_level, name)
        with self._lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]
        value = build(plan)
        with self._lock:
            self._derived[key] = value
            while len(self._derived) > self.size:
                self._derived.popitem(last=False)
        return value

    def for_levers(self, values: tuple, build):
        """What the what-if page shows for these lever values, built once: the key is the
        values themselves (plain numbers, in the order of the panel), so settings seen before
        cost a dictionary look-up, with no validation, no scenario and no content hash.  A
        result of `None` (a lever was invalid) is not kept."""
        key = lever_key(values)
        with self._lock:
            if key in self._by_levers:
                self._by_levers.move_to_end(key)
                self.hits += 1
                return self._by_levers[key]
        value = build()
        if value is not None:
            with self._lock:
                self._by_levers[key] = value
                while len(self._by_levers) > self.size:
                    self._by_levers.popitem(last=False)
        return value

    def lever_scenario(self, base: Scenario, levers: Levers) -> Scenario:
        """`apply_levers(base, levers)`, checking only what the levers reach
        (`app.lever_scenario`: the same scenario, or the same problems)."""
        from icsplan.app.lever_scenario import LeverScenarios

        with self._lock:
            builder = self._lever_scenarios.get(id(base))
        if builder is None or builder.base is not base:
            builder = LeverScenarios(base)
            with self._lock:
                self._lever_scenarios[id(base)] = builder
        return builder.scenario(levers)

    def clear(self) -> None:
        """Forget every cached plan and everything built from them."""
        with self._lock:
            self._plans.clear()
            self._derived.clear()
            self._by_levers.clear()


def lever_key(values: tuple) -> tuple:
    """A hashable key of lever values: lists become tuples, and each value keeps its type
    (2 and 2.0 are different keys, as a lever's problem quotes the value it was given)."""
    return tuple(lever_key(tuple(v)) if isinstance(v, list | tuple) else (type(v).__name__, v)
                 for v in values)


def headline(plan: Plan) -> list[Figure]:
    """The headline figures with their words (`icsplan.headline`, shared with the report, the
    CLI and compare)."""
    return figures(plan)
