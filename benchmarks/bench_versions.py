"""Issue 20's figures on this tree and on an earlier checkout, one after the other.

    .venv/bin/python benchmarks/bench_versions.py --before DIR [--repeat 5] [--skip population]

DIR is a checkout of an earlier commit with its own `.venv` (for example a clone of
4dafe9fe, the commit before issue 20's work, bootstrapped with `make .venv/.installed`).
Each figure is measured on the earlier tree and then at once on this one, so that both see
the same machine and load; the next figure follows.  Every run happens in a fresh process of
that tree's own virtual environment, through functions and commands both versions have:

* the national model with its tables (`project`, the activity tables, the change factors and
  the locality targets of `national_scenario()`), timed in one process, every run counted
  (the first touches fresh memory);
* the Monte Carlo run at CCG x pod, national, 10,000 draws, Poisson counts on, in one process;
* `icsplan run mse-2016`, a new process per run (imports included);
* `icsplan population synth --scale 1` and `icsplan population run` on its output (the
  DuckDB engine), a new process per run.

Prints the median and range of the wall times, the median CPU time (the process's own, with
DuckDB's threads; for commands, the child's), the peak resident memory and the load average
at each figure.  The what-if callback is not here: its function changed shape between the
versions; each tree's own `benchmarks/bench_app.py` times it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


# ---- work done inside a tree's own interpreter -------------------------------------------

def _times(repeat: int, fn) -> dict:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"walls": walls, "cpus": cpus, "peak_mb": peak}


def _national_model(repeat: int) -> dict:
    from icsplan.model import project
    from icsplan.scenario.synthetic import national_scenario
    from icsplan.targets import locality_targets

    s = national_scenario()

    def run() -> None:
        p = project(s)
        p.activity(), p.summary(), p.change_factors(), locality_targets(s, p)
        if hasattr(p, "by_ccg"):
            p.by_ccg()

    return _times(repeat, run)


def _monte_carlo(repeat: int) -> dict:
    from icsplan.finance.result import plan_finance
    from icsplan.model import project
    from icsplan.montecarlo import monte_carlo
    from icsplan.scenario.synthetic import national_scenario
    from national import NATIONAL_INTERVALS  # benchmarks/national.py, beside this script

    s = national_scenario()
    s = s.replace(tables={**s.tables, "intervals": NATIONAL_INTERVALS})
    p = project(s)
    f = plan_finance(s, p)
    return _times(repeat, lambda: monte_carlo(s, p, f, 10_000, seed=1, levels=("ccg",),
                                              poisson=True))


def _command(argv: list[str]) -> dict:
    """One run of a command: wall, the child's CPU and its peak memory."""
    wall = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - wall
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"walls": [wall], "cpus": [use.ru_utime + use.ru_stime],
            "peak_mb": use.ru_maxrss / 1024}


def worker(kind: str, repeat: int, argv: list[str]) -> None:
    result = {"model": lambda: _national_model(repeat),
              "mc": lambda: _monte_carlo(repeat),
              "command": lambda: _command(argv)}[kind]()
    print(json.dumps(result))


# ---- the driver ---------------------------------------------------------------------------

def _in(tree: Path, kind: str, repeat: int = 1, argv: tuple[str, ...] = ()) -> dict:
    python = tree / ".venv" / "bin" / "python"
    out = subprocess.run([str(python), str(HERE), "--worker", kind, "--repeat", str(repeat),
                          "--", *argv], check=True, capture_output=True, text=True,
                         cwd=tree, env={**os.environ, "PYTHONPATH": ""})
    return json.loads(out.stdout.strip().splitlines()[-1])


def _commands(tree: Path, repeat: int, argv: list[str]) -> dict:
    runs = [_in(tree, "command", argv=tuple(argv)) for _ in range(repeat)]
    return {"walls": [r["walls"][0] for r in runs], "cpus": [r["cpus"][0] for r in runs],
            "peak_mb": max(r["peak_mb"] for r in runs)}


def _line(label: str, r: dict) -> str:
    w = r["walls"]
    return (f"    {label:<7} {statistics.median(w):8.3f} s ({min(w):.3f}-{max(w):.3f}, "
            f"{len(w)} runs; CPU {statistics.median(r['cpus']):.3f} s; "
            f"peak {r['peak_mb']:,.0f} MB)")


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="an earlier checkout with its own .venv")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated: model,mc,cli,population")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("argv", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.repeat, args.argv)
        return
    if args.before is None or not (args.before / ".venv" / "bin" / "python").exists():
        parser.error("--before must name a checkout with its own .venv")
    trees = {"before": args.before.resolve(), "after": HERE.parent.parent}
    skip = set(filter(None, args.skip.split(",")))
    n = max(1, args.repeat)
    print(f"== issue 20's figures, before ({trees['before']}) then after ({trees['after']}), "
          f"one after the other ==")
    print(f"   {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ICSPLAN_ID_KEY_FILE"] = f"{tmp}/keys/id.key"  # a throw-away key
        figures = []
        if "model" not in skip:
            figures.append(("national model + tables, in one process (goal < 0.1 s)",
                            lambda tree, name: _in(tree, "model", n)))
        if "mc" not in skip:
            figures.append(("Monte Carlo national CCG x pod, 10,000 draws (goal < 1 s)",
                            lambda tree, name: _in(tree, "mc", n)))
        if "cli" not in skip:
            figures.append(("icsplan run mse-2016, new process per run (goal < 1.5 s)",
                            lambda tree, name: _commands(tree, n, [
                                str(tree / ".venv/bin/icsplan"), "run", "mse-2016",
                                "--out", f"{tmp}/{name}-run-{time.monotonic_ns()}"])))
        if "population" not in skip:
            figures.append(("population synth at 1.2M, new process per run (goal < 5 s)",
                            lambda tree, name: _synth(tree, name, tmp, min(n, 3))))
            figures.append(("population run at 1.2M, DuckDB, new process per run (goal < 5 s)",
                            lambda tree, name: _commands(tree, min(n, 3), [
                                str(tree / ".venv/bin/icsplan"), "population", "run",
                                f"{tmp}/{name}-pop", "--out",
                                f"{tmp}/{name}-seg-{time.monotonic_ns()}"])))
        for title, fn in figures:
            print(f"  {title}; {_load()}")
            for name, tree in trees.items():
                print(_line(name, fn(tree, name)), flush=True)
    print(f"   at the end: {_load()}")


def _synth(tree: Path, name: str, tmp: str, repeat: int) -> dict:
    """Synthesise `repeat` times; the last population is kept for the run that follows."""
    runs = []
    for i in range(repeat):
        out = f"{tmp}/{name}-pop" if i == repeat - 1 else f"{tmp}/{name}-synth-{i}"
        runs.append(_in(tree, "command", argv=(
            str(tree / ".venv/bin/icsplan"), "population", "synth", "--scale", "1",
            "--seed", "2016", "--out", out)))
    return {"walls": [r["walls"][0] for r in runs], "cpus": [r["cpus"][0] for r in runs],
            "peak_mb": max(r["peak_mb"] for r in runs)}


if __name__ == "__main__":
    main()
