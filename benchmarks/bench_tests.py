"""The test suite's time against an earlier checkout's, one after the other (issue 16).

    python benchmarks/bench_tests.py --before ../before-clone          # same checks, both
    python benchmarks/bench_tests.py --before ../before-clone --whole  # and the whole suite

The earlier checkout needs its own `.venv` (`make .venv/.installed` there).  Three runs:

* **before**: the earlier checkout's suite, as its `make test` ran it (its own pytest
  options: serial before pytest-xdist);
* **after, the same checks**: this suite's tests that are the earlier suite's, found by id
  (with the `store` -> `register` rename of the tests' folder) or, for a test renamed or
  moved since, by its function's name; run as `make test` runs (`pytest -n auto`);
* **after, whole** (`--whole`): every test of this suite, as `make test` runs it.

Each is a single run (a whole suite takes minutes; repeating it on a shared machine says
more about the machine than about the suite), with its wall and CPU time (the children's,
browsers and servers included), the load average before and after, and the peak memory of
the largest child.  The tests' lint step of `make test` (ruff) is left out of every run.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def collect(root: Path) -> list[str]:
    """The test ids of the suite at `root`, as its own pytest collects them."""
    done = subprocess.run([str(root / ".venv" / "bin" / "pytest"), "--co", "-q",
                           "-p", "no:cacheprovider"], cwd=root, capture_output=True, text=True,
                          check=True)
    return [line.split("@")[0] for line in done.stdout.splitlines() if "::" in line]


def same_checks(before: list[str], after: list[str]) -> list[str]:
    """The tests of `after` that are the tests of `before`: the same id (the tests of the
    register were in tests/store), else every test of `after` with the same function name
    (a test moved to another file, or split into cases)."""
    known = set(after)
    by_name: dict[str, list[str]] = {}
    for test in after:
        by_name.setdefault(test.split("::")[-1].split("[")[0], []).append(test)
    chosen: list[str] = []
    for test in before:
        moved = test.replace("tests/store/", "tests/register/")
        if moved in known:
            chosen.append(moved)
        else:
            chosen.extend(by_name.get(test.split("::")[-1].split("[")[0], []))
    return list(dict.fromkeys(chosen))


def timed(label: str, command: list[str], cwd: Path) -> float:
    """Run `command`, print its wall and CPU time, the load and the peak memory."""
    start_load = os.getloadavg()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"{label}: {wall:.1f} s wall, CPU {cpu:.1f} s; load {start_load[0]:.2f} -> "
          f"{os.getloadavg()[0]:.2f}; peak memory of a child {after.ru_maxrss / 1024:.0f} MB"
          f"\n    {summary}")
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-2000:], sep="\n")
        sys.exit(f"{label}: the tests failed (exit status {done.returncode})")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True,
                        help="an earlier checkout with its own .venv")
    parser.add_argument("--whole", action="store_true", help="also time the whole suite")
    args = parser.parse_args()
    before_root = args.before.resolve()
    if not (before_root / ".venv" / "bin" / "pytest").exists():
        sys.exit(f"{before_root} has no .venv: run `make .venv/.installed` there first")
    print(f"== test suite: {before_root} against {HERE}, single runs, one after the other ==")
    print(f"   load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on "
          f"{os.cpu_count()} cores")
    before = collect(before_root)
    after = collect(HERE)
    chosen = same_checks(before, after)
    print(f"   before: {len(before)} tests; after: {len(after)} tests, of which {len(chosen)} "
          "are the earlier suite's (by id, or by function name when moved or split)")
    ids = HERE / "test-output" / "same-checks.txt"
    ids.parent.mkdir(exist_ok=True)
    ids.write_text("\n".join(chosen) + "\n")
    pytest = str(HERE / ".venv" / "bin" / "pytest")
    old = timed("before, its whole suite", [str(before_root / ".venv" / "bin" / "pytest"),
                                            "-q", "-p", "no:cacheprovider"], before_root)
    new = timed("after, the same checks", [pytest, "-n", "auto", "-q", "-p",
                                           "no:cacheprovider", *chosen], HERE)
    print(f"   the same checks take {100 * (1 - new / old):.0f}% less time than before "
          "(goal: at least 35%)")
    if args.whole:
        whole = timed("after, the whole suite", [pytest, "-n", "auto", "-q", "-p",
                                                 "no:cacheprovider"], HERE)
        print(f"   the whole suite ({len(after)} tests) takes {whole / old:.2f}x the earlier "
              f"suite's time ({len(before)} tests): {whole / len(after):.2f} s a test against "
              f"{old / len(before):.2f} s")
    print(f"   at the end: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
