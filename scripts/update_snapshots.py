"""Rewrite the regression snapshots in tests/snapshots/ from the current code.

Run it only when a change of behaviour is intended, and say why in the commit:
    .venv/bin/python scripts/update_snapshots.py
The snapshot test (tests/e2e/test_snapshots.py) compares every output table of
`icsplan run mse-2016` (full and quarter investment) and `icsplan check --all` with these.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from icsplan.cli import app

SNAPSHOTS = Path(__file__).resolve().parent.parent / "tests" / "snapshots"
RUNS = {"run_mse_2016": ["run", "mse-2016"],
        "run_mse_2016_quarter": ["run", "mse-2016", "--investment-level", "0.25"]}


def stable_manifest(path: Path) -> dict:
    """The manifest without the fields that change from run to run (created time)."""
    manifest = json.loads(path.read_text())
    manifest.pop("created", None)
    return manifest


def main() -> int:
    """Run each snapshot command and store its outputs."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in RUNS.items():
            out = Path(tmp) / name
            result = runner.invoke(app, [*args, "--out", str(out)])
            if result.exit_code != 0:
                print(result.output, file=sys.stderr)
                return 1
            dest = SNAPSHOTS / name
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            for csv in sorted(out.glob("*.csv")):
                shutil.copy(csv, dest / csv.name)
            (dest / "manifest.json").write_text(
                json.dumps(stable_manifest(out / "manifest.json"), indent=2) + "\n")
    result = runner.invoke(app, ["check", "mse-2016", "--all"], terminal_width=120)
    if result.exit_code != 0:
        print(result.output, file=sys.stderr)
        return 1
    (SNAPSHOTS / "check_all.txt").write_text(result.output)
    print(f"Snapshots written to {SNAPSHOTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
