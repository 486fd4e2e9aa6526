"""`icsplan register` end to end on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


def _run(*args: str, env: dict | None = None):
    return runner.invoke(app, ["register", *args], env={"ICSPLAN_USER": "tester", **(env or {})})


def test_init_seed_report_history(db_url, tmp_path):
    result = _run("init", "--db", db_url, "--seed", "mse-2016")
    assert result.exit_code == 0, result.output
    assert "469" in result.output  # maturity rows: 26 localities x their quarters
    result = _run("report", "--db", db_url, "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "register.html").read_text()
    for title in ("QIPP pipeline against target", "Milestone slippage", "Risk heat map",
                  "Locality maturity", "reproduces 18 of 18 published ratings"):
        assert title in html
    qipp = pd.read_csv(tmp_path / "out" / "register_qipp_pipeline.csv")
    assert qipp.gap_gbp.tolist() == [406000]
    heat = pd.read_csv(tmp_path / "out" / "register_risk_heat_map.csv")
    assert heat["count"].sum() == 18 and len(heat) == 25
    result = _run("history", "risks", "R16", "--db", db_url)
    assert result.exit_code == 0 and "risk R16 v1  insert impact = 5" in result.output


def test_a_bad_import_exits_2_with_one_line_per_bad_row_and_writes_nothing(db_url, tmp_path):
    assert _run("init", "--db", db_url, "--seed", "mse-2016").exit_code == 0
    path = tmp_path / "risks.csv"
    assert _run("export", "risks", str(path), "--db", db_url).exit_code == 0
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, "impact"] = "six"
    frame.loc[2, "likelihood"] = "0"
    frame.loc[4, "category"] = "Renamed"  # a good edit, not applied because the file is bad
    frame.to_csv(path, index=False)
    result = _run("import", "risks", str(path), "--db", db_url)
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip().startswith("- ")]
    assert len(lines) == 2
    assert "line 3, field 'impact'" in lines[0] and "'six'" in lines[0]
    assert "line 4, field 'likelihood'" in lines[1]
    assert "Traceback" not in result.output
    history = _run("history", "risks", "R05", "--db", db_url).output
    assert "Renamed" not in history


def test_commands_on_a_database_without_a_register_say_to_init(tmp_path):
    result = _run("report", "--db", f"sqlite:///{tmp_path / 'empty.db'}", "--out",
                  str(tmp_path / "out"))
    assert result.exit_code == 2 and "run `icsplan register init` first" in result.output
    assert not (tmp_path / "out").exists()


def test_run_with_a_register_adds_it_to_the_board_report(tmp_path):
    db = f"sqlite:///{tmp_path / 'register.db'}"
    assert _run("init", "--db", db, "--seed", "mse-2016").exit_code == 0
    result = runner.invoke(app, ["run", "mse-2016", "--out", str(tmp_path / "out"), "--db", db])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "report.html").read_text()
    assert "Programme register" in html and "Risk heat map" in html
    assert html.index("Programme register") < html.index("Reconciliation with the published")


def test_run_with_a_missing_register_writes_nothing(tmp_path):
    result = runner.invoke(app, ["run", "mse-2016", "--out", str(tmp_path / "out"), "--db",
                                 f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 2 and "register init" in result.output
    assert not (tmp_path / "out").exists()
