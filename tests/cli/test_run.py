"""`icsplan run`: every file with its columns, reproducible, bad input refused whole."""

import json
import re

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()

COLUMNS = {
    "activity.csv": ["scenario", "year", "ccg", "locality", "pod", "baseline", "momentum",
                     "planned"],
    "activity_summary.csv": ["pod", "year", "baseline", "momentum", "planned",
                             "change_vs_baseline_pct", "change_vs_momentum_pct"],
    "change_factors.csv": ["pod", "year", "factor", "value"],
    "locality_targets.csv": ["ccg", "locality", "pod", "population", "baseline", "momentum",
                             "target", "reduction_vs_baseline", "reduction_vs_momentum",
                             "gross_savings_gbp"],
}


@pytest.fixture(scope="module")
def out(mse_run):
    """`icsplan run mse-2016`, run once per test run (the snapshot run)."""
    return mse_run("run_mse_2016")[0]


def test_run_writes_every_file_with_its_columns(out):
    for name, columns in COLUMNS.items():
        assert list(pd.read_csv(out / name).columns) == columns, name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"] == "mse-2016"
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["scenario_hash"])
    assert {"icsplan_version", "created"} <= set(manifest)


def test_activity_summary_percentages_are_percent(out):
    s = pd.read_csv(out / "activity_summary.csv")
    row = s[(s["pod"] == "ae") & (s["year"] == "2020/21")].iloc[0]
    assert round(row["change_vs_momentum_pct"], 2) == -12.95


def test_report_is_self_contained(out):
    text = (out / "report.html").read_text()
    assert not re.search(r"<script[^>]*\ssrc=", text)  # plotly.js is inline
    assert not re.search(r"<link[^>]*\shref=\"http", text)
    for heading in ("Headline figures", "Activity trajectories", "What changes activity",
                    "Locality targets", "Reconciliation with the published plan"):
        assert heading in text
    assert text.count("Plotly.newPlot") >= 2


def test_bad_scenario_gives_one_line_per_problem_and_no_output(scenario_copy, tmp_path):
    path = scenario_copy / "initiatives.yaml"
    data = yaml.safe_load(path.read_text())
    data[4]["effects"][0]["localities"] = ["atlantis"]
    data[0]["effects"][0]["pod"] = "maternity"
    path.write_text(yaml.safe_dump(data))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(scenario_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert "2 problems" in result.output
    assert "unknown locality 'atlantis'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    check = runner.invoke(app, ["check", str(scenario_copy)])
    assert check.exit_code == 2


def test_runs_are_reproducible(out, tmp_path):
    again = tmp_path / "again"
    assert runner.invoke(app, ["run", "--out", str(again)]).exit_code == 0
    for name in COLUMNS:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_investment_level_quarter_releases_an_eighth_of_savings(out, mse_run):
    low, printed = mse_run("run_mse_2016_quarter")  # run --investment-level 0.25
    assert "savings 12.5%" in printed
    full = pd.read_csv(out / "initiatives.csv").groupby("year")["gross_gbp"].sum()
    quarter = pd.read_csv(low / "initiatives.csv").groupby("year")["gross_gbp"].sum()
    assert (quarter["2020/21"] / full["2020/21"]) == pytest.approx(0.125)
    # --excel's workbook: tests/report/test_pdf.py (one run with --pdf --excel)


def test_investment_level_out_of_range_is_refused(tmp_path):
    result = runner.invoke(app, ["run", "--out", str(tmp_path / "x"), "--investment-level",
                                 "1.5"])
    assert result.exit_code == 2 and not (tmp_path / "x").exists()


def test_finance_files_have_their_columns(out):
    expected = {
        "initiatives.csv": ["initiative", "year", "gross_gbp", "investment_gbp", "stranded_gbp",
                            "net_gbp"],
        "bridge.csv": ["step", "order", "value_gbp", "cumulative_gbp", "source"],
        "workforce.csv": ["role", "year", "fte", "cost_gbp"],
        "gp_capacity.csv": ["year", "demand_appts", "capacity_appts", "gap_fte"],
    }
    for name, columns in expected.items():
        assert list(pd.read_csv(out / name).columns) == columns, name
    text = (out / "report.html").read_text()
    for heading in ("The financial bridge", "Investment, savings and payback",
                    "Workforce and GP capacity", "Organisation budgets and QIPP"):
        assert heading in text


def test_compare_a_scenario_with_a_saved_run(out, tmp_path):
    result = runner.invoke(app, ["compare", "mse-2016", str(out), "--out",
                                 str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    files = {p.name for p in (tmp_path / "cmp").iterdir()}
    assert {"headline_diff.csv", "activity_diff.csv", "bridge_diff.csv", "compare.html"} <= files
    assert "inputs_diff.csv" not in files  # a saved run keeps no inputs
    assert "Inputs (SHA-256" in result.output and "same" in (
        tmp_path / "cmp" / "headline_diff.csv").read_text()


def test_compare_with_something_that_is_neither_is_one_problem(tmp_path):
    result = runner.invoke(app, ["compare", "mse-2016", str(tmp_path / "nothing"), "--out",
                                 str(tmp_path / "cmp")])
    assert result.exit_code == 2 and "no such scenario folder" in result.output
    assert not (tmp_path / "cmp").exists()


def test_run_with_actuals_writes_the_forecast_with_its_odds(tmp_path):
    """The one CLI run with actuals: the forecast and its odds, and the Delivery section with
    its files."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "mse-2016", "--actuals",
                                 "/work/shared/data/ae_attendances.csv", "--draws", "300",
                                 "--recover-by", "2019/20", "--out", str(out)],
                           terminal_width=160)
    assert result.exit_code == 0, result.output
    assert "Forecast outturn in 2020/21" in result.output
    assert "Back test" in result.output
    for name in ("forecast", "forecast_headline", "delivery_to_date", "delivery_by_initiative",
                 "forecast_run_rate", "forecast_backtest", "forecast_backtest_summary"):
        assert (out / f"{name}.csv").exists(), name
    forecast = pd.read_csv(out / "forecast.csv")
    gap = forecast[forecast["metric"] == "bridge_gap_gbp"].set_index("assumption")
    assert list(gap.index) == ["plan", "continues", "recovers", "as_planned"]
    assert gap.loc[["continues", "recovers", "as_planned"], "probability"].between(0, 1).all()
    assert gap.loc["recovers", "label"] == "recovers to plan by 2019/20"
    report = (out / "report.html").read_text()
    assert "Forecast outturn" in report and "Back-test accuracy by method" in report
    for name in ("spc.csv", "kpi_summary.csv", "plan_vs_actual.csv", "activity.csv"):
        assert (out / name).is_file(), name
    assert ">Delivery</h2>" in report


def test_forecast_options_are_checked_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--actuals", "/work/shared/data/ae_attendances.csv",
                                 "--recover-by", "2031/32", "--out", str(out)])
    assert result.exit_code == 2
    assert "--recover-by" in result.output and "'2031/32'" in result.output
    assert not out.exists()
