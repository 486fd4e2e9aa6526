"""Benchmark the SPC engine on every series of NHS England's monthly A&E statistics.

    .venv/bin/python benchmarks/bench_spc.py [--repeat 5] [--actuals FILE]

4-hour performance of each organisation x A&E type (274 organisations, 3 types, up to 36
months: 12,765 points in 428 series) in one call of `icsplan.delivery.spc.spc`, against a
straightforward per-series pandas implementation of the same rules (a loop over series,
`diff`, `rolling`), timed in the same run.  Prints both wall times (best of N) and the
ratio; both implementations must give the same limits and point types, or it fails.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from icsplan.delivery.spc import spc
from timing import finish, measure, start

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ae_attendances.csv"
KEYS = ["org_code", "type"]


def _part_of(ends: pd.Series, width: int) -> pd.Series:
    """Points within `width` points before the end of a pattern (reverse rolling max)."""
    return ends[::-1].rolling(width, min_periods=1).max()[::-1].fillna(0) > 0


def pandas_one(y: pd.Series) -> pd.DataFrame:
    """One series, the obvious way with pandas."""
    y = y.reset_index(drop=True).astype(float)
    mean = y.mean()
    mr = y.diff().abs()
    amr = mr.mean()
    mr = mr.where(mr < 3.267 * amr)
    amr = mr.mean()
    lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
    nlpl, nupl = mean - 2 * 2.66 / 3 * amr, mean + 2 * 2.66 / 3 * amr
    outside = (y > upl) | (y < lpl)
    close = ~outside & ((y < nlpl) | (y > nupl))
    side = np.sign(y - mean)
    shift_end = side.rolling(7).apply(lambda w: float(w[0] != 0 and (w == w[0]).all()),
                                      raw=True)
    shift = _part_of(shift_end, 7)
    step = np.sign(y.diff())
    trend_end = step.rolling(6).apply(lambda w: float(w[0] != 0 and (w == w[0]).all()),
                                      raw=True)
    trend = _part_of(trend_end, 7)
    direction = pd.Series(np.where(trend & trend.shift(-1, fill_value=False),
                                   step.shift(-1), step), index=y.index)
    window = ((close.astype(int).rolling(3).sum() >= 2)
              & (side.rolling(3).sum().abs() == 3)).astype(float)
    two = _part_of(window, 3) & close
    up = side > 0
    sign = np.select([outside, trend, two, shift],
                     [np.where(side == 1, 1, -1), np.where(direction == 1, 1, -1),
                      np.where(up, 1, -1), np.where(up, 1, -1)], 0)
    point_type = np.select([sign > 0, sign < 0], ["special_cause_improvement",
                                                  "special_cause_concern"], "common_cause")
    return pd.DataFrame({"mean_col": mean, "lpl": lpl, "upl": upl, "point_type": point_type})


def pandas_all(frame: pd.DataFrame) -> pd.DataFrame:
    """Every series, one at a time."""
    out = []
    for _, group in frame.sort_values([*KEYS, "period"]).groupby(KEYS, sort=True):
        out.append(pandas_one(group["performance"]))
    return pd.concat(out, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--actuals", type=Path, default=DEFAULT)
    args = parser.parse_args()
    logging.getLogger("icsplan.delivery.spc").setLevel(logging.ERROR)  # short-series notes
    frame = pd.read_csv(args.actuals, dtype={"type": str}, parse_dates=["period"])
    frame["performance"] = 1 - frame["breaches"] / frame["attendances"]
    n_series = frame.groupby(KEYS).ngroups
    print(f"{len(frame):,} points in {n_series} series ({frame['org_code'].nunique()} "
          f"organisations x {frame['type'].nunique()} types, up to "
          f"{frame['period'].nunique()} months)")
    start("SPC: every series of the A&E file in one vectorised call against pandas per series")
    t_fast = measure(args.repeat, lambda: spc(frame, "performance", "period", KEYS))
    t_slow = measure(args.repeat, lambda: pandas_all(frame))
    fast, ours, slow, theirs = t_fast.median, t_fast.result, t_slow.median, t_slow.result
    np.testing.assert_allclose(ours["upl"], theirs["upl"], rtol=1e-9)
    np.testing.assert_allclose(ours["lpl"], theirs["lpl"], rtol=1e-9, equal_nan=True)
    assert (ours["point_type"].to_numpy() == theirs["point_type"].to_numpy()).all(), \
        "the pandas baseline and the engine disagree on point types"
    special = int((ours["point_type"] != "common_cause").sum())
    print(f"special-cause points: {special:,} of {len(ours):,} (both implementations agree)")
    print(f"icsplan spc, one vectorised call: {t_fast.text('ms')}")
    print(f"pandas, one series at a time:     {t_slow.text('ms')}")
    print(f"ratio (pandas / icsplan):         {slow / fast:8.1f}x (medians)")
    finish()


if __name__ == "__main__":
    main()
