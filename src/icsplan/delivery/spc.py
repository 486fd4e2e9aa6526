"""Statistical process control (XmR charts) as NHS England's *Making Data Count* reads them.

Written from the rules documented by NHSRplotthedots 0.2.2 (the NHS-R community's R package)
so that every column can be compared with it; all series are computed together with NumPy
(no loop over series or points).  Within each segment (a series, split at rebase dates):

    mean_col  = mean of y (of its first `fix_after_n_points` observed points, if given)
    mr_i      = |y_i - y_(i-1)|                  moving ranges of consecutive points
    amr       = mean of mr; with screening, ranges not strictly below 3.267 x amr are
                dropped once and amr recomputed (the MDC Excel tool does not screen)
    lpl, upl  = mean_col -/+ 2.66 x amr           process limits
    nlpl, nupl= mean_col -/+ (2/3 x 2.66) x amr   near-limit lines

Special-cause rules, each flagging every point of its pattern, in this order of precedence:
a point outside the limits; a trend of 7 points strictly rising or falling (a tie breaks
it); two out of three points in a window all strictly on one side of the mean with at least
two between the near-limit line and the limit (only those are flagged); a shift of 7 points
strictly on one side of the mean (a point on the mean breaks it).  Runs never cross a rebase.

Missing values (NaN y) are kept as rows with no flags and no point type; they are left out
of the mean and of the moving ranges either side, and they break every run.  Deviations
from the R package, which fails on missing values: `fix_after_n_points` and the short
segment warning count observed points only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

Direction = Literal["increase", "decrease", "neutral"]
DIRECTION_SIGN = {"increase": 1, "decrease": -1, "neutral": 0}
LIMIT = 2.66  # 3 / d2 with d2 = 1.128 for moving ranges of two points
NEAR_LIMIT = 2 * LIMIT / 3
SCREEN = 3.267  # D4 for moving ranges of two points
RUN = 7  # points in a shift or a trend
SHORT_SEGMENT = 13  # fewer observed points than this gives trial limits (a warning)
MIN_FIX = 12

COLUMNS = ["x", "y", "mean_col", "lpl", "upl", "nlpl", "nupl", "outside_limits",
           "relative_to_mean", "close_to_limits", "special_cause_type", "point_type",
           "target", "rebase_group", "short_group_warning"]
VARIATIONS = ["common_cause", "special_cause_improvement", "special_cause_concern",
              "special_cause_neutral_high", "special_cause_neutral_low"]
ASSURANCES = ["consistent_pass", "consistent_fail", "inconsistent"]


class SpcWarning(UserWarning):
    """Some segments have fewer than 13 points: their limits are trial limits."""


# noqa below: the signature mirrors NHSRplotthedots' ptd_spc (the reference it is checked
# against) and the body is one vectorised pass over every series; split, the steps would
# pass the same half-dozen arrays between them.
def spc(data: pd.DataFrame, value: str = "y", date: str = "x",  # noqa: PLR0913, PLR0915
        facet: str | Sequence[str] | None = None, *,
        improvement_direction: Direction | Mapping[object, Direction] = "increase",
        target: float | str | Mapping[object, float] | None = None,
        rebase: Iterable[object] | Mapping[object, Iterable[object]] | None = None,
        fix_after_n_points: int | None = None, screen_outliers: bool = True) -> pd.DataFrame:
    """XmR chart of every series in `data` in one call, one row per point.

    `facet` names the column(s) that identify a series (e.g. ``["measure", "org"]``); the
    result has those columns, then NHSRplotthedots' columns (`COLUMNS`).  Mappings in
    `improvement_direction`, `target` and `rebase` are keyed by facet value (a tuple when
    `facet` has several columns).  `target` may also name a column of per-point targets
    (a trajectory).  `rebase` dates start a new segment with its own limits.
    """
    keys = [facet] if isinstance(facet, str) else list(facet or [])
    if fix_after_n_points is not None and fix_after_n_points < MIN_FIX:
        raise ValueError(f"fix_after_n_points must be at least {MIN_FIX}, "
                         f"got {fix_after_n_points}")
    frame = data.sort_values([*keys, date], kind="stable").reset_index(drop=True)
    n = len(frame)
    if keys:
        series_ids, series_keys = pd.MultiIndex.from_frame(frame[keys]).factorize()
        labels = [k[0] if len(keys) == 1 else tuple(k) for k in series_keys]
    else:
        series_ids, labels = np.zeros(n, dtype=np.int64), [None]
    x = pd.to_datetime(frame[date]).to_numpy()
    y = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float)

    # segments: a new one at each series start and each rebase date
    new_series = np.ones(n, dtype=bool)
    new_series[1:] = series_ids[1:] != series_ids[:-1]
    rebase_at = _rebase_flags(x, series_ids, labels, rebase)
    rebase_group = pd.Series(rebase_at.astype(np.int64)).groupby(series_ids).cumsum().to_numpy()
    segment = np.cumsum(new_series | rebase_at) - 1
    n_segments = int(segment[-1]) + 1 if n else 0
    observed = ~np.isnan(y)
    nth_observed = _cumcount(observed, segment)  # 1-based count of observed points so far
    counted = observed & (nth_observed <= (fix_after_n_points or np.inf))

    mean = _segment_mean(np.where(counted, y, np.nan), segment, n_segments)
    mr = np.full(n, np.nan)
    same = np.zeros(n, dtype=bool)
    same[1:] = segment[1:] == segment[:-1]
    yc = np.where(counted, y, np.nan)
    mr[1:] = np.where(same[1:], np.abs(yc[1:] - yc[:-1]), np.nan)
    amr = _segment_mean(mr, segment, n_segments)
    if screen_outliers:
        with np.errstate(invalid="ignore"):
            mr = np.where(mr < SCREEN * amr[segment], mr, np.nan)
        amr = _segment_mean(mr, segment, n_segments)
    m, a = mean[segment], amr[segment]
    lpl, upl = m - LIMIT * a, m + LIMIT * a
    nlpl, nupl = m - NEAR_LIMIT * a, m + NEAR_LIMIT * a
    with np.errstate(invalid="ignore"):
        outside = (y > upl) | (y < lpl)
        close = ~outside & ((y < nlpl) | (y > nupl))
    side = np.sign(y - m)  # NaN where y is missing
    side0 = np.nan_to_num(side, nan=0.0).astype(np.int64)

    trend, trend_dir = _trends(y, segment)
    two_in_three = _two_in_three(close, side0, segment)
    shift = _runs(side0, segment, RUN)
    # +1 for a pattern above the mean / rising, -1 below / falling
    above = np.where(side0 > 0, 1, -1)
    sign = np.select([outside, trend, two_in_three, shift],
                     [np.where(side0 == 1, 1, -1), trend_dir, above, above], 0)
    kind = np.select([outside, trend, two_in_three, shift],
                     ["outside", "trend", "two_in_three", "shift"], "common")
    special_cause_type = _special_cause_type(kind, sign)
    directions = _per_series(improvement_direction, labels, "improvement direction")
    direction = np.array([DIRECTION_SIGN[d] for d in directions], dtype=np.int64)[series_ids]
    point_type = _point_type(sign, direction)
    special_cause_type[~observed] = None
    point_type[~observed] = None

    counts = np.bincount(segment[observed], minlength=n_segments)
    short = counts[segment] < SHORT_SEGMENT
    if short.any():
        log.warning("%d segment(s) have fewer than %d points: their limits are trial limits",
                    len(np.unique(segment[short])), SHORT_SEGMENT)

    out = frame[keys].copy() if keys else pd.DataFrame(index=frame.index)
    out["x"] = x
    out["y"] = y
    out["mean_col"], out["lpl"], out["upl"], out["nlpl"], out["nupl"] = m, lpl, upl, nlpl, nupl
    out["outside_limits"] = outside
    out["relative_to_mean"] = side
    out["close_to_limits"] = close
    out["special_cause_type"] = special_cause_type
    out["point_type"] = point_type
    out["target"] = _targets(frame, target, labels, series_ids)
    out["rebase_group"] = rebase_group
    out["short_group_warning"] = short
    out.attrs["improvement_direction"] = dict(zip(labels, directions, strict=True))
    return out


def spc_summary(points: pd.DataFrame, facet: str | Sequence[str] | None = None) -> pd.DataFrame:
    """One row per series: its latest point's value, limits, variation and assurance.

    Variation is the latest point's `point_type`; assurance compares the latest point's
    target with the latest limits: `consistent_pass` / `consistent_fail` when the target is
    strictly outside them on the failing / passing side, else `inconsistent`; none for a
    neutral measure or no target.
    """
    keys = [facet] if isinstance(facet, str) else list(facet or [])
    directions = points.attrs.get("improvement_direction", {})
    observed = points[points["y"].notna()]
    grouped = observed.groupby(keys, sort=False) if keys else observed.groupby(
        np.zeros(len(observed)))
    latest = grouped.tail(1).reset_index(drop=True)
    stats = grouped.agg(n=("y", "size"),
                        special_cause_points=("point_type", lambda s: int((s != "common_cause")
                                                                          .sum())))
    out = latest[[*keys, "x", "y", "mean_col", "lpl", "upl", "target", "rebase_group",
                  "short_group_warning"]].rename(columns={"x": "latest_x", "y": "latest_y"})
    out["n"] = stats["n"].to_numpy()
    out["special_cause_points"] = stats["special_cause_points"].to_numpy()
    out["variation_type"] = latest["point_type"].to_numpy()
    label = (latest[keys[0]] if len(keys) == 1 else
             pd.Series(list(latest[keys].itertuples(index=False, name=None)))) if keys else \
        pd.Series([None] * len(latest))
    sign = np.array([DIRECTION_SIGN[directions.get(k, "increase")] for k in label],
                    dtype=np.int64)
    out["improvement_direction"] = [directions.get(k, "increase") for k in label]
    out["assurance_type"] = assurance(out["target"].to_numpy(float), out["lpl"].to_numpy(float),
                                      out["upl"].to_numpy(float), sign)
    return out


def assurance(target: np.ndarray, lpl: np.ndarray, upl: np.ndarray,
              direction: np.ndarray) -> np.ndarray:
    """Assurance of meeting a target from the latest process limits (direction +1/-1/0)."""
    above, below = target > upl, target < lpl
    out = np.where(above, np.where(direction > 0, "consistent_fail", "consistent_pass"),
                   np.where(below, np.where(direction > 0, "consistent_pass", "consistent_fail"),
                            "inconsistent")).astype(object)
    out[np.isnan(target) | (direction == 0)] = None
    return out


def _cumcount(mask: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """Running count of True values of `mask` within each segment (inclusive)."""
    total = np.cumsum(mask)
    start = np.r_[0, np.flatnonzero(np.diff(segment)) + 1]
    before = np.r_[0, total][start]
    lengths = np.diff(np.r_[start, len(mask)])
    return total - np.repeat(before, lengths)


def _segment_mean(values: np.ndarray, segment: np.ndarray, n_segments: int) -> np.ndarray:
    """Mean of the non-missing values of each segment (NaN where a segment has none)."""
    ok = ~np.isnan(values)
    sums = np.bincount(segment[ok], weights=values[ok], minlength=n_segments)
    counts = np.bincount(segment[ok], minlength=n_segments)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts


def _run_lengths(codes: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """Length of the run of equal, non-zero `codes` each point belongs to (0 off any run)."""
    n = len(codes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.ones(n, dtype=bool)
    starts[1:] = (codes[1:] != codes[:-1]) | (segment[1:] != segment[:-1])
    run_id = np.cumsum(starts) - 1
    lengths = np.bincount(run_id)[run_id]
    return np.where(codes != 0, lengths, 0)


def _runs(side: np.ndarray, segment: np.ndarray, length: int) -> np.ndarray:
    """Points in a run of at least `length` consecutive points on one side of the mean."""
    return _run_lengths(side, segment) >= length


def _trends(y: np.ndarray, segment: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points in a trend of 7 strictly rising or falling points, and its direction there.

    A run of 6 equal signed differences covers 7 points (the one before the first difference
    included).  A point's direction is the step to the next point when that point is in a
    trend too, otherwise the step from the previous point (as NHSRplotthedots reads it).
    """
    n = len(y)
    step = np.zeros(n, dtype=np.int64)  # sign(y_i - y_(i-1)) within a segment, 0 if unknown
    if n > 1:
        d = np.sign(y[1:] - y[:-1])
        ok = (segment[1:] == segment[:-1]) & ~np.isnan(d)
        step[1:] = np.where(ok, np.nan_to_num(d), 0).astype(np.int64)
    in_steps = _run_lengths(step, segment) >= RUN - 1
    trend = in_steps.copy()
    trend[:-1] |= in_steps[1:]  # the point the first rising/falling step starts from
    nxt = np.zeros(n, dtype=bool)
    nxt[:-1] = trend[1:] & (segment[1:] == segment[:-1])
    step_next = np.r_[step[1:], step[-1:]] if n else step
    direction = np.where(trend & nxt, step_next, step)
    return trend, np.where(direction == 1, 1, -1)


def _two_in_three(close: np.ndarray, side: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """Points near a limit in a 3-point window, all on one side, with 2+ near that limit."""
    n = len(close)
    if n < 3:
        return np.zeros(n, dtype=bool)
    c = close.astype(np.int64)
    near = c[:-2] + c[1:-1] + c[2:]
    one_side = np.abs(side[:-2] + side[1:-1] + side[2:]) == 3
    window = (near >= 2) & one_side & (segment[:-2] == segment[2:])
    hit = np.zeros(n, dtype=bool)
    hit[:-2] |= window
    hit[1:-1] |= window
    hit[2:] |= window
    return hit & close


def _special_cause_type(kind: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """NHSRplotthedots' label of each point's pattern ("7 Points Above CL", ...)."""
    up = sign > 0
    labels = np.select(
        [kind == "outside", kind == "trend", kind == "two_in_three", kind == "shift"],
        [np.where(up, "Above UCL", "Below LCL"),
         np.where(up, "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"),
         np.where(up, "2 in 3 Above CL", "2 in 3 Below CL"),
         np.where(up, "7 Points Above CL", "7 Points Below CL")], "Common Cause")
    return labels.astype(object)


def _point_type(sign: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Variation of each point given the improvement direction of its series."""
    oriented = sign * direction
    out = np.select([(direction == 0) & (sign > 0), (direction == 0) & (sign < 0),
                     oriented > 0, oriented < 0],
                    ["special_cause_neutral_high", "special_cause_neutral_low",
                     "special_cause_improvement", "special_cause_concern"], "common_cause")
    return out.astype(object)


def _per_series(value: object, labels: list, what: str) -> list:
    """A setting per series from one value or a mapping by series."""
    if isinstance(value, Mapping):
        missing = [k for k in labels if k not in value]
        if missing:
            raise ValueError(f"no {what} given for series {missing[0]!r}")
        values = [value[k] for k in labels]
    else:
        values = [value] * len(labels)
    if what == "improvement direction":
        for v in values:
            if v not in DIRECTION_SIGN:
                raise ValueError(f"improvement direction must be increase, decrease or "
                                 f"neutral, got {v!r}")
    return values


def _rebase_flags(x: np.ndarray, series_ids: np.ndarray, labels: list,
                  rebase: object) -> np.ndarray:
    """True where a point's date is a rebase date of its series."""
    flags = np.zeros(len(x), dtype=bool)
    if rebase is None:
        return flags
    if isinstance(rebase, Mapping):
        for i, label in enumerate(labels):
            dates = pd.to_datetime(list(rebase.get(label, []))).to_numpy()
            mine = series_ids == i
            flags[mine] = np.isin(x[mine], dates)
        return flags
    return np.isin(x, pd.to_datetime(list(rebase)).to_numpy())


def _targets(frame: pd.DataFrame, target: object, labels: list,
             series_ids: np.ndarray) -> np.ndarray:
    """Target of each point: a column name, one value, or a mapping by series."""
    if target is None:
        return np.full(len(frame), np.nan)
    if isinstance(target, str):
        return pd.to_numeric(frame[target], errors="coerce").to_numpy(dtype=float)
    if isinstance(target, Mapping):
        per = np.array([float(target.get(k, np.nan)) for k in labels], dtype=float)
        return per[series_ids]
    return np.full(len(frame), float(target))
