"""End to end: `icsplan options` as a user runs it, and the appraisal in `icsplan run`."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
FILES = ("access.csv", "flows.csv", "beds_by_site.csv", "economics.csv", "scores.csv",
         "sensitivity.csv", "appraisal.html", "manifest.json")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("options") / "out"
    result = runner.invoke(app, ["options", "mse-2016", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, result.output


def test_options_writes_every_file(out):
    folder, _ = out
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    beds = pd.read_csv(folder / "beds_by_site.csv")
    assert {"option", "site", "beds_85", "beds_92"} <= set(beds.columns)
    assert sorted(beds["option"].unique()) == ["1A", "1B", "1C", "2A", "2B", "today"]


def test_closing_note_names_access_beds_rank_and_sensitive_weight(out):
    _, text = out
    text = " ".join(text.split())
    for option in ("1A", "1B", "1C", "2A", "2B"):
        line = re.search(rf"{option}: specialist emergency hospital .*?(?= [12][ABC]: |$)", text)
        assert line, option
        assert "within 30 min" in line.group(0) and "within 45 min" in line.group(0)
        assert "beds at 85%" in line.group(0) and "rank " in line.group(0)


def test_appraisal_page_is_self_contained_with_a_tile_free_map(out):
    folder, _ = out
    html = (folder / "appraisal.html").read_text()
    assert not re.search(r"<script[^>]*\ssrc=", html)
    assert "Road minutes to the nearest specialist" in html  # the chart title (it may wrap)
    assert "switching value" in html


def test_bad_weights_exit_2_with_one_line_and_write_nothing(scenario_copy, tmp_path):
    path = scenario_copy / "criteria.csv"
    path.write_text(path.read_text().replace(",20,cost,", ",35,cost,"))
    target = tmp_path / "never"
    result = runner.invoke(app, ["options", str(scenario_copy), "--out", str(target)])
    assert result.exit_code == 2
    assert "criteria.csv, field 'weight_pct': weights add up to 115%, not 100%" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_run_report_includes_the_appraisal(mse_run):
    out, _ = mse_run("run_mse_2016")
    assert "Options appraisal" in (out / "report.html").read_text()
    assert (out / "sensitivity.csv").is_file()


def test_a_scenario_without_options_is_refused_with_exit_2(scenario_copy, tmp_path):
    (scenario_copy / "options.csv").unlink()
    result = runner.invoke(app, ["options", str(scenario_copy), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "has no options.csv" in result.output
    assert not (tmp_path / "o").exists()
