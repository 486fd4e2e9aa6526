"""`icsplan run` and `icsplan check` on mse-2019, a plan with programmes and KPIs but no
activity model: the board pack has the programme pages and no empty activity tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
ACTUALS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ae_attendances.csv"


def test_run_writes_the_programme_pages_and_no_activity_tables(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "mse-2019", "--out", str(out)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "39 programmes in 2019/20 Q1" in result.output
    files = {p.name for p in out.iterdir()}
    assert {"programme_portfolio.csv", "programme_milestones.csv", "report.html",
            "org_budgets.csv"} <= files
    assert not files & {"activity.csv", "activity_summary.csv", "locality_targets.csv"}
    portfolio = pd.read_csv(out / "programme_portfolio.csv", keep_default_na=False)
    assert len(portfolio) == 39 and set(portfolio["rag"]) <= {"R", "A", "G", "not rated"}
    page = (out / "report.html").read_text()
    assert "Programme portfolio" in page and "Programme pages" in page
    assert "RAG rule" in page and "System activity" not in page


@pytest.mark.skipif(not ACTUALS.is_file(), reason="needs ../shared/data beside the project")
def test_run_with_actuals_draws_the_trajectory_ahead(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "mse-2019", "--out", str(out), "--actuals",
                                 str(ACTUALS)], terminal_width=200)
    assert result.exit_code == 0, result.output
    ahead = pd.read_csv(out / "kpi_trajectory_ahead.csv")
    rows = ahead[(ahead["measure"] == "ae_4hr_all") & (ahead["org"] == "RAJ")]
    # "90% ... for June 2019 onwards": June 2019 to March 2020, after the last actual
    assert list(rows["month"]) == [f"2019-{m:02d}" for m in range(6, 13)] + [
        "2020-01", "2020-02", "2020-03"]
    assert set(rows["target"]) == {90.0}


def test_check_says_what_the_plan_is():
    result = runner.invoke(app, ["check", "mse-2019"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "no activity model, 39 programmes, 38 KPIs" in result.output


@pytest.mark.parametrize("args", [
    ["population", "synth", "--scenario", "mse-2019", "--out", "{tmp}/pop"],
    ["run", "mse-2019", "--out", "{tmp}/out", "--draws", "5"],
    ["app", "mse-2019", "--population", "{tmp}"]])
def test_commands_that_need_an_activity_model_refuse_it_in_one_sentence(tmp_path, args):
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args], terminal_width=200)
    assert result.exit_code == 2, result.output
    assert "has no activity model" in result.output and "Traceback" not in result.output
    assert not any(tmp_path.iterdir())
