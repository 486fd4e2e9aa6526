"""Issue 17, item 1: icsplan never destroys or overwrites a user's files.

Each case runs the real command as a separate process (the CLI's whole error path, exit
statuses, and signals), against folders made in a temporary directory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from icsplan.scenario.folder import resolve
from tests.security.conftest import ICSPLAN, icsplan

pytestmark = pytest.mark.e2e


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_import_force_into_the_current_folder_is_refused_and_nothing_is_touched(
        tmp_path, mse_book):
    work = tmp_path / "work"
    (work / ".git").mkdir(parents=True)
    (work / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    book = work / "plan.xlsx"
    book.write_bytes(mse_book.read_bytes())
    before = _tree(work)
    result = icsplan("scenario", "import", "plan.xlsx", ".", "--force", cwd=work)
    assert result.returncode == 2, result.stderr
    assert "current folder" in result.stderr and "Traceback" not in result.stderr
    assert _tree(work) == before


@pytest.mark.parametrize("target", ["..", "/", "~"])
def test_import_force_above_the_current_folder_home_or_root_is_refused(tmp_path, mse_book,
                                                                        target):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep.txt").write_text("mine")
    folder = str(home) if target == "~" else target
    result = icsplan("scenario", "import", str(mse_book), folder, "--force", cwd=work,
                     env={"HOME": str(home)})
    assert result.returncode == 2, result.stderr
    assert "never replaces it" in result.stderr or "not a scenario" in result.stderr
    assert (home / "keep.txt").read_text() == "mine"
    assert work.is_dir()


def test_import_force_into_a_folder_with_other_files_is_refused(tmp_path, mse_book):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.docx").write_text("board paper")
    (folder / "scenario.yaml").write_text("name: x\n")
    result = icsplan("scenario", "import", str(mse_book), str(folder), "--force")
    assert result.returncode == 2
    assert "notes.docx" in result.stderr
    assert (folder / "notes.docx").read_text() == "board paper"


def test_import_force_replaces_a_scenario_folder_whole(tmp_path, mse_book):
    folder = tmp_path / "scn"
    import shutil

    shutil.copytree(resolve("mse-2016"), folder)
    (folder / "growth.csv").write_text("stale\n")  # a broken scenario, replaced whole
    result = icsplan("scenario", "import", str(mse_book), str(folder), "--force")
    assert result.returncode == 0, result.stderr
    assert (folder / "growth.csv").read_text() != "stale\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".icsplan-")]
    assert icsplan("check", str(folder)).returncode == 0


def test_run_out_is_refused_when_it_is_inside_or_contains_an_input(tmp_path):
    import shutil

    scn = tmp_path / "scn"
    shutil.copytree(resolve("mse-2016"), scn)
    before = _tree(scn)
    for out in (scn, scn / "results", tmp_path):
        result = icsplan("run", str(scn), "--out", str(out))
        assert result.returncode == 2, (out, result.stderr)
        assert "scenario folder" in result.stderr
    actuals = tmp_path / "ae.csv"
    actuals.write_text("x\n")
    result = icsplan("run", "mse-2016", "--actuals", str(actuals), "--out", str(actuals))
    assert result.returncode == 2 and "actuals file" in result.stderr
    assert _tree(scn) == before


def test_run_out_into_a_folder_of_other_files_is_refused(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "budget.xlsx").write_text("mine")
    result = icsplan("run", "mse-2016", "--out", str(out))
    assert result.returncode == 2 and "budget.xlsx" in result.stderr
    assert _tree(out) == {"budget.xlsx": b"mine"}


def _first_run(out: Path) -> dict[str, bytes]:
    result = icsplan("run", "mse-2016", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return _tree(out)


def _kill_during_write(out: Path, sig: int, args: list[str]) -> tuple[int, str, bool]:
    """Start a run, send `sig` as soon as its staging folder holds a file; return the exit
    status, standard error and whether the signal came while it was writing."""
    proc = subprocess.Popen([*ICSPLAN, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline, sent = time.monotonic() + 300, False
    while time.monotonic() < deadline and proc.poll() is None:
        staged = [p for p in out.parent.iterdir() if p.name.startswith(".icsplan-")]
        if staged and staged[0].is_dir() and any(staged[0].iterdir()):
            os.kill(proc.pid, sig)
            sent = True
            break
        time.sleep(0.002)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err, sent


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_run_killed_while_writing_leaves_the_previous_output_whole(tmp_path, sig):
    out = tmp_path / "out"
    before = _first_run(out)
    manifest = json.loads(before["manifest.json"])
    code, err, sent = _kill_during_write(out, sig, ["run", "mse-2016", "--out", str(out),
                                                    "--investment-level", "0.5", "--excel"])
    assert sent, err  # the signal came while the results were being written
    after = _tree(out)
    # either the old run or the new one, whole: never a mix under one manifest
    listed = set(json.loads(after["manifest.json"])["files"]) | {"manifest.json"}
    assert set(after) == listed
    if after != before:
        assert json.loads(after["manifest.json"])["investment_level"] == 0.5
    else:
        assert json.loads(after["manifest.json"]) == manifest
    if sig == signal.SIGINT and code == 0:
        # the run swapped its output in and was ending before the signal was handled (a
        # loaded machine can pause this test between seeing the staging folder and the
        # kill): then the new run is there, whole, and nothing was said
        assert json.loads(after["manifest.json"])["investment_level"] == 0.5
        assert err.strip() == ""
    elif sig == signal.SIGINT:
        assert code == 130, err
        lines = [x for x in err.splitlines() if x.strip()]
        assert lines == ["Interrupted: nothing was changed (any earlier results are as they "
                         "were)."]
    else:
        assert code == -signal.SIGKILL
        assert [p for p in tmp_path.iterdir() if p.name.startswith(".icsplan-")]  # left behind
    # the next run cleans what the killed one left and completes
    assert _first_run(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".icsplan-")]


def test_a_kill_between_the_two_renames_is_undone_by_the_next_run(tmp_path):
    from icsplan.safety.folders import clean_stale

    out = tmp_path / "out"
    before = _first_run(out)
    aside = tmp_path / f".icsplan-out.{2 ** 22 + 7}.0badc0de-old"  # a dead process's
    out.rename(aside)
    clean_stale(out)
    assert _tree(out) == before and not aside.exists()

