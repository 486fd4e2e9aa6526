"""Run options: one frozen value that checks its own values and combinations, and is what
the manifest and the app's plan cache key are made from."""

from __future__ import annotations

import dataclasses

import pytest

from icsplan.run_options import RunOptions, RunOptionsError, Tracking

pytestmark = pytest.mark.unit


def test_defaults_run_the_whole_plan_and_the_whatif_preset_leaves_out_the_slow_stages():
    full = RunOptions()
    assert (full.investment_level, full.reconcile, full.appraise_options, full.plan_beds,
            full.draws) == (1.0, True, True, True, 0)
    quick = RunOptions.whatif(0.5)
    assert (quick.investment_level, quick.reconcile, quick.appraise_options,
            quick.plan_beds) == (0.5, False, False, False)


def test_options_are_frozen_and_equal_options_are_one_cache_key():
    a, b = RunOptions.whatif(0.25), RunOptions.whatif(0.25)
    assert a == b and hash(a) == hash(b) and a != RunOptions.whatif(0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.draws = 10  # type: ignore[misc]


def test_levels_are_kept_once_in_order():
    assert RunOptions(draws=10, uncertainty_by=("ccg", "pod", "ccg")).uncertainty_by == (
        "ccg", "pod")


def test_the_system_pods_are_always_drawn():
    # the report's fan chart and percentile table are by pod for the whole system
    assert RunOptions(draws=10, uncertainty_by=("ccg",)).uncertainty_by == ("pod", "ccg")
    assert RunOptions(draws=10, uncertainty_by=()).uncertainty_by == ("pod",)


def test_every_bad_value_and_combination_is_one_problem_named_by_its_field():
    with pytest.raises(RunOptionsError) as err:
        RunOptions(investment_level=1.5, workers=0, uncertainty_by=("practice",),
                   poisson=True)
    fields = [p.field for p in err.value.problems]
    assert fields == ["investment_level", "workers", "uncertainty_by", "uncertainty_by",
                      "poisson"]
    assert "practice" in str(err.value)


def test_tracking_gives_the_keyword_arguments_of_track():
    import datetime as dt

    t = Tracking(rebase=(dt.date(2016, 4, 1),), fix_after_n_points=12)
    assert t.as_kwargs() == {"rebase": [dt.date(2016, 4, 1)], "fix_after_n_points": 12,
                             "screen_outliers": True}
    assert Tracking().as_kwargs()["rebase"] is None
