"""The rules across tables one by one, on an in-memory scenario (no files): each is a named
function that finds its problems alone, located by table, row key and field."""

import inspect

import pytest

from icsplan.scenario.build import check_scenario
from icsplan.scenario.rules import RULES, core, finance, uncertainty

pytestmark = pytest.mark.unit


def test_every_rule_is_a_named_function_with_a_docstring_and_none_fires_on_the_builtin(mse):
    assert len({rule.__name__ for rule in RULES}) == len(RULES)
    assert all(inspect.isfunction(rule) and rule.__doc__ for rule in RULES)
    assert check_scenario(mse) == []


def test_a_rule_alone_locates_its_problem_by_table_key_and_field(mse):
    localities = mse.localities.copy()
    localities.loc[1, "ccg"] = "atlantis"
    s = mse.replace(tables={**mse.tables, "localities": localities})
    [problem] = core.known_areas(s)
    assert (problem.table, problem.key, problem.field) == ("localities", 1, "ccg")
    assert problem.file == "" and problem.row is None  # where it is for the user: the reader's
    assert list(core.known_pods(s)) == []  # other rules do not see it


def test_an_initiative_problem_is_keyed_by_its_id(mse):
    [first, *rest] = mse.initiatives
    moved = first.model_copy(update={"phasing": {"2030/31": 1.0}})
    s = mse.replace(initiatives=(moved, *rest))
    found = {(p.table, p.key, p.field) for p in core.phasing_in_years(s)}
    assert found == {("initiatives", first.id, "phasing")}


def test_a_bridge_initiative_counted_twice_names_the_step_it_is_counted_in(mse):
    bridge = mse.tables["bridge"].copy()
    counted = bridge[bridge["initiatives"].fillna("") != ""].index
    first, second = counted[0], counted[1]
    bridge.loc[second, "initiatives"] = bridge.loc[first, "initiatives"]
    s = mse.replace(tables={**mse.tables, "bridge": bridge})
    problems = list(finance.bridge_initiatives_counted_once(s))
    assert problems and all(p.key == second and p.field == "initiatives" for p in problems)
    assert f"counted in step '{bridge.loc[first, 'step']}'" in problems[0].message


def test_trust_shares_must_make_a_whole(mse):
    trusts = mse.tables["acute_trusts"].copy()
    trusts.loc[0, "share"] += 0.5
    s = mse.replace(tables={**mse.tables, "acute_trusts": trusts})
    [problem] = uncertainty.trust_shares_whole(s)
    assert problem.table == "acute_trusts" and "add up to" in problem.message
