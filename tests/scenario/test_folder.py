"""Loading, validation and saving of scenario folders."""


import pytest

from icsplan.scenario import ScenarioError, load_scenario, save_scenario
from tests.scenario.helpers import edit_csv, problems_of

pytestmark = pytest.mark.unit


def test_builtin_scenario_loads(mse):
    assert mse.name == "mse-2016"
    assert mse.years[0] == "2015/16" and mse.years[-1] == "2020/21"
    assert len(mse.localities) == 26
    assert len(mse.initiatives) == 5


def test_missing_column_names_file_and_column(scenario_copy):
    edit_csv(scenario_copy, "baseline.csv", lambda f: f.drop(columns="activity"))
    assert problems_of(scenario_copy) == [
        "baseline.csv, field 'activity': required column is missing"]


def test_negative_baseline_names_the_line(scenario_copy):
    def change(f):
        f.loc[3, "activity"] = "-5"
    edit_csv(scenario_copy, "baseline.csv", change)
    (problem,) = problems_of(scenario_copy)
    assert problem.startswith("baseline.csv, line 5, field 'activity'")
    assert "greater than or equal to 0" in problem


def test_every_problem_is_reported_at_once(scenario_copy):
    def change(f):
        f.loc[0, "activity"] = "-1"
        f.loc[1, "pod"] = "nope"
    edit_csv(scenario_copy, "baseline.csv", change)
    edit_csv(scenario_copy, "localities.csv", lambda f: f.drop(columns="population"))
    assert len(problems_of(scenario_copy)) == 3


def test_unknown_column_is_an_error(scenario_copy):
    edit_csv(scenario_copy, "growth.csv", lambda f: f.insert(1, "rate", "2"))
    (problem,) = problems_of(scenario_copy)
    assert "growth.csv, field 'rate': unknown column" in problem


def test_not_a_scenario():
    with pytest.raises(ScenarioError, match="no built-in scenario of that name"):
        load_scenario("no-such-scenario")


def test_folder_round_trip(mse, tmp_path):
    again = load_scenario(save_scenario(mse, tmp_path / "copy"))
    assert again.content_hash() == mse.content_hash()
