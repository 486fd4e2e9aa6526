"""Plans cached by content hash and run options; headline figures."""

from __future__ import annotations

import dataclasses

import pytest

from icsplan.app.compute import PlanCache, format_value, headline
from icsplan.app.levers import apply_levers, base_levers
from icsplan.run_options import RunOptions
from icsplan.scenario import load_scenario

pytestmark = pytest.mark.functional


def test_the_cache_runs_each_scenario_and_level_once():
    mse = load_scenario("mse-2016")
    cache = PlanCache(size=2)
    first = cache.plan(mse, RunOptions.whatif(1.0))
    # equal content, a new object
    again = cache.plan(apply_levers(mse, base_levers(mse)), RunOptions.whatif(1.0))
    assert again is first and cache.hits == 1 and cache.misses == 1
    lv = base_levers(mse)
    grown = apply_levers(mse, dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 5.0}))
    other = cache.plan(grown, RunOptions.whatif(1.0))
    assert other is not first and cache.misses == 2
    cache.plan(mse, RunOptions.whatif(0.5))
    assert cache.misses == 3 and len(cache._plans) == 2  # the oldest was dropped


def test_headline_has_at_most_ten_figures_and_follows_the_plan():
    mse = load_scenario("mse-2016")
    figures = {f.key: f for f in headline(PlanCache().plan(mse))}
    assert len(figures) <= 10
    assert figures["pod-non_elective"].text() == "-9.73%"
    assert figures["payback"].text() == "2020/21"


def test_values_are_formatted_in_their_units():
    assert format_value(12.345, "gbpm") == "£12.3m"
    assert format_value(-0.3, "gbpm") == "-£0.3m"
    assert format_value(None, "year") == "none"
