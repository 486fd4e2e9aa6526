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


COLLECTOR = """
import gc
from icsplan.cli.common import collector_paused, frozen_heap
before = gc.get_freeze_count()
with collector_paused():
    assert not gc.isenabled()
    made = [[i] for i in range(50_000)]  # what a command's imports make
print(gc.isenabled(), gc.get_freeze_count() - before >= 50_000)
with frozen_heap():
    pass
print(gc.get_freeze_count())
"""


def test_what_is_made_while_the_collector_is_paused_is_frozen_and_collection_resumes():
    # frozen, the import's objects are never walked by the next young collection (~30 ms of
    # `icsplan run`); frozen_heap's end returns them to the collector
    done = subprocess.run([sys.executable, "-c", COLLECTOR], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["True", "True", "0"]
