"""Invariants of one projected month, for any stocks, parameters and capacity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icsplan.waiting_list.model import Params, step

pytestmark = pytest.mark.functional

K1 = 6
counts = st.lists(st.floats(0, 1000), min_size=K1, max_size=K1)
rates = st.lists(st.floats(0, 0.5), min_size=K1, max_size=K1)


@settings(max_examples=200, deadline=None)
@given(stock=counts, renege=rates, capacity_param=rates, referrals=st.floats(0, 1000),
       capacity=st.floats(0, 8000), method=st.sampled_from(["none", "evenly", "prioritise",
                                                            "capped"]))
def test_people_are_conserved_and_safe_methods_stay_non_negative(
        stock, renege, capacity_param, referrals, capacity, method):
    params = Params(np.array([renege]), np.array([capacity_param]))
    opening = np.array([stock])
    new, treated, reneges, unused = step(opening, np.array([referrals]), np.array([capacity]),
                                         params, method)
    # everyone who came in either waits on, is treated or reneges
    assert new.sum() + treated.sum() + reneges.sum() == pytest.approx(
        opening.sum() + referrals, rel=1e-9, abs=1e-6)
    # clock stops used plus unused never exceed the capacity (all used while patients wait)
    if np.asarray(capacity_param).sum() > 0:
        assert treated.sum() + unused.sum() <= capacity + 1e-6
    if method in ("prioritise", "capped"):
        assert new.min() >= -1e-9
        assert (treated >= -1e-12).all()
        if unused[0] > 1e-9 and min(capacity_param) >= 1e-3:
            # capacity is left over only when no one is left to treat (unless the
            # parameters give some compartment's patients no share of it)
            assert new.sum() == pytest.approx(0, abs=1e-6)
