"""Benchmark `icsplan run mse-2016` end to end, as a user runs it (a new process each time).

    .venv/bin/python benchmarks/bench_cli.py [--repeat 5]

Each run is a new Python process (imports included) writing every table and the report into
a fresh folder; the median and range of the wall times are printed with the goal of issue 20
(< 1.5 s) and the CPU time of the child processes.  There is no baseline in the same run: no
other tool computes this plan (the what-if benchmark compares `run_plan` with the app's
recompute instead).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import finish, goal, start


def one_run() -> tuple[float, float]:
    """Wall and CPU seconds (the child's) of one `icsplan run mse-2016`."""
    icsplan = Path(sys.executable).with_name("icsplan")
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run([str(icsplan), "run", "mse-2016", "--out", out], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start("icsplan run mse-2016, a new process per run (imports, model, tables, report)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  note: PYTHONDONTWRITEBYTECODE is set: where icsplan's modules were never "
              "compiled (no __pycache__), every run compiles them again (~0.13 s CPU here); an "
              "installed icsplan reads them compiled")
    walls, cpus = zip(*(one_run() for _ in range(max(1, args.repeat))), strict=True)
    median = statistics.median(walls)
    print("  " + goal("icsplan run mse-2016", median, 1.5,
                      f"[median of {len(walls)}, range {min(walls):.2f}-{max(walls):.2f} s; "
                      f"CPU median {statistics.median(cpus):.2f} s]"))
    finish()


if __name__ == "__main__":
    main()
