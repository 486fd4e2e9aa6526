"""Benchmark the Monte Carlo: 10,000 draws per slice against row-level resampling (NHP-style).

    .venv/bin/python benchmarks/bench_uncertainty.py [--draws 10000] [--repeat 3]

For mse-2016 (with its intervals) and the national synthetic scenario (42 systems x 30
localities x 5 pods x 20 age bands x 3 segments, with intervals like mse-2016's) it times a
whole `monte_carlo` run: parameter draws, per-slice activity draws with Poisson counts on,
money per draw and the summary tables (mean, percentiles), best of N.  In the same run it
times the baseline written the NHP way: expand the cells into activity rows and, in every
draw and year, resample each row (Poisson) and thin it (binomial).  The baseline is slow,
so it runs a few draws (and, for the national scenario, 3 systems) and is extrapolated
linearly to 10,000 draws (and to the national row count); the printout says so.  Peak memory
is the largest NumPy/Python allocation traced by tracemalloc during one run.  Wall time is
printed with the process's CPU time: on a shared machine the wall time includes waiting.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import pandas as pd

from icsplan.finance.result import plan_finance
from icsplan.model import project
from icsplan.model.resample import expand_rows, reference_parameters, resample_rows
from icsplan.montecarlo import monte_carlo
from icsplan.scenario import load_scenario
from icsplan.scenario.synthetic import national_scenario

NATIONAL_INTERVALS = pd.DataFrame([
    {"kind": "growth", "pod": pod, "initiative": "", "distribution": "normal",
     "p10": rate - 0.6, "p90": rate + 0.6, "source": "synthetic"}
    for pod, rate in [("ae", 2.3), ("elective", 3.3), ("daycase", 3.3),
                      ("non_elective", 2.3), ("outpatient", 3.3)]] + [
    {"kind": "effect", "pod": pod, "initiative": ini, "distribution": "logitnormal",
     "p10": 0.75 * pct, "p90": 1.25 * pct, "source": "synthetic"}
    for ini, pod, pct in [("frailty", "non_elective", 11), ("ltc", "non_elective", 3),
                          ("ltc", "outpatient", 5), ("pathways", "outpatient", 11),
                          ("pathways", "elective", 3.4), ("urgent_care", "ae", 13)]] + [
    {"kind": "delay", "pod": "", "initiative": ini, "distribution": "normal", "p10": 0.0,
     "p90": 1.0, "source": "synthetic"} for ini in ("frailty", "ltc", "pathways", "urgent_care")
])


def best_of(repeat: int, fn):
    """Best wall time and best CPU time (this process) of `repeat` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def peak_mb(fn) -> float:
    """Peak traced memory (MB) of one call."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def fast(scenario, projection, finance, draws: int, level: str):
    """One Monte Carlo run at a level, Poisson counts on."""
    return monte_carlo(scenario, projection, finance, draws, seed=1, levels=(level,),
                       poisson=True)


def rows_baseline(scenario, projection, draws: int, keys: tuple[str, ...]) -> float:
    """Seconds (wall) for `draws` row-level draws (all years)."""
    params = reference_parameters(scenario, scenario.tables.get("intervals"), draws, seed=1)
    start = time.perf_counter()
    resample_rows(scenario, projection, params, keys, seed=2)
    return time.perf_counter() - start


def report(name: str, seconds: float, cpu: float, baseline: float, peak: float,
           note: str) -> None:
    """One line of results: wall and CPU time, memory, the baseline and the ratio."""
    print(f"  {name}: {seconds:.3f} s wall ({cpu:.3f} s CPU), peak memory {peak:,.0f} MB; "
          f"row-level baseline {baseline:,.0f} s ({note}); ratio {baseline / seconds:,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-draws", type=int, default=4)
    args = parser.parse_args()
    n = args.draws

    mse = load_scenario("mse-2016")
    if "intervals" not in mse.tables:
        raise SystemExit("mse-2016 has no intervals table")
    pm = project(mse)
    fm = plan_finance(mse, pm)
    rows = len(expand_rows(pm.baseline)[0])
    print(f"mse-2016: {len(pm.cells):,} cells, {rows:,} activity rows, {len(pm.years)} years, "
          f"{len(mse.tables['intervals'])} intervals, {n:,} draws, Poisson on")
    per_draw = rows_baseline(mse, pm, args.baseline_draws, ("pod",)) / args.baseline_draws
    for level, label in (("pod", "pod x year"), ("ccg", "ccg x pod x year")):
        t, cpu = best_of(args.repeat, lambda level=level: fast(mse, pm, fm, n, level))
        peak = peak_mb(lambda level=level: fast(mse, pm, fm, n, level))
        report(label, t, cpu, per_draw * n, peak,
               f"{args.baseline_draws} draws timed, x{n // args.baseline_draws:,} extrapolated")

    start = time.perf_counter()
    nat = national_scenario()
    nat = nat.replace(tables={**nat.tables, "intervals": NATIONAL_INTERVALS})
    pn = project(nat)
    fn = plan_finance(nat, pn)
    build = time.perf_counter() - start
    rows_nat = len(expand_rows(pn.baseline)[0])
    print(f"national synthetic: {len(pn.cells):,} cells, {rows_nat:,} activity rows "
          f"(build + project {build:.1f} s), {n:,} draws, Poisson on")
    small = national_scenario(systems=3)
    small = small.replace(tables={**small.tables, "intervals": NATIONAL_INTERVALS})
    ps = project(small)
    rows_small = len(expand_rows(ps.baseline)[0])
    b = max(1, args.baseline_draws // 2)
    per_draw = rows_baseline(small, ps, b, ("pod",)) / b * rows_nat / rows_small
    for level, label in (("pod", "pod x year"), ("ccg", "ccg x pod x year")):
        t, cpu = best_of(args.repeat, lambda level=level: fast(nat, pn, fn, n, level))
        peak = peak_mb(lambda level=level: fast(nat, pn, fn, n, level))
        report(label, t, cpu, per_draw * n, peak,
               f"{b} draws on 3 systems ({rows_small:,} rows) timed, extrapolated to "
               f"{rows_nat:,} rows and {n:,} draws")


if __name__ == "__main__":
    main()
