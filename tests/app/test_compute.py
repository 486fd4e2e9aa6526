"""Plans cached by content hash and run options; headline figures."""

from __future__ import annotations

import dataclasses

import pytest

from icsplan.app.compute import PlanCache, format_value, headline
from icsplan.app.levers import apply_levers, base_levers
from icsplan.headline import gap_words, payback_words
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


def test_lever_values_seen_before_come_from_the_cache_without_rebuilding():
    cache = PlanCache(size=2)
    built = []

    def build(value):
        built.append(value)
        return {"shown": value}

    first = cache.for_levers(([2.3, 3.3], [100.0], [0], 100), lambda: build("a"))
    again = cache.for_levers(([2.3, 3.3], [100.0], [0], 100), lambda: build("b"))
    assert again is first and built == ["a"] and cache.hits == 1
    # 1 and 1.0 are different keys: a lever's problem quotes the value it was given
    other = cache.for_levers(([2.3, 3.3], [100.0], [0.0], 100), lambda: build("c"))
    assert other == {"shown": "c"} and built == ["a", "c"]
    # nothing is kept for a build that gives nothing, and the oldest is dropped past `size`
    assert cache.for_levers((1,), lambda: None) is None
    cache.for_levers((2,), lambda: build("d"))
    cache.for_levers(([2.3, 3.3], [100.0], [0], 100), lambda: build("e"))
    assert built == ["a", "c", "d", "e"]


def test_headline_follows_the_plan_with_one_name_per_figure():
    mse = load_scenario("mse-2016")
    plan = PlanCache().plan(mse)
    figures = {f.key: f for f in headline(plan)}
    assert figures["pod-non_elective"].text() == "-9.73%"
    assert figures["payback"].text() == "2020/21"
    # the gap is worded with its sign, as the report words it
    gap = float(plan.finance.bridge["value_gbp"].sum())
    assert figures["gap"].text() == ("deficit" if gap < 0 else "surplus") + " of " + \
        f"£{abs(gap) / 1e6:,.1f}m"
    # two savings, two names: gross (after re-provision) and the activity avoided at unit cost
    econ = plan.finance.economics
    last = econ[econ["year"] == plan.horizon]
    assert figures["gross"].value == pytest.approx(last["gross_gbp"].sum() / 1e6)
    assert figures["activity-value"].value == pytest.approx(
        last["activity_saving_gbp"].sum() / 1e6)
    assert figures["gross"].text() != figures["activity-value"].text()
    assert len({f.label for f in figures.values()}) == len(figures)


def test_values_are_formatted_in_their_units():
    assert format_value(12.345, "gbpm") == "£12.3m"
    assert format_value(-0.3, "gbpm") == "-£0.3m"
    assert format_value(None, "year") == "none"
    assert format_value(-0.3, "gap") == "deficit of £0.3m"
    assert format_value(78.9, "gap") == "surplus of £78.9m"
    assert payback_words(None, 0.0, "2020/21") == "no investment to pay back"
    assert payback_words(None, 5.0, "2020/21") == "not by 2020/21"
    assert gap_words(-299_977) == "a deficit of £0.3m"
