"""Known-answer tests of the SPC engine against NHSRplotthedots 0.2.2's documented results.

The expected values are those printed in the R package's public test snapshots and its
"Deviations from Excel defaults" vignette; the patterns follow its documented rules.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from icsplan.delivery.spc import _runs, _trends, _two_in_three, assurance, spc, spc_summary

AE = Path("/work/shared/data/ae_attendances.csv")
# R: set.seed(123); rnorm(20) -- the series of the package's ptd_spc_standard snapshots
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499,
             0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,
             0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
             0.70135590, -0.47279141]
DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def series(values, start="2020-01-02", freq="D") -> pd.DataFrame:
    return pd.DataFrame({"x": pd.date_range(start, periods=len(values), freq=freq),
                         "y": np.asarray(values, dtype=float)})


def limits(points: pd.DataFrame, row: int = 0) -> tuple[float, float, float]:
    r = points.iloc[row]
    return r["mean_col"], r["lpl"], r["upl"]


@pytest.mark.unit
def test_limits_match_the_package_snapshot():
    got = limits(spc(series(RNORM_123)))
    assert got == pytest.approx((0.1416238, -3.01138, 3.294627), abs=1e-6)


@pytest.mark.unit
def test_screening_drops_large_moving_ranges_once_and_can_be_turned_off():
    y = list(RNORM_123)
    y[14] = 10  # the snapshot's outlier
    screened = limits(spc(series(y)))
    unscreened = limits(spc(series(y), screen_outliers=False))
    assert screened == pytest.approx((0.6694159, -2.383666, 3.722497), abs=1e-6)
    assert unscreened == pytest.approx((0.6694159, -4.596625, 5.935457), abs=1e-6)


@pytest.mark.unit
def test_deviations_vignette_screened_and_excel_limits():
    df = series(DEVIATIONS, start="2021-03-22")
    screened = spc(df)
    assert limits(screened) == pytest.approx((1.94, -0.72, 4.60), abs=0.005)
    assert limits(spc(df, screen_outliers=False)) == pytest.approx((1.94, -3.06, 6.95),
                                                                   abs=0.005)
    expected = ["common_cause"] * 18
    expected[4] = "special_cause_improvement"
    assert screened["point_type"].tolist() == expected
    assert screened["special_cause_type"][4] == "Above UCL"


@pytest.mark.unit
def test_direction_turns_special_causes_into_concern_or_neutral():
    df = series(DEVIATIONS)
    assert spc(df, improvement_direction="decrease")["point_type"][4] == "special_cause_concern"
    assert spc(df, improvement_direction="neutral")["point_type"][4] == \
        "special_cause_neutral_high"
    low = series([-v for v in DEVIATIONS])
    assert spc(low, improvement_direction="neutral")["point_type"][4] == \
        "special_cause_neutral_low"


@pytest.mark.unit
def test_near_limit_lines_are_two_thirds_of_the_way_to_the_limits():
    p = spc(series(RNORM_123))
    np.testing.assert_allclose(p["nupl"] - p["mean_col"], (p["upl"] - p["mean_col"]) * 2 / 3)
    np.testing.assert_allclose(p["mean_col"] - p["nlpl"], (p["mean_col"] - p["lpl"]) * 2 / 3)


@pytest.mark.unit
def test_two_close_points_on_opposite_sides_are_common_cause():
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    p = spc(series(y))
    assert p["close_to_limits"].iloc[-2:].tolist() == [True, True]
    assert p["point_type"].iloc[-2:].tolist() == ["common_cause", "common_cause"]


@pytest.mark.unit
@pytest.mark.parametrize("side, expected", [
    ([1] * 6, [0] * 6),
    ([1] * 6 + [-1], [0] * 7),
    ([1] * 8 + [-1], [1] * 8 + [0]),
    ([-1] * 8 + [1], [1] * 8 + [0]),
    ([1, 1, 1, 0, 1, 1, 1, 1], [0] * 8),  # a point on the mean breaks the run
])
def test_shift_needs_seven_points_strictly_on_one_side(side, expected):
    side = np.array(side)
    assert _runs(side, np.zeros(len(side), dtype=int), 7).astype(int).tolist() == expected


@pytest.mark.unit
@pytest.mark.parametrize("y, expected_flags, expected_dir", [
    (range(1, 7), [0] * 6, None),
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7, None),  # a tie breaks a trend
    (range(1, 8), [1] * 7, 1),
    ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0] + [1] * 7 + [0], 1),
    (range(7, 0, -1), [1] * 7, -1),
    ([2, 7, 6, 5, 4, 3, 2, 1, 3], [0] + [1] * 7 + [0], -1),
])
def test_trend_needs_seven_points_strictly_rising_or_falling(y, expected_flags, expected_dir):
    y = np.array(list(y), dtype=float)
    flags, direction = _trends(y, np.zeros(len(y), dtype=int))
    assert flags.astype(int).tolist() == expected_flags
    if expected_dir is not None:
        assert set(direction[flags]) == {expected_dir}


@pytest.mark.unit
@pytest.mark.parametrize("close, side, expected", [
    ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
    ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
    ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
    ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
    ([1, 0, 1], [1, -1, 1], [0, 0, 0]),  # the window is not all on one side
    ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ([1, 0, 1], [1, 0, 1], [0, 0, 0]),  # a point on the mean
])
def test_two_in_three_flags_only_the_points_near_the_limit(close, side, expected):
    got = _two_in_three(np.array(close, dtype=bool), np.array(side),
                        np.zeros(len(close), dtype=int))
    assert got.astype(int).tolist() == expected


@pytest.mark.unit
def test_a_trend_crossing_the_mean_is_flagged_with_its_direction():
    y = [5, 5.2, 4.9, 5.1, 5, 4.8, 5.2, 4.7, 4.8, 4.9, 5.0, 5.1, 5.2, 5.3, 5.0, 4.9]
    p = spc(series(y))
    flagged = p.index[p["special_cause_type"] == "7 Point Trend (Increasing)"].tolist()
    assert flagged == list(range(7, 14))
    assert set(p.loc[flagged, "point_type"]) == {"special_cause_improvement"}
    assert (p.loc[flagged, "relative_to_mean"] < 0).any()
    assert (p.loc[flagged, "relative_to_mean"] > 0).any()


@pytest.mark.unit
def test_shift_broken_by_a_point_exactly_on_the_mean_end_to_end():
    # mean exactly 11: 6 x 11 + 6 x 11.5 + 11 + 6 x 10.5 = 19 x 11
    on_mean = [9, 13] * 3 + [11.5] * 3 + [11] + [11.5] * 3 + [10.5] * 6
    p = spc(series(on_mean))
    assert p["mean_col"][0] == 11 and p["relative_to_mean"][9] == 0
    assert (p["point_type"] == "common_cause").all()
    above = on_mean[:9] + [11.5] + on_mean[10:]
    q = spc(series(above))
    assert (q["special_cause_type"].iloc[6:13] == "7 Points Above CL").all()


@pytest.mark.unit
def test_precedence_outside_limits_over_shift():
    base = [0, 2] * 10  # all below the final mean 80 / 27
    run = [5, 5, 5, 30, 5, 5, 5]
    p = spc(series(base + run))
    assert p["special_cause_type"].iloc[-4] == "Above UCL"
    assert p["special_cause_type"].iloc[-7:].tolist().count("7 Points Above CL") == 6


@pytest.mark.unit
def test_rebase_gives_each_segment_its_own_limits_and_runs():
    y = RNORM_123 + [v + 5 for v in RNORM_123]
    df = series(y)
    p = spc(df, rebase=[df["x"][20]])
    assert p["rebase_group"].tolist() == [0] * 20 + [1] * 20
    first, second = spc(df.iloc[:20]), spc(df.iloc[20:].reset_index(drop=True))
    np.testing.assert_allclose(p["upl"][:20], first["upl"])
    np.testing.assert_allclose(p["upl"][20:], second["upl"])
    assert p["point_type"].tolist() == first["point_type"].tolist() + \
        second["point_type"].tolist()
    assert (spc(df)["point_type"].iloc[20:] != "common_cause").any()  # without the rebase


@pytest.mark.unit
def test_rebase_by_series():
    df = pd.concat([series(RNORM_123).assign(org="A"), series(RNORM_123).assign(org="B")])
    p = spc(df, facet="org", rebase={"B": [pd.Timestamp("2020-01-12")]})
    assert p.loc[p["org"] == "A", "rebase_group"].max() == 0
    assert p.loc[p["org"] == "B", "rebase_group"].tolist() == [0] * 10 + [1] * 10


@pytest.mark.unit
def test_fixed_limits_come_from_the_first_n_points_and_rules_apply_to_all():
    y = RNORM_123 + [3.0] * 8
    p = spc(series(y), fix_after_n_points=12)
    first12 = spc(series(RNORM_123[:12]))
    assert limits(p) == pytest.approx(limits(first12))
    assert limits(p, -1) == pytest.approx(limits(first12))
    assert (p["special_cause_type"].iloc[-8:] != "Common Cause").all()
    with pytest.raises(ValueError, match="at least 12"):
        spc(series(y), fix_after_n_points=11)


@pytest.mark.unit
def test_short_segments_are_flagged(caplog):
    p = spc(series(RNORM_123[:12]))
    assert p["short_group_warning"].all()
    assert "trial limits" in caplog.text
    assert not spc(series(RNORM_123[:13]))["short_group_warning"].any()


@pytest.mark.unit
def test_missing_values_are_kept_left_out_of_the_limits_and_break_runs():
    y = list(RNORM_123)
    y[5] = np.nan
    p = spc(series(y))
    assert len(p) == 20 and pd.isna(p["point_type"][5]) and pd.isna(p["relative_to_mean"][5])
    kept = [v for v in y if not np.isnan(v)]
    assert p["mean_col"][0] == pytest.approx(np.mean(kept))
    gap = [1.0, 2, 3, 4, np.nan, 5, 6, 7, 8, 9]  # 9 rising points around a gap: no trend
    assert (spc(series(gap))["special_cause_type"].dropna() != "7 Point Trend (Increasing)").all()
    shift = [0.0, 1] * 5 + [2.0] * 4 + [np.nan] + [2.0] * 4
    assert (spc(series(shift))["special_cause_type"].dropna() != "7 Points Above CL").all()


@pytest.mark.unit
def test_assurance_from_the_latest_limits():
    lpl, upl, target = np.array([1.0, 5, 1, 1]), np.array([3.0, 7, 5, 5]), np.array(
        [4.0, 4, 4, np.nan])
    up = assurance(target, lpl, upl, np.ones(4))
    down = assurance(target, lpl, upl, -np.ones(4))
    assert up.tolist() == ["consistent_fail", "consistent_pass", "inconsistent", None]
    assert down.tolist() == ["consistent_pass", "consistent_fail", "inconsistent", None]
    assert assurance(target, lpl, upl, np.zeros(4)).tolist() == [None] * 4


@pytest.mark.unit
def test_summary_gives_latest_variation_and_assurance_per_series():
    df = pd.concat([series(RNORM_123).assign(org="A"), series(DEVIATIONS[:5]).assign(org="B")])
    p = spc(df, facet="org", target={"A": 5.0, "B": 0.0},
            improvement_direction={"A": "increase", "B": "neutral"})
    s = spc_summary(p, "org").set_index("org")
    assert s.loc["A", "assurance_type"] == "consistent_fail"
    assert s.loc["A", "variation_type"] == "common_cause"
    assert pd.isna(s.loc["B", "assurance_type"])
    assert s.loc["A", "n"] == 20 and s.loc["B", "latest_y"] == 10


@pytest.mark.functional
def test_many_series_in_one_call_equal_one_call_each():
    rng = np.random.default_rng(7)
    frames = [series(rng.normal(50, 5, 30)).assign(org=f"O{i}") for i in range(6)]
    together = spc(pd.concat(frames), facet="org")
    for i, frame in enumerate(frames):
        alone = spc(frame)
        mine = together[together["org"] == f"O{i}"].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine.drop(columns="org"), alone, check_dtype=False)


@pytest.mark.backtest
def test_england_ae_attendances_are_common_cause_as_in_the_vignette():
    """The deviations vignette: monthly England attendances, 36 common-cause points, and
    three 12-point groups with trial limits when rebased at each April."""
    total = pd.read_csv(AE, parse_dates=["period"]).groupby("period", as_index=False)[
        "attendances"].sum()
    plain = spc(total, "attendances", "period")
    assert len(plain) == 36 and (plain["point_type"] == "common_cause").all()
    rebased = spc(total, "attendances", "period", rebase=["2017-04-01", "2018-04-01"])
    assert rebased["rebase_group"].tolist() == [0] * 12 + [1] * 12 + [2] * 12
    assert (rebased["point_type"] == "common_cause").all()
    assert rebased["short_group_warning"].all()
    assert rebased.groupby("rebase_group")["upl"].nunique().eq(1).all()


@pytest.mark.functional
def test_point_types_do_not_depend_on_units_and_flip_with_the_sign():
    """Changing units (y -> a y + b, a > 0) changes no flag; negating y swaps improvement and
    concern (a rising series read as 'decrease' is the mirror of a falling one).  a is a power
    of two and b whole, so the arithmetic is exact and points on the mean stay on it."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.integers(0, 20), min_size=2, max_size=40),
           st.integers(-3, 10), st.integers(-10_000, 10_000))
    def check(values, power, shift):
        base = spc(series(values))
        moved = spc(series([2.0 ** power * v + shift for v in values]))
        assert moved["special_cause_type"].tolist() == base["special_cause_type"].tolist()
        mirrored = spc(series([-v for v in values]), improvement_direction="decrease")
        assert mirrored["point_type"].tolist() == base["point_type"].tolist()

    check()
