"""The planner's questions: each answer is checked by projecting at it and just below it."""

from __future__ import annotations

import numpy as np
import pytest

from icsplan.waiting_list import measures
from icsplan.waiting_list.model import calibrate, project, step
from icsplan.waiting_list.questions import (
    capacity_for_target,
    extra_for_zero_long_waits,
    solve,
    steady_state,
    steady_state_capacity,
)
from icsplan.waiting_list.synthetic import synthetic_rtt


@pytest.fixture(scope="module")
def system():
    counts = synthetic_rtt(providers=1, specialties=1, months=25, k=24, referrals=3000,
                           seed=11).total()
    params = calibrate(counts.referrals, counts.completes, counts.incompletes, "pooled")
    stock = counts.incompletes[0, -1]
    refs = np.full(24, counts.referrals[0, -12:].mean())
    cap = np.full(24, counts.completes[0, -12:].sum(-1).mean())
    return params, stock, refs, cap


def _share(params, stock, refs, cap, month):
    proj = project(stock[None], refs[None], cap[None], params, "capped")
    return measures.share_within(proj.incompletes[0, month])


@pytest.mark.functional
def test_capacity_for_92_percent_by_month_12(system):
    params, stock, refs, cap = system
    answer = capacity_for_target(stock, refs, cap, params, month=11)
    assert answer.status in ("solved", "already met")
    if answer.status == "solved":
        assert _share(params, stock, refs, cap + answer.value, 11) == pytest.approx(0.92,
                                                                                    abs=1e-4)
        assert _share(params, stock, refs, cap + answer.value - 5, 11) < 0.92


@pytest.mark.functional
def test_more_capacity_never_lowers_the_share(system):
    params, stock, refs, cap = system
    shares = [_share(params, stock, refs, cap + e, 11) for e in (0, 100, 200, 400)]
    assert shares == sorted(shares)


@pytest.mark.functional
def test_steady_state_is_a_fixed_point_and_holds_the_standard(system):
    params, _, refs, _ = system
    answer = steady_state_capacity(float(refs[0]), params)
    assert answer.status == "solved"
    settled = steady_state(np.array([refs[0]]), np.array([answer.value]), params)
    again = step(settled, np.array([refs[0]]), np.array([answer.value]), params)[0]
    np.testing.assert_allclose(again, settled, rtol=1e-6)
    assert measures.share_within(settled[0]) == pytest.approx(0.92, abs=1e-4)
    # the settled list: referrals in = clock stops + reneges out
    _, treated, reneges, _ = step(settled, np.array([refs[0]]), np.array([answer.value]),
                                  params)
    assert treated.sum() + reneges.sum() == pytest.approx(refs[0], rel=1e-6)


@pytest.mark.functional
def test_extra_clock_stops_for_zero_52_week_waits(system):
    params, stock, refs, cap = system
    assert measures.over_weeks(stock, 52) > 0.5
    answer = extra_for_zero_long_waits(stock, refs, cap, params, month=11)
    assert answer.status == "solved" and answer.value > 0
    targeted = np.full((1, 12), answer.value)
    proj = project(stock[None], refs[None, :12], cap[None, :12], params, "capped", targeted)
    assert measures.over_weeks(proj.incompletes[0, 11], 52) == pytest.approx(0.5, abs=1e-3)
    fewer = project(stock[None], refs[None, :12], cap[None, :12], params, "capped",
                    targeted - 5)
    assert measures.over_weeks(fewer.incompletes[0, 11], 52) > 0.5


@pytest.mark.unit
def test_solver_reports_unreachable_and_non_monotone_measures():
    assert solve(lambda x: x, 10.0, 0.0, 5.0, increasing=True).status == "not reachable"
    assert solve(lambda x: x, -1.0, 0.0, 5.0, increasing=True).status == "already met"
    answer = solve(lambda x: x ** 3, 8.0, 0.0, 5.0, increasing=True)
    assert answer.value == pytest.approx(2.0, abs=0.01)
    assert solve(lambda x: x ** 3, 8.0, 0.0, 5.0, increasing=True).monotone
    wavy = solve(np.sin, 0.5, 0.0, 6.0, increasing=True)
    assert not wavy.monotone and wavy.value == pytest.approx(np.pi / 6, abs=0.01)


