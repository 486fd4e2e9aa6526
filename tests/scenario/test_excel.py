"""Scenarios as one Excel workbook: round trip and validation of edits."""

import pandas as pd
import pytest

from icsplan.scenario import ScenarioError
from icsplan.scenario.excel import export_excel, import_excel

pytestmark = pytest.mark.unit


def test_excel_round_trip(mse, tmp_path):
    book = export_excel(mse, tmp_path / "mse.xlsx")
    again = import_excel(book)
    assert again.content_hash() == mse.content_hash()


def test_edited_workbook_is_validated(mse, tmp_path):
    book = export_excel(mse, tmp_path / "mse.xlsx")
    sheets = pd.read_excel(book, sheet_name=None, dtype=str, keep_default_na=False)
    sheets["baseline"].loc[0, "activity"] = "lots"
    with pd.ExcelWriter(book) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(ScenarioError) as info:
        import_excel(book)
    (problem,) = info.value.problems
    assert "[baseline], line 2, field 'activity'" in str(problem)
