"""Plans for the app, computed by `pipeline.run_plan` and cached by the scenario's content
hash and the investment level, so moving a lever back (or a second user asking the same
question) costs nothing; the headline figures and their words are `icsplan.headline`'s.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from icsplan.headline import Figure, figures, format_value  # noqa: F401  (one home)

if TYPE_CHECKING:
    from icsplan.pipeline import Plan
    from icsplan.population.summary import PopulationSummary
    from icsplan.scenario.model import Scenario


class PlanCache:
    """Plans by (scenario content hash, investment level), least recently used dropped first;
    safe to share between the server's threads."""

    def __init__(self, size: int = 64, population: PopulationSummary | None = None):
        """Keep up to `size` plans; every plan is run on `population`'s baseline if given."""
        self.size = size
        self.population = population
        self._plans: OrderedDict[tuple, Plan] = OrderedDict()
        self._derived: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def plan(self, scenario: Scenario, investment_level: float = 1.0,
             reconcile_published: bool = False) -> Plan:
        """The plan of `scenario` at `investment_level`, from the cache when already run (a
        what-if plan, `reconcile_published=False`, leaves out the reconciliation and the
        options appraisal: neither changes with the levers' figures shown)."""
        from icsplan.pipeline import run_plan

        key = (scenario.content_hash(), round(float(investment_level), 6), reconcile_published,
               self.population.source if self.population is not None else None)
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                self.hits += 1
                return self._plans[key]
        plan = run_plan(scenario, population=self.population,
                        investment_level=investment_level,
                        reconcile_published=reconcile_published,
                        appraise_options=reconcile_published, plan_beds=reconcile_published)
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

    def clear(self) -> None:
        """Forget every cached plan and everything built from them."""
        with self._lock:
            self._plans.clear()
            self._derived.clear()


def headline(plan: Plan) -> list[Figure]:
    """The headline figures with their words (`icsplan.headline`, shared with the report, the
    CLI and compare)."""
    return figures(plan)
