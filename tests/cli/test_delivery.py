"""End to end: `icsplan delivery` and `icsplan run --actuals` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app
from icsplan.delivery.spc import COLUMNS

pytestmark = pytest.mark.functional
runner = CliRunner()
AE = "/work/shared/data/ae_attendances.csv"


@pytest.fixture(scope="module")
def tracked(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("track") / "d"
    result = runner.invoke(app, ["delivery", "track", "mse-2016", "--actuals", AE,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_track_writes_the_four_files_and_a_report(tracked):
    assert sorted(p.name for p in tracked.iterdir()) == [
        "kpi_summary.csv", "kpi_trajectory_ahead.csv", "manifest.json", "plan_vs_actual.csv",
        "report.html", "spc.csv"]
    points = pd.read_csv(tracked / "spc.csv")
    assert set(COLUMNS) <= set(points.columns)
    summary = pd.read_csv(tracked / "kpi_summary.csv")
    assert {"measure", "org", "latest_value", "target", "variation", "assurance"} <= set(
        summary.columns)
    four_hour = summary[summary["measure"] == "ae_4hr_all"].set_index("org")
    assert set(four_hour.index) == {"RDD", "RQ8", "RAJ", "ENG"}
    report = (tracked / "report.html").read_text()
    for text in ("Delivery", "Basildon and Thurrock", "Mid Essex", "Southend", "England",
                 "Plan against actual", 'role="img"', "Consistently failing the target"):
        assert text in report, text


def test_bad_actuals_give_one_line_per_problem_exit_2_and_no_output(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("period,org_code,type,attendances,breaches,admissions\n"
                   "2016-04-01,RDD,1,100,200,5\n2016-04-31,RQ8,1,100,10,5\n"
                   "2016-05-01,??,1,100,10,5\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["delivery", "track", "--actuals", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip().startswith("- ")]
    assert len(lines) == 3
    assert "Traceback" not in result.output
    assert not out.exists()
    run = runner.invoke(app, ["run", "--actuals", str(bad), "--out", str(out)])
    assert run.exit_code == 2 and not out.exists()


def test_import_writes_tidy_actuals(tmp_path):
    out = tmp_path / "a"
    result = runner.invoke(app, ["delivery", "import", AE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "actuals.csv")
    assert list(table.columns) == ["measure", "org", "period", "value", "numerator",
                                   "denominator"]
    assert {"ae_4hr_all", "ae_4hr_type1", "emergency_admissions_ae"} <= set(table["measure"])


# `icsplan run --actuals` adds the Delivery section and its files: checked on the one run with
# actuals, tests/cli/test_run.py::test_run_with_actuals_writes_the_forecast_with_its_odds.
