"""`icsplan compare RUN RUN --forecast ASSUMPTION`: the plan against its forecast outturn."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


def test_compare_shows_the_plan_against_the_forecast(tmp_path):
    run = tmp_path / "run"
    result = runner.invoke(app, ["run", "mse-2016", "--actuals",
                                 "/work/shared/data/ae_attendances.csv", "--out", str(run)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "cmp"
    result = runner.invoke(app, ["compare", str(run), str(run), "--forecast", "continues",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    head = pd.read_csv(out / "headline_diff.csv").set_index("measure")
    forecast = pd.read_csv(run / "forecast_headline.csv").set_index("assumption")
    assert float(head.loc["Bridge gap at the horizon", "b"]) == pytest.approx(
        forecast.loc["continues", "bridge_gap_gbp"])
    assert float(head.loc["Bridge gap at the horizon", "a"]) == pytest.approx(
        forecast.loc["plan", "bridge_gap_gbp"])
    activity = pd.read_csv(out / "activity_diff.csv")
    ae = activity[(activity["pod"] == "ae") & (activity["year"] == "2018/19")].iloc[0]
    assert ae["planned_b"] > ae["planned_a"]  # A&E grew: the forecast sits above the plan
    bad = runner.invoke(app, ["compare", "mse-2016", "mse-2016", "--forecast", "continues",
                              "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2 and not (tmp_path / "bad").exists()
