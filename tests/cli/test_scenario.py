"""`icsplan scenario export|import`."""

import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


def test_excel_export_and_import(tmp_path):
    book = tmp_path / "mse.xlsx"
    assert runner.invoke(app, ["scenario", "export", "mse-2016", str(book)]).exit_code == 0
    folder = tmp_path / "edited"
    result = runner.invoke(app, ["scenario", "import", str(book), str(folder)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "o")])
    assert again.exit_code == 0, again.output


def test_import_of_missing_workbook_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["scenario", "import", str(tmp_path / "nope.xlsx"),
                                 str(tmp_path / "x")])
    assert result.exit_code == 2 and "no such file" in result.output
