"""Regression snapshots: every output of `icsplan run mse-2016` (full and quarter investment)
and `icsplan check --all` equals the stored snapshot (scripts/update_snapshots.py).  One case
per output table, so a change reports every table it touches, not just the first."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.cli import app
from tests.conftest import update_snapshots as update

pytestmark = pytest.mark.e2e
SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
runner = CliRunner()
TABLES = [(name, p.name) for name in sorted(update.RUNS)
          for p in sorted((SNAPSHOTS / name).glob("*.csv"))]


@pytest.mark.parametrize("name", sorted(update.RUNS))
def test_the_run_writes_exactly_the_snapshot_tables(mse_run, name):
    out, _ = mse_run(name)
    expected = sorted(p.name for p in (SNAPSHOTS / name).glob("*.csv"))
    assert sorted(p.name for p in out.glob("*.csv")) == expected


@pytest.mark.parametrize(("name", "file"), TABLES, ids=[f"{n}/{f}" for n, f in TABLES])
def test_output_table_equals_its_snapshot(mse_run, name, file):
    out, _ = mse_run(name)
    assert (out / file).is_file(), f"{name} no longer writes {file}"
    got = pd.read_csv(out / file, keep_default_na=False)
    want = pd.read_csv(SNAPSHOTS / name / file, keep_default_na=False)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, atol=1e-6,
                                  obj=f"{name}/{file}")


@pytest.mark.parametrize("name", sorted(update.RUNS))
def test_manifest_equals_its_snapshot_but_for_the_time(mse_run, name):
    out, _ = mse_run(name)
    want = json.loads((SNAPSHOTS / name / "manifest.json").read_text())
    assert update.stable_manifest(out / "manifest.json") == want


def test_check_all_prints_its_snapshot():
    result = runner.invoke(app, ["check", "mse-2016", "--all"], terminal_width=120)
    assert result.exit_code == 0
    assert result.output == (SNAPSHOTS / "check_all.txt").read_text()
