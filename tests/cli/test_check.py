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
