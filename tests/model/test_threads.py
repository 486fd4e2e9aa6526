"""Tasks on a few threads: every task run once, progress in order, a stop between tasks."""

from __future__ import annotations

import os
import threading

import pytest

from icsplan.model.threads import default_workers, run_tasks

pytestmark = pytest.mark.unit


def test_one_worker_per_usable_core_and_never_more_than_tasks():
    cores = len(os.sched_getaffinity(0))
    assert default_workers(1) == 1
    assert default_workers(10_000) == cores
    assert default_workers(0) == 1


@pytest.mark.parametrize("workers", [1, 2, 3, 8, None])
def test_every_task_runs_once_and_progress_comes_in_order(workers):
    ran, seen, names = [], [], set()

    def run(k):
        ran.append(k)
        names.add(threading.current_thread().name)

    run_tasks(run, 7, workers, lambda done, total: seen.append((done, total)))
    assert sorted(ran) == list(range(7))
    assert seen == [(k, 7) for k in range(1, 8)]
    if (workers or default_workers(7)) == 1:
        assert names == {threading.current_thread().name}  # no thread of its own
    else:
        assert threading.current_thread().name not in names


@pytest.mark.parametrize("workers", [1, 2])
def test_an_exception_from_progress_stops_the_tasks_not_yet_started(workers):
    ran = []

    def stop(done, _total):
        if done == 2:
            raise KeyboardInterrupt  # as the app's Cancel raises from its progress

    with pytest.raises(KeyboardInterrupt):
        run_tasks(ran.append, 20, workers, stop)
    assert 2 <= len(ran) <= 2 + workers  # at most `workers` started ahead of the stop


def test_an_exception_in_a_task_reaches_the_caller():
    def run(k):
        if k == 3:
            raise ValueError("task 3")

    with pytest.raises(ValueError, match="task 3"):
        run_tasks(run, 6, 2)
