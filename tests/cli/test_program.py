"""The `icsplan` program (`cli.common.Program`): after `icsplan run` it leaves without the
interpreter's teardown (exit handlers do not run), with its output and exit status intact;
other commands, and a process where something else still runs, end as usual."""

import subprocess
import sys
import threading

import pytest

from icsplan.cli.common import leave

pytestmark = pytest.mark.functional

PROGRAM = """
import atexit, sys
atexit.register(lambda: print("teardown ran", file=sys.stderr))
sys.argv = ["icsplan", *sys.argv[1:]]
from icsplan.cli import app
app()
"""


def program(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True,
                          text=True, timeout=300, check=False)


def test_run_leaves_without_teardown_with_its_output_and_status(tmp_path):
    done = program("run", "mse-2016", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "teardown ran" not in done.stderr
    assert "Wrote 31 files" in done.stdout and "payback" in done.stdout.lower()
    assert (tmp_path / "out" / "report.html").stat().st_size > 0


def test_other_commands_and_failures_end_as_usual(tmp_path):
    checked = program("check", "mse-2016")
    assert checked.returncode == 0 and "teardown ran" in checked.stderr
    failed = program("run", str(tmp_path / "no such scenario"), "--out", str(tmp_path / "o"))
    assert failed.returncode == 2 and "teardown ran" in failed.stderr


def test_leave_returns_while_another_thread_runs_or_the_status_is_text():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        leave(0)  # returning is the test: leaving would end this process
    finally:
        stop.set()
        other.join()
    leave("a message, not a number")
