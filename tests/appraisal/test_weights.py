"""Weights a user chooses: checked, normalised, and the options re-ranked by the appraisal's
own weighted sum."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.appraisal.weights import rank_table, rescore, score_matrix_of, user_weights

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def appraisal():
    from icsplan.appraisal.appraise import appraise
    from icsplan.scenario import load_scenario

    return appraise(load_scenario("mse-2016"))


@pytest.fixture(scope="module")
def criteria():
    from icsplan.scenario import load_scenario

    return load_scenario("mse-2016").criteria


def test_the_stated_weights_give_the_appraisals_own_scores_and_ranks(appraisal, criteria):
    weights, problems = user_weights(criteria, list(criteria["weight_pct"]))
    assert problems == {}
    again = rescore(appraisal.scores, criteria, weights)
    pd.testing.assert_frame_equal(again, appraisal.scores, check_like=True)


def test_weights_are_shares_of_their_total(appraisal, criteria):
    tenfold, _ = user_weights(criteria, [3 * w for w in criteria["weight_pct"]])
    stated, _ = user_weights(criteria, list(criteria["weight_pct"]))
    np.testing.assert_allclose(tenfold, stated)
    assert tenfold.sum() == pytest.approx(1.0)


def test_all_the_weight_on_one_criterion_ranks_by_that_criterion(appraisal, criteria):
    codes = list(criteria["criterion"])
    matrix = score_matrix_of(appraisal.scores, criteria)
    for j, code in enumerate(codes):
        values = [0.0] * len(codes)
        values[j] = 5
        weights, _ = user_weights(criteria, values)
        ranks = rank_table(appraisal.scores, rescore(appraisal.scores, criteria, weights))
        expected = matrix[code].rank(method="average", ascending=False).astype(int)
        assert ranks.set_index("option")["rank"].to_dict() == expected.to_dict()
        totals = ranks.set_index("option")["total"]
        np.testing.assert_allclose(totals.reindex(matrix.index), matrix[code])


def test_moving_weight_changes_who_is_first_and_the_table_says_by_how_much(appraisal,
                                                                           criteria):
    stated = rank_table(appraisal.scores, appraisal.scores)
    assert (stated["places moved"] == 0).all()
    codes = list(criteria["criterion"])
    values = [100 if c == "value_for_money" else 0 for c in codes]
    weights, _ = user_weights(criteria, values)
    moved = rank_table(appraisal.scores, rescore(appraisal.scores, criteria, weights))
    assert moved.iloc[0]["option"] != stated.iloc[0]["option"]
    assert (moved["places moved"] == moved["stated rank"] - moved["rank"]).all()


@pytest.mark.parametrize(("bad", "words"), [
    (-5, "'-5'"), ("lots", "'lots'"), (None, "''"), (float("nan"), "'nan'"),
    (float("inf"), "'inf'")])
def test_a_bad_weight_is_one_plain_problem_beside_its_input(criteria, bad, words):
    values = list(criteria["weight_pct"])
    values[1] = bad
    weights, problems = user_weights(criteria, values)
    assert weights is None
    (code,) = problems
    assert code == criteria["criterion"].iloc[1]
    assert problems[code] == (f"The weight of '{criteria['name'].iloc[1]}' must be a number "
                              f"of 0 or more; got {words}.")


def test_all_weights_zero_is_one_problem(criteria):
    weights, problems = user_weights(criteria, [0] * len(criteria))
    assert weights is None
    assert problems == {"": "At least one weight must be above 0."}
