"""The savings-response curve: savings released by a share of the investment."""

from __future__ import annotations

import pytest

from icsplan.finance.response import check_level, savings_response


@pytest.mark.unit
def test_response_curve_hits_the_published_points():
    assert savings_response(0.0) == 0.0
    assert savings_response(0.25) == pytest.approx(0.125, abs=1e-12)
    assert savings_response(1.0) == 1.0
    assert savings_response(2.0) == 1.0  # capped: more money does not buy more than the plan


@pytest.mark.unit
def test_investment_level_outside_range_is_an_error():
    with pytest.raises(ValueError, match="between 0 and 1"):
        check_level(1.5)
