"""Compatibility of calibration and projection with NHSRtt's documented behaviour, on small
cases computed by hand (the arithmetic is in each test's comments)."""

from __future__ import annotations

import numpy as np
import pytest

from icsplan.waiting_list.model import Params, breakdown, calibrate, project, step
from icsplan.waiting_list.synthetic import synthetic_rtt

pytestmark = pytest.mark.unit

# three months, compartments 0..2 (2 = "2 or more"); month 0 is the opening stock
REFERRALS = np.array([[10.0, 12.0, 8.0]])
INCOMPLETES = np.array([[[5.0, 3.0, 2.0], [9.0, 3.0, 3.0], [6.0, 5.0, 3.0]]])
COMPLETES = np.array([[[0.0, 0.0, 0.0], [2.0, 1.0, 1.0], [1.0, 3.0, 2.0]]])
# month 1: inflow 12, 5, 3+2=5 -> reneges 12-2-9=1, 5-1-3=1, 5-1-3=1
# month 2: inflow 8, 9, 3+3=6  -> reneges 8-1-6=1, 9-3-5=1, 6-2-3=1


def test_reference_calibration_is_the_mean_of_monthly_ratios():
    p = calibrate(REFERRALS, COMPLETES, INCOMPLETES, method="reference")
    np.testing.assert_allclose(p.renege[0], [(1 / 12 + 1 / 8) / 2, (1 / 5 + 1 / 9) / 2,
                                             (1 / 5 + 1 / 6) / 2])
    np.testing.assert_allclose(p.capacity[0], [(2 / 12 + 1 / 8) / 2, (1 / 5 + 3 / 9) / 2,
                                               (1 / 5 + 2 / 6) / 2])
    assert p.max_months_waited == 2


def test_breakdown_shows_the_monthly_flows():
    flows = breakdown(REFERRALS, COMPLETES, INCOMPLETES)
    np.testing.assert_allclose(flows["inflow"][0], [[12, 5, 5], [8, 9, 6]])
    np.testing.assert_allclose(flows["reneges"][0], 1.0)
    np.testing.assert_allclose(flows["capacity_ratio"][0, 1], [1 / 8, 3 / 9, 2 / 6])


def test_pooled_calibration_is_the_ratio_of_sums():
    p = calibrate(REFERRALS, COMPLETES, INCOMPLETES, method="pooled")
    np.testing.assert_allclose(p.renege[0], [2 / 20, 2 / 14, 2 / 11])
    np.testing.assert_allclose(p.capacity[0], [3 / 20, 4 / 14, 3 / 11])


def test_negative_renege_params_are_kept_unless_refused():
    inc = INCOMPLETES.copy()
    inc[0, 1, 0] = 13.0  # 12 - 2 - 13 = -3 reneges in month 1: mean(-3/12, 1/8) < 0
    assert calibrate(REFERRALS, COMPLETES, inc).renege[0, 0] < 0
    assert calibrate(REFERRALS, COMPLETES, inc, allow_negative_params=False).renege[0, 0] == 0


def test_redistributed_month_zero_reneges_keep_the_total():
    p = calibrate(REFERRALS, COMPLETES, INCOMPLETES, method="pooled",
                  redistribute_m0_reneges=True)
    assert p.renege[0, 0] == 0
    # month 1: 1 renege moved over inflows 5, 5; month 2: over 9, 6 -> 3.5+0.6 / 14, ...
    np.testing.assert_allclose(p.renege[0, 1], (1 + 0.5 + 1 + 0.6) / 14)
    np.testing.assert_allclose(p.renege[0, 2], (1 + 0.5 + 1 + 0.4) / 11)


def test_one_month_by_hand():
    params = Params(np.array([[0.1, 0.1, 0.1]]), np.array([[0.2, 0.5, 0.5]]))
    # inflow 10, 10, 4+2=6; reneges 1, 1, 0.6; capacity 6 shared by 0.2x10 : 0.5x10 : 0.5x6
    stock, treated, reneges, unused = step(np.array([[10.0, 4.0, 2.0]]), np.array([10.0]),
                                           np.array([6.0]), params)
    np.testing.assert_allclose(reneges[0], [1.0, 1.0, 0.6])
    np.testing.assert_allclose(treated[0], [1.2, 3.0, 1.8])
    np.testing.assert_allclose(stock[0], [7.8, 6.0, 3.6])
    assert unused[0] == 0


# compartments 0..3; inflow 10, 1, 0.5, 0; capacity 6 split 3 : 3 (weights 1, 1, 0, 0);
# compartment 1 has 1 patient for 3 clock stops: a surplus of 2
SURPLUS_STOCK = np.array([[1.0, 0.5, 0.0, 0.0]])
SURPLUS_PARAMS = Params(np.zeros((1, 4)), np.array([[0.1, 1.0, 0.0, 0.0]]))


@pytest.mark.parametrize(("method", "expected"), [
    ("none", [7.0, -2.0, 0.5, 0.0]),  # no redistribution: negative stock
    ("evenly", [6.0, 0.0, -0.5, 0.0]),  # 1 each to compartments 0 and 2: negative stock
    ("prioritise", [5.5, 0.0, 0.0, 0.0]),  # 0.5 to compartment 2, then 1.5 to compartment 0
    ("capped", [10 - 3 - 7 * 2 / 7.5, 0.0, 0.5 - 0.5 * 2 / 7.5, 0.0]),  # by spare 7 : 0.5
])
def test_surplus_treatment_methods(method, expected):
    stock, treated, _, unused = step(SURPLUS_STOCK, np.array([10.0]), np.array([6.0]),
                                     SURPLUS_PARAMS, method)
    np.testing.assert_allclose(stock[0], expected, atol=1e-12)
    np.testing.assert_allclose(treated.sum(), 6.0)  # every clock stop used
    assert unused[0] == 0


@pytest.mark.parametrize("method", ["prioritise", "capped"])
def test_capacity_beyond_every_patient_is_reported_unused(method):
    stock, treated, _, unused = step(SURPLUS_STOCK, np.array([10.0]), np.array([20.0]),
                                     SURPLUS_PARAMS, method)
    np.testing.assert_allclose(stock[0], 0.0, atol=1e-12)
    np.testing.assert_allclose(unused[0], 20.0 - 11.5)


def test_targeted_clock_stops_go_to_the_longest_waiters_first():
    params = Params(np.zeros((1, 3)), np.zeros((1, 3)))
    stock, *_ = step(np.array([[4.0, 3.0, 2.0]]), np.array([5.0]), np.array([0.0]), params,
                     targeted=np.array([6.0]))
    # inflow 5, 4, 3+2=5: 6 targeted take all 5 of "2 or more", then 1 of compartment 1
    np.testing.assert_allclose(stock[0], [5.0, 3.0, 0.0])


def test_projection_conserves_people_and_is_vectorised_over_series():
    counts = synthetic_rtt(providers=2, specialties=3, months=13, k=12)
    params = calibrate(counts.referrals, counts.completes, counts.incompletes)
    stock0 = counts.incompletes[:, -1]
    refs = np.full((6, 12), 300.0)
    cap = np.full((6, 12), 280.0)
    proj = project(stock0, refs, cap, params, "capped")
    opening = stock0.sum(1)
    closing = proj.incompletes[:, -1].sum(1)
    flows = refs.sum(1) - proj.completes.sum((1, 2)) - proj.reneges.sum((1, 2))
    np.testing.assert_allclose(closing, opening + flows)
    one = project(stock0[2:3], refs[2:3], cap[2:3],
                  Params(params.renege[2:3], params.capacity[2:3]), "capped")
    np.testing.assert_allclose(one.incompletes[0], proj.incompletes[2])


def test_refitting_the_reference_reproduces_its_own_projection():
    """Counts made by the model with known parameters calibrate back to them exactly."""
    params = Params(np.array([[0.03, 0.02, 0.02, 0.01]]), np.array([[0.3, 0.25, 0.2, 0.2]]))
    stock0 = np.array([[50.0, 40.0, 30.0, 20.0]])
    refs = np.array([[60.0, 55.0, 70.0, 65.0, 58.0]])
    cap = np.array([[45.0, 50.0, 48.0, 52.0, 47.0]])
    proj = project(stock0, refs, cap, params, "none")
    # the projection's clock stops per inflow differ from the capacity parameter (capacity
    # is rescaled each month), so refit renege parameters only: they are proportions
    inc = np.concatenate([stock0[:, None], proj.incompletes], axis=1)
    comp = np.concatenate([np.zeros((1, 1, 4)), proj.completes], axis=1)
    fitted = calibrate(np.concatenate([[[0.0]], refs], axis=1), comp, inc, "reference")
    np.testing.assert_allclose(fitted.renege, params.renege)
    np.testing.assert_allclose(fitted.renege, calibrate(
        np.concatenate([[[0.0]], refs], axis=1), comp, inc, "pooled").renege)


@pytest.mark.parametrize("method", ["reference", "pooled"])
def test_calibration_recovers_synthetic_rates(method):
    counts = synthetic_rtt(providers=1, specialties=1, months=36, k=12, referrals=20000,
                           seed=7)
    p = calibrate(counts.referrals, counts.completes, counts.incompletes, method=method)
    from icsplan.waiting_list.synthetic import RENEGE, TREATMENT

    # true rates are the profiles times one lognormal factor per series: compare shapes
    ratio = p.capacity[0, :12] / np.array(TREATMENT[:12])
    assert ratio.std() / ratio.mean() < 0.03
    assert np.all(np.abs(p.renege[0, 1:12] / np.array(RENEGE[1:12]) - p.renege[0, 1]
                         / RENEGE[1]) < 0.35)


def test_pooled_reproduces_total_reneges_where_the_mean_of_ratios_does_not():
    # compartment 1: month 1 has 2 people of whom 1 reneges; month 2 has 1,000 and 10 renege
    refs = np.array([[0.0, 1000.0, 0.0]])
    inc = np.array([[[2.0, 0.0], [1000.0, 1.0], [0.0, 990.0]]])
    comp = np.zeros((1, 3, 2))
    ref = calibrate(refs, comp, inc, "reference")
    pooled = calibrate(refs, comp, inc, "pooled")
    assert ref.renege[0, 1] == pytest.approx((1 / 2 + 11 / 1001) / 2)  # 0.255: the small month
    assert pooled.renege[0, 1] == pytest.approx(12 / 1003)
    # applied to the calibration months' inflows, only the pooled parameter gives the
    # reneges that happened (1 + 11)
    assert pooled.renege[0, 1] * (2 + 1001) == pytest.approx(12)
    assert ref.renege[0, 1] * (2 + 1001) > 200
