"""docs/scenario-format.md says what the validation does: its reference is generated from the
row models and must be up to date."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def test_the_scenario_format_reference_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "scenario_format_doc.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_table_and_published_table_is_documented():
    from icsplan.scenario.tables import PUBLISHED, TABLES

    text = (ROOT / "docs" / "scenario-format.md").read_text()
    for spec in [*TABLES.values(), *PUBLISHED.values()]:
        assert f"### {spec.file}" in text, spec.file
