"""`icsplan check` and `icsplan scenarios`."""

import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


def test_check_prints_reconciliation_and_exits_zero():
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "003 system activity table" in result.output
    assert "inconsistent" in result.output and "model follows" in result.output


def test_scenarios_lists_the_builtin():
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0 and "mse-2016" in result.output


def test_check_with_actuals_reports_the_forecast_back_test():
    result = CliRunner().invoke(app, ["check", "mse-2016", "--actuals",
                                      "/work/shared/data/ae_attendances.csv"],
                                terminal_width=160)
    assert result.exit_code == 0, result.output
    assert "Back test: forecasts from actuals up to 2018-03-31" in result.output
    for word in ("activity:", "continues", "momentum", "kpi: process", "80% cover"):
        assert word in result.output, word
