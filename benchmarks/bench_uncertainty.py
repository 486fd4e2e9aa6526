"""Benchmark the Monte Carlo: 10,000 draws, exact per-slice draws against per-cell draws.

    .venv/bin/python benchmarks/bench_uncertainty.py [--draws 10000] [--repeat 3]
    [--national-baseline-draws 200] [--workers N]

The national baseline is timed on --national-baseline-draws draws (200 by default) and
scaled linearly to --draws (draws are independent, so its cost is linear in them); every
other figure, mse-2016's baseline included, is measured at the full number of draws.

For mse-2016 (with its intervals) and the national synthetic scenario (42 systems x 30
localities x 5 pods x 20 age bands x 3 segments, with intervals like mse-2016's) it times a
whole `monte_carlo` run at pod and at CCG x pod: parameter draws, per-slice activity draws
with Poisson counts, money per draw and the summary tables (median and range of every run),
on the default number of threads (one per core this process may use; --workers to choose;
the count is printed) and on one thread.

The baseline, in the same run, is what a competent analyst would write: NumPy vectorised
over cells and a chunk of draws at once - each cell's count drawn as a Poisson around its
momentum and thinned binomially by the share the initiatives remove (the same model as
`model.resample`, which expands cells into unit rows, but with one draw per cell rather than
per row: the sum of independent Poissons is Poisson), then summed to the slices with a
sparse matrix product, and the same percentiles taken.  It runs on one thread, so the ratio
is given against ours on one thread too (like for like) as well as on the default threads.
Peak memory is the process's peak resident set; the goal for national CCG x pod, 10,000
draws is < 1 s wall (issue 20).  CPU times are this process's, all threads together.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from scipy import sparse

from icsplan.finance.result import plan_finance
from icsplan.model import project
from icsplan.model.demand import effect_shares, momentum_factors
from icsplan.model.resample import reference_parameters
from icsplan.model.threads import default_workers
from icsplan.model.uncertainty import blocks_for
from icsplan.montecarlo import monte_carlo
from icsplan.scenario import load_scenario
from icsplan.scenario.synthetic import national_scenario
from national import NATIONAL_INTERVALS
from timing import Timing, finish, goal, measure, start

PERCENTILES = [5, 10, 50, 90, 95]


def fast(scenario, projection, finance, draws: int, level: str, workers: int | None):
    """One Monte Carlo run at a level, Poisson counts on, on `workers` threads."""
    return monte_carlo(scenario, projection, finance, draws, seed=1, levels=(level,),
                       poisson=True, workers=workers)


def per_cell(scenario, projection, params, keys: tuple[str, ...], seed: int,
             chunk: int) -> np.ndarray:
    """The baseline: per-cell Poisson and binomial draws, vectorised over cells and a chunk
    of draws; momentum and planned percentiles per slice and year."""
    cells = projection.cells
    slice_id, slices = projection._groups(list(keys))
    to_slices = sparse.csr_matrix((np.ones(len(cells)), (np.arange(len(cells)), slice_id)),
                                  shape=(len(cells), len(slices)))
    rate, profile = momentum_factors(scenario, cells)
    pods = list(scenario.meta.pods)
    pod = pd.Categorical(cells["pod"].astype(str), categories=pods).codes
    units = np.array([effect_shares(scenario, cells, eff.model_copy(update={"reduction_pct": 1.0}),
                                    projection.momentum[-1])
                      for ini in scenario.initiatives for eff in ini.effects])
    owner = np.array([i for i, ini in enumerate(scenario.initiatives) for _ in ini.effects])
    n_years = len(projection.years)
    phasing = np.array([[ini.phasing.get(y, 0.0) for y in projection.years]
                        for ini in scenario.initiatives])
    rng = np.random.default_rng(seed)
    draws = params["shift"].shape[0]
    momentum = np.empty((draws, len(slices), n_years))
    planned = np.empty((draws, len(slices), n_years))
    for lo in range(0, draws, chunk):
        hi = min(draws, lo + chunk)
        shift, pct, delay = (params["shift"][lo:hi], params["pct"][lo:hi],
                             params["delay"][lo:hi])
        for y in range(n_years):
            factor = (1.0 + rate[None, :] + shift[:, pod]) ** y
            if profile is not None:
                factor = factor * profile[y][None, :]
            t = y - delay                                                  # (draws, inis)
            phase = np.where(t < 0, 0.0, np.stack(
                [np.interp(t[:, i], np.arange(n_years), phasing[i])
                 for i in range(len(phasing))], axis=1))
            removed = (pct * phase[:, owner]) @ units                     # (draws, cells)
            counts = rng.poisson(factor * projection.baseline[None, :])
            kept = rng.binomial(counts, np.clip(1.0 - removed, 0.0, 1.0))
            momentum[lo:hi, :, y] = (to_slices.T @ counts.T).T
            planned[lo:hi, :, y] = (to_slices.T @ kept.T).T
    return (np.percentile(momentum, PERCENTILES, axis=0),
            np.percentile(planned, PERCENTILES, axis=0))


def baseline_run(scenario, projection, draws: int, keys: tuple[str, ...], chunk: int):
    """Parameter draws and the per-cell baseline, as one timed unit."""
    params = reference_parameters(scenario, scenario.tables.get("intervals"), draws, seed=1)
    return per_cell(scenario, projection, params, keys, seed=2, chunk=chunk)


def threads(workers: int) -> str:
    """'2 threads', '1 thread'."""
    return f"{workers} thread{'s' if workers != 1 else ''}"


def compare(name: str, ours: Timing, alone: Timing, workers: int, theirs_seconds: float,
            note: str = "") -> None:
    """Our timing on `workers` threads and on one, the baseline's and the ratios."""
    print(f"  {name}: {ours.text()} on {threads(workers)}; on one thread {alone.text()}; "
          f"per-cell baseline {theirs_seconds:.2f} s{note}; ratio "
          f"{theirs_seconds / alone.median:,.0f}x against ours on one thread, "
          f"{theirs_seconds / ours.median:,.0f}x on {threads(workers)} (medians)")


def ours_both_ways(repeat: int, workers: int, run) -> tuple[Timing, Timing]:
    """`run(w)` timed on `workers` threads and on one, alternately (the load moves)."""
    runs: dict[int, tuple[list[float], list[float]]] = {workers: ([], []), 1: ([], [])}
    for _ in range(max(1, repeat)):
        for w, (walls, cpus) in runs.items():
            timing = measure(1, lambda w=w: run(w))
            walls += timing.walls
            cpus += timing.cpus
    return Timing(*runs[workers]), Timing(*runs[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--national-baseline-draws", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None,
                        help="threads for the draws (default: one per core)")
    args = parser.parse_args()
    n = args.draws
    workers = args.workers or default_workers(blocks_for(n))
    start(f"Monte Carlo, {n:,} draws: exact per-slice draws against per-cell NumPy draws "
          f"(national baseline timed on {args.national_baseline_draws} draws and scaled "
          f"linearly to {n:,})")
    print(f"   ours on {threads(workers)} "
          f"({'--workers' if args.workers else 'one per core this process may use'}) and on "
          f"one thread, alternately; the baseline on one thread")

    mse = load_scenario("mse-2016")
    pm = project(mse)
    fm = plan_finance(mse, pm)
    print(f"mse-2016: {len(pm.cells):,} cells, {len(pm.years)} years, "
          f"{len(mse.tables['intervals'])} intervals, Poisson on")
    for level, keys, label in (("pod", ("pod",), "pod x year"),
                               ("ccg", ("ccg", "pod"), "ccg x pod x year")):
        ours, alone = ours_both_ways(args.repeat, workers,
                                     lambda w, level=level: fast(mse, pm, fm, n, level, w))
        theirs = measure(args.repeat, lambda keys=keys: baseline_run(mse, pm, n, keys, 2000))
        compare(label, ours, alone, workers, theirs.median, f" ({theirs.text()})")

    nat = national_scenario()
    nat = nat.replace(tables={**nat.tables, "intervals": NATIONAL_INTERVALS})
    pn = project(nat)
    fn = plan_finance(nat, pn)
    print(f"national synthetic: {len(pn.cells):,} cells, {len(pn.years)} years, Poisson on")
    b = args.national_baseline_draws
    for level, keys, label in (("pod", ("pod",), "pod x year"),
                               ("ccg", ("ccg", "pod"), "ccg x pod x year")):
        ours, alone = ours_both_ways(args.repeat, workers,
                                     lambda w, level=level: fast(nat, pn, fn, n, level, w))
        began = time.perf_counter()
        baseline_run(nat, pn, b, keys, chunk=20)
        scaled = (time.perf_counter() - began) * n / b
        compare(label, ours, alone, workers, scaled, f" ({b} draws timed, scaled x{n / b:g})")
        if level == "ccg":
            print("  " + goal(f"national CCG x pod, {n:,} draws", ours.median, 1.0,
                              f"wall on {threads(workers)}, median of {len(ours.walls)}; CPU "
                              f"{ours.cpu_median:.2f} s; on one thread {alone.median:.2f} s "
                              f"wall, CPU {alone.cpu_median:.2f} s"))
    finish()


if __name__ == "__main__":
    main()
