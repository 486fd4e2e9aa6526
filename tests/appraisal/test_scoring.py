"""Weighted scoring: weights must add up to 100%, totals, ranks, switching values, draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.appraisal.scoring import (
    WeightsError,
    check_weights,
    first_place_shares,
    most_sensitive,
    switching_values,
    weighted_totals,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("weights", [[30, 30, 30], [50, 60], [100.5], [0, 0]])
def test_weights_not_adding_up_to_100_are_a_clear_error(weights):
    with pytest.raises(WeightsError) as err:
        check_weights(pd.Series(weights, dtype=float))
    problem = err.value.problems[0]
    assert problem.file == "criteria.csv" and problem.field == "weight_pct"
    assert f"weights add up to {sum(weights):g}%, not 100%" in problem.message


def test_totals_are_the_weighted_sum_and_rank_1_is_highest():
    matrix = pd.DataFrame({"a": [8.0, 4.0, 6.0], "b": [2.0, 9.0, 5.0]},
                          index=pd.Index(["X", "Y", "Z"], name="option"))
    w = check_weights(pd.Series([70.0, 30.0]))
    out = weighted_totals(matrix, w)
    np.testing.assert_allclose(out["total"], matrix.to_numpy() @ w)
    assert list(out["rank"]) == [1, 3, 2]  # 6.2, 5.5, 5.7


@pytest.mark.parametrize("seed", range(5))
def test_totals_and_ranks_equal_pymcdms_weighted_sum_model(seed):
    """The NumPy weighted sum gives pymcdm's WSM totals and rrankdata ranks, ties included."""
    import warnings

    from pymcdm.helpers import rrankdata
    from pymcdm.methods import WSM

    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 11, size=(6, 4)).astype(float)  # integer scores make ties
    scores[1] = scores[0]                                      # a tie for certain
    w = rng.dirichlet(np.ones(4))
    matrix = pd.DataFrame(scores, index=pd.Index(list("ABCDEF"), name="option"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pymcdm notes dominated options
        theirs = WSM(normalization_function=lambda x, cost: x)(scores, w, np.ones(4, dtype=int))
    ours = weighted_totals(matrix, w)
    np.testing.assert_array_equal(ours["total"].to_numpy(), theirs)
    np.testing.assert_array_equal(ours["rank"].to_numpy(), rrankdata(theirs))


def test_switching_value_is_where_the_lines_cross():
    # X leads on a, Y on b; with w_a = 0.6 X is first and stops being first at w_a = 0.5.
    matrix = pd.DataFrame({"a": [10.0, 0.0], "b": [0.0, 10.0]}, index=["X", "Y"])
    sv = switching_values(matrix, np.array([0.6, 0.4])).set_index(["option", "criterion"])
    assert sv.loc[("X", "a"), "switch_at_pct"] == pytest.approx(50.0)
    assert sv.loc[("X", "a"), "change_pct_points"] == pytest.approx(-10.0)
    assert sv.loc[("Y", "b"), "switch_at_pct"] == pytest.approx(50.0)  # Y first above 50%
    top = most_sensitive(sv.reset_index())
    assert top.loc["X", "change_pct_points"] == pytest.approx(-10.0)


def test_a_dominated_option_never_switches_and_never_comes_first_in_draws():
    matrix = pd.DataFrame({"a": [9.0, 3.0, 5.0], "b": [8.0, 2.0, 9.0]}, index=["X", "Y", "Z"])
    w = np.array([0.5, 0.5])
    sv = switching_values(matrix, w)
    assert sv[sv["option"] == "Y"]["switch_at_pct"].isna().all()
    shares = first_place_shares(matrix, w, draws=2000, concentration=5, seed=1)
    assert shares["Y"] == 0 and shares.sum() == pytest.approx(100)
    assert shares.equals(first_place_shares(matrix, w, draws=2000, concentration=5, seed=1))
