"""Independent pieces of NumPy work run side by side on a few threads, with the same results.

The Monte Carlo's heavy steps (Poisson counts, einsum, sums, sorts) are NumPy calls that
release the GIL while they fill arrays, so threads of one process run them on several cores
with no process start-up and nothing copied between processes.  Each task writes its own
part of arrays made beforehand, so the result does not depend on the number of threads.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def default_workers(tasks: int) -> int:
    """One thread per core this process may run on, at most one per task."""
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    return max(1, min(cores, tasks))


def run_tasks(run: Callable[[int], None], tasks: int, workers: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> None:
    """`run(k)` for every task k on `workers` threads (None: `default_workers`), at most
    `workers` tasks started ahead of the next one to finish in order; `progress(k + 1,
    tasks)` after task k, in order, in the calling thread.  An exception from `run` or
    `progress` stops the work: tasks not yet started never start, those running finish."""
    workers = default_workers(tasks) if workers is None else min(workers, tasks)
    if workers <= 1:
        for k in range(tasks):
            run(k)
            if progress is not None:
                progress(k + 1, tasks)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="icsplan") as pool:
        started = [pool.submit(run, k) for k in range(workers)]
        try:
            for k in range(tasks):
                started[k].result()
                if k + workers < tasks:
                    started.append(pool.submit(run, k + workers))
                if progress is not None:
                    progress(k + 1, tasks)
        finally:
            for future in started:
                future.cancel()
