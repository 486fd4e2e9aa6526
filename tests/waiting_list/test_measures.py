"""The planner's measures of a waiting list, computed by hand on an even list."""

from __future__ import annotations

import numpy as np
import pytest

from icsplan.waiting_list import measures

pytestmark = pytest.mark.unit

EVEN = np.full(13, 10.0)  # 10 pathways in each of months 0..12 ("12 or more")


def test_share_within_18_weeks_interpolates_within_the_month():
    # 18 weeks = 4.1538 months: 4 whole months + 0.1538 of month 4
    assert measures.within_weeks(EVEN) == pytest.approx(40 + 10 * (18 / (52 / 12) - 4))
    assert measures.share_within(EVEN) == pytest.approx((40 + 10 * (18 * 12 / 52 - 4)) / 130)


def test_long_waits_start_on_month_boundaries():
    assert measures.over_weeks(EVEN, 52) == 10  # months 12 and over
    assert np.isnan(measures.over_weeks(EVEN, 65))  # the data stop at "12 or more"
    with pytest.raises(ValueError, match="whole number of months"):
        measures.over_weeks(EVEN, 18)


def test_92nd_percentile_wait():
    # 0.92 x 13 = 11.96 compartments: month 11 plus 0.96 of it
    weeks, censored = measures.percentile_wait(EVEN)
    assert weeks == pytest.approx(11.96 * 52 / 12)
    assert not censored
    heavy = EVEN.copy()
    heavy[-1] = 1000.0
    weeks, censored = measures.percentile_wait(heavy)
    assert censored and weeks == pytest.approx(52.0)


def test_measures_work_over_leading_axes():
    stocks = np.stack([EVEN, 2 * EVEN])
    out = measures.summary(stocks)
    np.testing.assert_allclose(out["waiting_list"], [130, 260])
    np.testing.assert_allclose(out["share_within_18_weeks"][0], out["share_within_18_weeks"][1])
