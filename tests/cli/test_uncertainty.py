"""`icsplan run --draws`: the uncertainty tables, fan charts, reproducible by seed."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


@pytest.fixture(scope="module")
def outs(tmp_path_factory):
    folders = []
    for k, workers in enumerate((["--workers", "1"], [])):  # one thread; one per core
        out = tmp_path_factory.mktemp(f"draws{k}") / "out"
        result = runner.invoke(app, ["run", "mse-2016", "--draws", "10000", "--seed", "7",
                                     *workers, "--out", str(out)])
        assert result.exit_code == 0, result.output
        folders.append((out, result.output))
    return folders


def test_draws_write_uncertainty_tables_and_fan_charts(outs):
    out, output = outs[0]
    act = pd.read_csv(out / "activity_uncertainty.csv", keep_default_na=False)
    fin = pd.read_csv(out / "finance_uncertainty.csv", keep_default_na=False)
    assert set(act["level"]) == {"pod"} and set(act["measure"]) == {"momentum", "planned"}
    assert len(act) == 5 * 6 * 2
    assert (act["p5"] <= act["p10"]).all() and (act["p10"] <= act["p50"]).all()
    assert (act["p50"] <= act["p90"]).all() and (act["p90"] <= act["p95"]).all()
    assert {"net_saving_gbp", "cumulative_net_gbp", "bridge_gap_gbp", "paid_back"} <= set(
        fin["metric"])
    page = (out / "report.html").read_text()
    assert "How likely is the plan?" in page and "Cumulative net saving" in page
    assert "probability the gap closes" in output
    assert (out / "capacity.csv").is_file()


def test_same_seed_gives_identical_files_on_one_thread_or_one_per_core(outs):
    (a, _), (b, _) = outs
    for name in ("activity_uncertainty.csv", "finance_uncertainty.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_by_ccg_on_two_workers(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--draws", "1200", "--uncertainty-by", "ccg",
                                 "--uncertainty-by", "pod", "--workers", "2", "--poisson",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    act = pd.read_csv(out / "activity_uncertainty.csv", keep_default_na=False)
    assert set(act["level"]) == {"ccg", "pod"}
    assert act[act["level"] == "ccg"]["ccg"].nunique() == 5


def test_by_ccg_alone_also_draws_the_system_pods_for_the_report(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--draws", "50", "--uncertainty-by", "ccg",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    act = pd.read_csv(out / "activity_uncertainty.csv", keep_default_na=False)
    assert list(dict.fromkeys(act["level"])) == ["pod", "ccg"]
    assert "How likely is the plan?" in (out / "report.html").read_text()


def test_an_unknown_level_is_refused_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--draws", "10", "--uncertainty-by", "practice",
                                 "--out", str(out)])
    assert result.exit_code == 2
    assert "practice" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_uncertainty_by_without_draws_is_refused_naming_the_option(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--uncertainty-by", "ccg", "--out", str(out)])
    assert result.exit_code == 2
    assert "--uncertainty-by: only applies to Monte Carlo draws" in result.output
    assert "Traceback" not in result.output and not out.exists()
