"""Cross-table rules of a scenario: references resolve, pods have growth, shares add up."""

import pytest
import yaml

from tests.scenario.helpers import edit_csv, problems_of

pytestmark = pytest.mark.unit


def test_unknown_pod_is_one_error(scenario_copy):
    def change(f):
        f.loc[0, "pod"] = "maternity"
    edit_csv(scenario_copy, "baseline.csv", change)
    (problem,) = problems_of(scenario_copy)
    assert "baseline.csv, line 2, field 'pod'" in problem and "maternity" in problem


def test_percentage_over_100_and_unknown_locality_in_initiative(scenario_copy):
    path = scenario_copy / "initiatives.yaml"
    data = yaml.safe_load(path.read_text())
    data[0]["effects"][0]["reduction_pct"] = 140
    data[4]["effects"][0]["localities"] = ["atlantis"]
    path.write_text(yaml.safe_dump(data))
    problems = problems_of(scenario_copy)
    assert len(problems) == 1  # the bad percentage stops validation of that initiative
    assert "frailty_eol.effects.0.reduction_pct" in problems[0]
    data[0]["effects"][0]["reduction_pct"] = 6.83
    path.write_text(yaml.safe_dump(data))
    assert problems_of(scenario_copy) == [
        "initiatives.yaml, field 'urgent_care.effects.0.localities': unknown locality 'atlantis'"]


def test_missing_growth_for_a_pod(scenario_copy):
    edit_csv(scenario_copy, "growth.csv", lambda f: f.drop(index=0))
    assert problems_of(scenario_copy) == [
        "growth.csv: no system growth rate for pod 'ae' (add a row with an empty locality)"]


def test_total_reduction_over_100_percent_is_rejected(scenario_copy):
    path = scenario_copy / "initiatives.yaml"
    data = yaml.safe_load(path.read_text())
    data[1]["effects"][0]["reduction_pct"] = 99.0
    path.write_text(yaml.safe_dump(data))
    (problem,) = problems_of(scenario_copy)
    assert "non_elective" in problem and "cannot exceed 100%" in problem


def test_a_locality_renamed_but_not_in_published_tables_is_a_problem_not_a_crash(
        scenario_copy):
    def rename(frame):
        frame.loc[frame["locality"] == "tilbury", "locality"] = "tilbury_docks"

    for name in ("localities.csv", "baseline.csv", "targets.csv", "areas.csv"):
        edit_csv(scenario_copy, name, rename)
    problems = problems_of(scenario_copy)
    assert problems and all(p.startswith("published/locality_") for p in problems), problems
    assert any("unknown locality 'tilbury'" in p for p in problems)
