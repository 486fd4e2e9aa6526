"""End to end: `icsplan waiting-list` as a user runs it (synthetic and seed-derived data)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.functional
runner = CliRunner()


@pytest.fixture(scope="module")
def rtt_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rtt") / "rtt.csv"
    result = runner.invoke(app, ["waiting-list", "synth", str(path), "--providers", "2",
                                 "--specialties", "2", "--months", "25"])
    assert result.exit_code == 0, result.output
    return path


def test_import_writes_a_tidy_table_and_measures(rtt_file, tmp_path):
    out = tmp_path / "imp"
    result = runner.invoke(app, ["waiting-list", "import", str(rtt_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "rtt.csv",
                                                     "rtt_actuals.csv"]
    tidy = pd.read_csv(out / "rtt.csv")
    original = pd.read_csv(rtt_file)
    pd.testing.assert_frame_equal(tidy, original, check_dtype=False)


def test_project_flags_negative_stocks_of_the_reference_methods(rtt_file, tmp_path):
    for method in ("none", "capped"):
        out = tmp_path / method
        result = runner.invoke(app, ["waiting-list", "project", str(rtt_file), "--out",
                                     str(out), "--months", "12", "--capacity-change", "1.5",
                                     "--redistribution", method, "--full-breakdown"])
        assert result.exit_code == 0, result.output
        table = pd.read_csv(out / "rtt_projection.csv")
        assert len(table) == 4 * 12
        assert table["negative_stock"].any() == (method == "none")
        flows = pd.read_csv(out / "rtt_calibration.csv")
        assert len(flows) == 4 * 24 * 25  # series x calibration months x compartments
    params = pd.read_csv(tmp_path / "capped" / "rtt_parameters.csv")
    assert list(params.columns) == ["provider", "specialty", "months_waited", "renege_param",
                                    "capacity_param"]


def test_plan_answers_the_questions_with_a_report(rtt_file, tmp_path):
    out = tmp_path / "plan"
    result = runner.invoke(app, ["waiting-list", "plan", "--rtt", str(rtt_file), "--out",
                                 str(out), "--draws", "200", "--target-month", "2018-03",
                                 "--zero-52-month", "2019-03"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.json", "report.html", "rtt_actuals.csv", "rtt_answers.csv",
                     "rtt_bridge_option.csv", "rtt_odds.csv", "rtt_parameters.csv",
                     "rtt_projection.csv", "rtt_spc.csv"]
    answers = pd.read_csv(out / "rtt_answers.csv")
    assert len(answers) == 4 and set(answers["status"]) <= {"solved", "already met",
                                                             "not reachable"}
    option = pd.read_csv(out / "rtt_bridge_option.csv")
    assert option["in_bridge"].tolist()[0] == "yes"
    assert set(option["in_bridge"].tolist()[1:]) == {"no: an option"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["draws"] == 200 and "report.html" in manifest["files"]
    report = (out / "report.html").read_text()
    assert "Waiting lists: referral to treatment" in report
    assert "an option beside the bridge" in report


def test_plan_on_the_seeds_states_its_assumptions(tmp_path):
    out = tmp_path / "seeds"
    result = runner.invoke(app, ["waiting-list", "plan", "--seeds", "--out", str(out),
                                 "--draws", "100", "--target-month", "2017-03"])
    assert result.exit_code == 0, result.output
    assert "7,045" in result.output and "004 Elective care" in result.output
    actuals = pd.read_csv(out / "rtt_actuals.csv")
    last = actuals.iloc[-1]
    assert last["month"] == "2016-07"
    assert last["waiting_list"] - last["within_18_weeks"] == pytest.approx(7045, abs=1)


@pytest.mark.parametrize(("args", "message"), [
    (["--rtt", "missing.csv"], "no such file"),
    ([], "give either --rtt FILE or --seeds"),
    (["--seeds", "--redistribution", "sideways"], "'sideways' is not one of"),
    (["--seeds", "--target-month", "2031-01"], "outside the projection"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "never"
    result = runner.invoke(app, ["waiting-list", "plan", "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_bad_row_is_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("period,months_waited,referrals,completes,incompletes\n"
                   "2019-04,0,10,2,5\n2019-05,0,ten,2,5\n")
    out = tmp_path / "imp"
    result = runner.invoke(app, ["waiting-list", "import", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "bad.csv, line 3, field 'referrals': 'ten' is not a count of 0 or more" in " ".join(
        result.output.split())
    assert not out.exists()


def test_run_with_rtt_adds_the_section_and_its_files(rtt_file, tmp_path):
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", "--rtt", str(rtt_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"rtt_answers.csv", "rtt_bridge_option.csv", "rtt_spc.csv", "bridge.csv"} <= names
    bridge = pd.read_csv(out / "bridge.csv")
    option = pd.read_csv(out / "rtt_bridge_option.csv")
    # the option sits beside the bridge: the bridge's gap is unchanged and quoted
    assert option["value_gbp"].iloc[0] == pytest.approx(bridge["cumulative_gbp"].iloc[-1])
    assert not bridge["step"].str.contains("RTT").any()
    report = (out / "report.html").read_text()
    assert 'id="waiting-lists-referral-to-treatment"' in report
