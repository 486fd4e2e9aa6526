"""`icsplan population`: synthesise, run, and bad input reported as problems."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from icsplan.cli import app

runner = CliRunner()


@pytest.mark.e2e
def test_synth_then_run(tmp_path):
    pop, seg = tmp_path / "pop", tmp_path / "seg"
    result = runner.invoke(app, ["population", "synth", "--out", str(pop), "--scale", "0.01",
                                 "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert json.loads((pop / "manifest.json").read_text())["scale"] == 0.01
    result = runner.invoke(app, ["population", "run", str(pop), "--out", str(seg)])
    assert result.exit_code == 0, result.output
    for name in ("baseline.csv", "segments.csv", "cohorts.parquet", "risk_model.json",
                 "calibration.csv", "costs.csv", "consistency.csv"):
        assert (seg / name).is_file(), name
    assert "AUC" in result.output and "Calibration" in result.output
    model = json.loads((seg / "risk_model.json").read_text())
    assert len(model["calibration"]) == 10 and "auc" in model["evaluation"]
    assert json.loads((seg / "manifest.json").read_text())["scale"] == 0.01
    # The model on that population: suppressed cells never reach arithmetic, and the scaled
    # population is stated on the terminal, the report and the manifest.
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--population", str(seg), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "A scaled or partial population" in result.output
    assert "A scaled or partial population" in (out / "report.html").read_text()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["reconciled"] == "activity-independent only"
    assert manifest["population_share"] == pytest.approx(0.01, rel=0.05)


@pytest.mark.e2e
@pytest.mark.parametrize("args", [
    ["run", "{tmp}/missing", "--out", "{tmp}/seg"],
    ["run", "{pop}", "--out", "{tmp}/seg", "--engine", "oracle"],
    ["run", "{pop}", "--out", "{tmp}/seg", "--cohorts", "high_risk=700"],
    ["run", "{pop}", "--out", "{tmp}/seg", "--memory-limit", "lots"],
    ["synth", "--out", "{tmp}/p", "--scenario", "atlantis"],
    ["synth", "--out", "{tmp}/p", "--scale", "0"],
    ["synth", "--out", "{tmp}/p", "--scale", "51"],
    ["synth", "--out", "{tmp}/p", "--chunk-people", "0"],
])
def test_bad_input_gives_one_line_errors_and_exit_2(args, tmp_path, small_pop):
    args = ["population", *(a.format(tmp=tmp_path, pop=small_pop) for a in args)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "is not valid" in result.output or "Error" in result.output


@pytest.mark.e2e
def test_missing_column_is_reported_by_name(tmp_path, small_pop):
    import shutil

    import pyarrow.parquet as pq

    folder = tmp_path / "bad"
    shutil.copytree(small_pop, folder)
    pq.write_table(pq.read_table(folder / "activity.parquet").drop(["pod"]),
                   folder / "activity.parquet")
    result = runner.invoke(app, ["population", "run", str(folder), "--out", str(tmp_path / "seg")])
    assert result.exit_code == 2
    assert "activity.parquet, field 'pod': required column is missing" in result.output


@pytest.mark.unit
def test_help():
    for cmd in ("synth", "run"):
        result = runner.invoke(app, ["population", cmd, "--help"])
        assert result.exit_code == 0 and "--out" in result.output


@pytest.mark.e2e
@pytest.mark.parametrize("extra", [[], ["--memory-limit", "lots"], ["drop-pod"]])
def test_the_scenario_problem_comes_first(extra, tmp_path, small_pop):
    # the scenario is loaded in a thread while the engine reads the input; a scenario that
    # cannot be used is still the problem reported, before those of the engine or the input
    import shutil

    import pyarrow.parquet as pq

    folder = small_pop
    if extra == ["drop-pod"]:
        folder, extra = tmp_path / "bad", []
        shutil.copytree(small_pop, folder)
        pq.write_table(pq.read_table(folder / "activity.parquet").drop(["pod"]),
                       folder / "activity.parquet")
    result = runner.invoke(app, ["population", "run", str(folder), "--out",
                                 str(tmp_path / "seg"), "--scenario", "mse-2019", *extra])
    assert result.exit_code == 2, result.output
    assert "has no activity model" in result.output
    assert "memory" not in result.output and "missing" not in result.output
    assert not (tmp_path / "seg").exists()
