"""Loading, validation and Excel round trip of scenario folders."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from icsplan.scenario import ScenarioError, export_excel, import_excel, load_scenario, save_scenario

pytestmark = pytest.mark.unit


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    return [str(p) for p in info.value.problems]


def edit_csv(folder: Path, name: str, change) -> None:
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    result = change(frame)  # edits in place, or returns a new frame
    frame = frame if result is None else result
    frame.to_csv(folder / name, index=False)


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


def test_missing_growth_for_a_pod(scenario_copy):
    edit_csv(scenario_copy, "growth.csv", lambda f: f.drop(index=0))
    assert problems_of(scenario_copy) == [
        "growth.csv: no system growth rate for pod 'ae' (add a row with an empty locality)"]


def test_not_a_scenario():
    with pytest.raises(ScenarioError, match="no built-in scenario of that name"):
        load_scenario("no-such-scenario")


def test_total_reduction_over_100_percent_is_rejected(scenario_copy):
    path = scenario_copy / "initiatives.yaml"
    data = yaml.safe_load(path.read_text())
    data[1]["effects"][0]["reduction_pct"] = 99.0
    path.write_text(yaml.safe_dump(data))
    (problem,) = problems_of(scenario_copy)
    assert "non_elective" in problem and "cannot exceed 100%" in problem


def test_folder_round_trip(mse, tmp_path):
    again = load_scenario(save_scenario(mse, tmp_path / "copy"))
    assert again.content_hash() == mse.content_hash()


def test_excel_round_trip(mse, tmp_path):
    book = export_excel(mse, tmp_path / "mse.xlsx")
    again = import_excel(book)
    assert again.content_hash() == mse.content_hash()


def test_edited_workbook_is_validated(mse, tmp_path):
    book = export_excel(mse, tmp_path / "mse.xlsx")
    sheets = pd.read_excel(book, sheet_name=None, dtype=str, keep_default_na=False)
    sheets["baseline"].loc[0, "activity"] = "lots"
    with pd.ExcelWriter(book) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(ScenarioError) as info:
        import_excel(book)
    (problem,) = info.value.problems
    assert "[baseline], line 2, field 'activity'" in str(problem)
