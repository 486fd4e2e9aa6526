"""Regression snapshots: every output of `icsplan run mse-2016` (full and quarter investment)
and `icsplan check --all` equals the stored snapshot (scripts/update_snapshots.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "snapshots"
_spec = importlib.util.spec_from_file_location("update_snapshots",
                                               ROOT / "scripts" / "update_snapshots.py")
update = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update)
runner = CliRunner()


@pytest.fixture(scope="module", params=sorted(update.RUNS))
def run(request, tmp_path_factory):
    """One snapshot command, run into a fresh folder: (snapshot name, output folder)."""
    out = tmp_path_factory.mktemp(request.param) / "out"
    result = runner.invoke(app, [*update.RUNS[request.param], "--out", str(out)])
    assert result.exit_code == 0, result.output
    return request.param, out


def test_every_output_table_equals_its_snapshot(run):
    name, out = run
    expected = sorted(p.name for p in (SNAPSHOTS / name).glob("*.csv"))
    assert sorted(p.name for p in out.glob("*.csv")) == expected
    for file in expected:
        got = pd.read_csv(out / file, keep_default_na=False)
        want = pd.read_csv(SNAPSHOTS / name / file, keep_default_na=False)
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, atol=1e-6,
                                      obj=f"{name}/{file}")


def test_manifest_equals_its_snapshot_but_for_the_time(run):
    name, out = run
    want = json.loads((SNAPSHOTS / name / "manifest.json").read_text())
    assert update.stable_manifest(out / "manifest.json") == want


def test_check_all_prints_its_snapshot():
    result = runner.invoke(app, ["check", "mse-2016", "--all"], terminal_width=120)
    assert result.exit_code == 0
    assert result.output == (SNAPSHOTS / "check_all.txt").read_text()
