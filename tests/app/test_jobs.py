"""Monte Carlo jobs of the app: settings checked in plain words, progress counted in blocks of
draws, a cancelled run stops between blocks, one job per session, a bounded registry."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from icsplan.app.jobs import MAX_DRAWS, Job, JobRegistry, Settings, check_settings
from icsplan.model.uncertainty import BLOCK, blocks_for
from icsplan.montecarlo import monte_carlo

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def plan():
    from icsplan.pipeline import run_plan
    from icsplan.scenario import load_scenario

    return run_plan(load_scenario("mse-2016"))


def work(plan):
    """The app's job body on `plan` (as `pages.uncertainty.run_job` runs it)."""
    def run(settings: Settings, progress):
        return monte_carlo(plan.scenario, plan.projection, plan.finance, settings.draws,
                           settings.seed, levels=settings.levels, poisson=settings.poisson,
                           progress=progress)
    return run


@pytest.mark.parametrize(("draws", "seed", "field"), [
    ("", 1, "draws"), (50, 1, "draws"), (MAX_DRAWS + 1, 1, "draws"), (2.5, 1, "draws"),
    ("many", 1, "draws"), (1000, -1, "seed"), (1000, "x", "seed"), (1000, 2**32, "seed")])
def test_bad_settings_are_one_plain_sentence_for_the_field(draws, seed, field):
    settings, problems = check_settings(draws, seed)
    assert settings is None
    assert list(problems) == [field]
    assert problems[field].endswith(f"got '{draws if field == 'draws' else seed}'.")


def test_good_settings_are_whole_numbers_and_levels():
    settings, problems = check_settings("2000", 7.0, "ccg", True)
    assert problems == {}
    assert settings == Settings(2000, 7, ("pod", "ccg"), True)


def test_a_job_counts_every_block_and_gives_the_same_result_as_the_cli_run(plan):
    settings = Settings(1200, 11, ("pod", "ccg"), True)
    job = Job(settings, work(plan))
    seen = []
    job.work = lambda s, progress: work(plan)(s, lambda d, t: (seen.append((d, t)),
                                                              progress(d, t)))
    job.run()
    blocks = 2 * blocks_for(1200)
    assert job.state == "done" and job.finished
    assert seen == [(k, blocks) for k in range(1, blocks + 1)]
    assert job.fraction == 1.0
    direct = monte_carlo(plan.scenario, plan.projection, plan.finance, 1200, 11,
                         levels=("pod", "ccg"), poisson=True)
    pd.testing.assert_frame_equal(job.result.finance, direct.finance)
    pd.testing.assert_frame_equal(job.result.activity, direct.activity)


def test_a_cancelled_job_stops_between_blocks_and_keeps_no_result(plan):
    settings = Settings(5 * BLOCK, 3)
    job = Job(settings, work(plan))

    def cancel_after_two(s, progress):
        def report(done, total):
            if done == 2:
                job.cancel()  # the user presses Cancel while block 3 is being drawn
            progress(done, total)
        return work(plan)(s, report)

    job.work = cancel_after_two
    job.run()
    assert job.state == "cancelled"
    assert (job.done, job.total) == (2, 5)
    assert job.result is None


def test_a_job_cancelled_before_it_starts_draws_nothing(plan):
    job = Job(Settings(1000, 1), work(plan))
    job.cancel()
    job.run()
    assert (job.state, job.done, job.result) == ("cancelled", 0, None)


def test_a_failing_job_says_why(plan):
    job = Job(Settings(1000, 1, ("nowhere",)), work(plan))
    job.run()
    assert job.state == "failed"
    assert "nowhere" in job.error


def test_one_running_job_per_session_and_a_bounded_registry(plan):
    jobs = JobRegistry(max_running=2, max_kept=3)
    release = threading.Event()

    def waiting(settings, progress):
        release.wait(30)
        return work(plan)(settings, progress)

    first = Job(Settings(100, 1), waiting)
    assert jobs.start("a", first) == ""
    assert "already running" in jobs.start("a", Job(Settings(100, 1), waiting))
    assert jobs.start("b", Job(Settings(100, 1), waiting)) == ""
    assert "busy" in jobs.start("c", Job(Settings(100, 1), waiting))
    assert jobs.cancel("a") and not jobs.cancel("nobody")
    release.set()
    for key in ("a", "b"):
        for _ in range(300):
            if jobs.get(key).finished:
                break
            threading.Event().wait(0.1)
    assert jobs.get("a").state == "cancelled"
    assert jobs.get("b").state == "done"
    for k in range(5):
        assert jobs.start(f"s{k}", Job(Settings(100, k), work(plan)), background=False) == ""
    assert len(jobs) == 3
    assert jobs.get("a") is None  # the oldest finished are forgotten first


def test_progress_is_counted_the_same_when_blocks_are_drawn_on_two_threads(plan):
    seen = []
    spread = monte_carlo(plan.scenario, plan.projection, plan.finance, 1100, 5, workers=2,
                         progress=lambda d, t: seen.append((d, t)))
    serial = monte_carlo(plan.scenario, plan.projection, plan.finance, 1100, 5, workers=1)
    assert seen == [(k, blocks_for(1100)) for k in range(1, blocks_for(1100) + 1)]
    pd.testing.assert_frame_equal(spread.finance, serial.finance)
