"""Measuring helpers shared by the benchmarks (run as scripts from the project root).

Every benchmark reports the same way, so that its figures can be read and trusted:

* `measure(repeat, fn)`: every run is timed and the **median and range** are printed (never
  the best run alone), with the process's CPU time beside the wall time: on a shared machine
  the wall time includes waiting for a core, the CPU time does not;
* `machine_line()`: the load average when the figures were taken (1, 5, 15 minutes) and the
  number of cores, printed at the start and the end of each benchmark;
* `peak_rss_mb()`: the peak resident memory of the benchmark process so far (from the
  operating system, so NumPy, Arrow and DuckDB allocations all count);
* `goal(label, value, target)`: a figure with its goal beside it ("met" or "not met").
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Timing(Generic[T]):
    """The wall and CPU seconds of each run of one function, and its last result."""

    walls: list[float]
    cpus: list[float]
    result: T | None = field(default=None, repr=False)

    @property
    def median(self) -> float:
        """Median wall time (seconds)."""
        return statistics.median(self.walls)

    @property
    def cpu_median(self) -> float:
        """Median CPU time of this process (seconds)."""
        return statistics.median(self.cpus)

    def text(self, unit: str = "s") -> str:
        """'0.123 s (0.118-0.131, 5 runs; CPU 0.120 s)' in seconds or milliseconds."""
        k, fmt = (1000.0, "{:.1f}") if unit == "ms" else (1.0, "{:.3f}")
        lo, hi = min(self.walls) * k, max(self.walls) * k
        return (f"{fmt.format(self.median * k)} {unit} ({fmt.format(lo)}-{fmt.format(hi)}, "
                f"{len(self.walls)} run{'s' if len(self.walls) != 1 else ''}; "
                f"CPU {fmt.format(self.cpu_median * k)} {unit})")


def measure(repeat: int, fn: Callable[[], T]) -> Timing[T]:
    """Run `fn` `repeat` times; every run's wall and CPU time and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(walls, cpus, result)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (MB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024.0 if sys.platform != "darwin" else kb / 1024.0 / 1024.0


def machine_line() -> str:
    """'load average 0.52 0.61 0.70 on 2 cores' (1, 5 and 15 minutes)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def start(title: str) -> None:
    """The first line of a benchmark: what it measures and the machine's load."""
    print(f"== {title} ==")
    print(f"   {machine_line()}")


def finish() -> None:
    """The last line of a benchmark: the load and the process's peak memory."""
    print(f"   at the end: {machine_line()}; peak memory of this process "
          f"{peak_rss_mb():,.0f} MB")


def goal(label: str, seconds: float, target: float, detail: str = "") -> str:
    """A figure with its goal: 'label: 0.084 s (goal < 0.1 s: met) detail'."""
    verdict = "met" if seconds < target else "not met"
    shown = (f"{seconds:.2f} s" if target >= 1 else f"{seconds * 1000:.1f} ms"
             if seconds >= 0.01 else f"{seconds * 1000:.3f} ms")
    aim = f"{target * 1000:g} ms" if target < 1 else f"{target:g} s"
    return f"{label}: {shown} (goal < {aim}: {verdict}){' ' + detail if detail else ''}"
