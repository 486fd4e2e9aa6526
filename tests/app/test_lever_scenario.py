"""What-if scenarios checked only where the levers reach equal `apply_levers`' in full."""

from __future__ import annotations

import dataclasses

import pytest

from icsplan.app.lever_scenario import LeverScenarios, rules_reached
from icsplan.app.levers import apply_levers, base_levers
from icsplan.scenario import load_scenario
from icsplan.scenario.errors import ScenarioError
from icsplan.scenario.rules import RULES

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def mse():
    return load_scenario("mse-2016")


def settings(mse):
    lv = base_levers(mse)
    ids = list(lv.achieved_pct)
    yield lv
    yield dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 5.0})
    yield dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 3, "outpatient": 0.0})
    yield dataclasses.replace(lv, achieved_pct={**lv.achieved_pct, ids[0]: 40.0},
                              delay_years={**lv.delay_years, ids[-1]: 2})
    yield dataclasses.replace(lv, growth_pct={**lv.growth_pct, "elective": -1.5},
                              investment_pct=25.0)
    yield dataclasses.replace(lv, achieved_pct={**lv.achieved_pct, ids[1]: 250.0})


def bad_settings(mse):
    lv = base_levers(mse)
    ids = list(lv.achieved_pct)
    yield dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 150.0})
    yield dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": "fast"})
    yield dataclasses.replace(lv, achieved_pct={**lv.achieved_pct, ids[0]: -5.0})
    yield dataclasses.replace(lv, delay_years={**lv.delay_years, ids[0]: 9})
    yield dataclasses.replace(lv, investment_pct=120.0)
    yield dataclasses.replace(lv, achieved_pct={i: 1000.0 for i in ids})


def test_the_same_scenario_and_content_hash_as_apply_levers(mse):
    builder = LeverScenarios(mse)
    for lv in settings(mse):
        try:
            want = apply_levers(mse, lv)
        except ScenarioError:
            with pytest.raises(ScenarioError):
                builder.scenario(lv)
            continue
        got = builder.scenario(lv)
        assert got.content_hash() == want._hash() == got._hash()
        assert list(got.tables) == list(want.tables)
        assert got.initiatives == want.initiatives
        assert got.tables["growth"].equals(want.tables["growth"])


def test_bad_levers_give_exactly_apply_levers_problems(mse):
    builder = LeverScenarios(mse)
    for lv in bad_settings(mse):
        with pytest.raises(ScenarioError) as want:
            apply_levers(mse, lv)
        with pytest.raises(ScenarioError) as got:
            builder.scenario(lv)
        assert got.value.problems == want.value.problems


def test_only_the_rules_that_read_growth_or_initiatives_run_again(mse):
    reached = rules_reached(mse)
    assert 0 < len(reached) < len(RULES)
    names = {rule.__name__ for rule in reached}
    assert all(rule.__name__ in names for rule in RULES if "growth" in rule.__name__)
