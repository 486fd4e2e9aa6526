"""Plans for the app, computed by `pipeline.run_plan` and cached by the scenario's content
hash and the run's options (`RunOptions`: the investment level, what-if or not), so moving
a lever back (or a second user asking the same question) costs nothing; and the headline
figures the pages compare.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from icsplan.report.style import pod_label
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
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

    def clear(self) -> None:
        """Forget every cached plan and everything built from them."""
        with self._lock:
            self._plans.clear()
            self._derived.clear()


@dataclass(frozen=True)
class Figure:
    """One headline figure: an id, what it is, its value and how to show it."""

    key: str
    label: str
    value: float | None
    unit: str  # "count", "pct", "gbpm" or "year"

    def text(self) -> str:
        """The value as a planner reads it (e.g. '£12.3m', '-9.73%', '2020/21')."""
        return format_value(self.value, self.unit)


def format_value(value: float | str | None, unit: str) -> str:
    """A figure's value in its unit, or 'none' when there is no value."""
    if value is None or value == "":
        return "none"
    if unit == "year":
        return str(value)
    if unit == "pct":
        return f"{float(value):+.2f}%"
    if unit == "gbpm":
        sign = "-" if float(value) < 0 else ""
        return f"{sign}£{abs(float(value)):,.1f}m"
    return f"{float(value):,.0f}"


def headline(plan: Plan) -> list[Figure]:
    """At most ten figures: contacts avoided, change vs momentum by pod, savings, net,
    payback and the bridge gap, all at the horizon."""
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    figures = [Figure("avoided", f"fewer hospital contacts than momentum in {plan.horizon}",
                      float((last["momentum"] - last["planned"]).sum()), "count")]
    for row in last.itertuples():
        figures.append(Figure(f"pod-{row.pod}", f"{pod_label(row.pod)} vs momentum",
                              float(row.change_vs_momentum_pct), "pct"))
    fin = plan.finance
    inv = fin.investment_summary
    if inv is not None:
        figures.append(Figure("gross", f"gross saving in {plan.horizon}",
                              inv.gross_saving_gbp / MILLION, "gbpm"))
        figures.append(Figure("net", f"net saving in {plan.horizon}",
                              inv.net_saving_gbp / MILLION, "gbpm"))
        figures.append(Figure("payback", "payback year", inv.payback_year, "year"))
    if not fin.bridge.empty:
        figures.append(Figure("gap", "financial gap at the horizon (bridge)",
                              float(fin.bridge["value_gbp"].sum()) / MILLION, "gbpm"))
    return figures[:10]
