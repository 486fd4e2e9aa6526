"""Benchmark the RTT waiting-list model at national size: calibrate and project 24 months.

    .venv/bin/python benchmarks/bench_waiting_list.py [--repeat 5] [--providers 450]
        [--specialties 20] [--months 25] [--horizon 24] [--k 24]

A synthetic England (450 providers x 20 specialties = 9,000 series, compartments 0..24,
25 months of counts: the opening list and 24 months to calibrate on) from
`icsplan.waiting_list.synthetic` (seed 2016; not timed).  Timed: calibration (pooled and the
reference's mean of ratios) and a 24-month projection under the capped redistribution of
every series in one vectorised call, against the same NumPy code called once per series (a
loop over series, as NHSRtt is applied series by series in R: the natural "anchor-like"
baseline), in the same run.  Both must give the same numbers.  Prints medians and ranges
(min-max) of the repeats, the load average and the peak memory (traced in one more,
untimed run of the vectorised code, and the process's maximum resident size).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import tracemalloc

import numpy as np

from icsplan.waiting_list.model import Params, calibrate, project
from icsplan.waiting_list.synthetic import synthetic_rtt


def timings(repeat: int, fn):
    """Wall and CPU times of `repeat` runs (seconds each) and the last result.  The CPU
    time of this process is the fairer figure on a machine shared with other work."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return (wall, cpu), result


def vectorised(counts, refs, caps):
    """Every series at once: calibrate (both methods) and project."""
    calibrate(counts.referrals, counts.completes, counts.incompletes, "reference")
    params = calibrate(counts.referrals, counts.completes, counts.incompletes, "pooled")
    return project(counts.incompletes[:, -1], refs, caps, params, "capped").incompletes


def per_series(counts, refs, caps):
    """The same code, one series at a time."""
    out = np.empty((refs.shape[0], refs.shape[1], counts.incompletes.shape[-1]))
    for s in range(refs.shape[0]):
        sl = slice(s, s + 1)
        calibrate(counts.referrals[sl], counts.completes[sl], counts.incompletes[sl],
                  "reference")
        p = calibrate(counts.referrals[sl], counts.completes[sl], counts.incompletes[sl],
                      "pooled")
        out[s] = project(counts.incompletes[sl, -1], refs[sl], caps[sl],
                         Params(p.renege, p.capacity), "capped").incompletes[0]
    return out


def _fmt(times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    return (f"wall median {statistics.median(wall) * 1000:7.0f} ms (range "
            f"{min(wall) * 1000:.0f}-{max(wall) * 1000:.0f}), CPU median "
            f"{statistics.median(cpu) * 1000:7.0f} ms (range {min(cpu) * 1000:.0f}-"
            f"{max(cpu) * 1000:.0f}), {len(wall)} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--providers", type=int, default=450)
    parser.add_argument("--specialties", type=int, default=20)
    parser.add_argument("--months", type=int, default=25)
    parser.add_argument("--horizon", type=int, default=24)
    parser.add_argument("--k", type=int, default=24)
    args = parser.parse_args()
    counts = synthetic_rtt(args.providers, args.specialties, args.months, args.k)
    n = len(counts.series)
    refs = np.repeat(counts.referrals[:, -1:], args.horizon, axis=1) * 1.02
    caps = np.repeat(counts.completes[:, -12:].sum(-1).mean(1, keepdims=True), args.horizon,
                     axis=1)
    print(f"{n:,} series ({args.providers} providers x {args.specialties} specialties), "
          f"compartments 0..{args.k}, {args.months} months of counts, projected "
          f"{args.horizon} months")
    fast, ours = timings(args.repeat, lambda: vectorised(counts, refs, caps))
    tracemalloc.start()  # one more run, untimed: tracing slows allocation
    vectorised(counts, refs, caps)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    slow, theirs = timings(max(1, args.repeat // 2), lambda: per_series(counts, refs, caps))
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-6)
    print("both implementations give the same projections")
    print(f"icsplan, every series in one call:      {_fmt(fast)}")
    print(f"the same NumPy code, series by series:  {_fmt(slow)}")
    print(f"ratio of medians (per series / vectorised): wall "
          f"{statistics.median(slow[0]) / statistics.median(fast[0]):.0f}x, CPU "
          f"{statistics.median(slow[1]) / statistics.median(fast[1]):.0f}x")
    print(f"load average (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    print(f"peak memory: {peak / 2**20:.0f} MiB traced in the vectorised run; process maximum "
          f"resident {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
