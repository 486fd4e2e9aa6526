"""Bed days and beds: the public functions and the capacity table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.model.capacity import bed_days, beds, capacity_table, length_of_stay


@pytest.mark.unit
def test_bed_days_and_beds_on_arrays_series_and_numbers():
    assert bed_days(1000, 4.0) == 4000
    np.testing.assert_allclose(bed_days(np.array([10.0, 20.0]), np.array([2.0, 0.5])), [20, 10])
    series = bed_days(pd.Series([365.0, 730.0], index=["a", "b"]), 2.0)
    assert list(series.index) == ["a", "b"]
    # 365 bed days at 100% occupancy is one bed; at 85% it takes 1/0.85 beds.
    assert beds(365.0, 1.0) == pytest.approx(1.0)
    np.testing.assert_allclose(beds(series, 0.85), series / 365 / 0.85)
    assert isinstance(beds(series, 0.92), pd.Series)


@pytest.mark.unit
@pytest.mark.parametrize("occupancy", [0.0, -0.1, 1.2, float("nan")])
def test_beds_refuses_impossible_occupancy(occupancy):
    with pytest.raises(ValueError, match="occupancy"):
        beds(100.0, occupancy)


@pytest.mark.unit
def test_length_of_stay_prefers_the_age_band_row():
    cells = pd.DataFrame({"pod": ["non_elective", "non_elective", "elective", "ae"],
                          "age_band": ["85+", "0-44", "all", "all"]})
    table = pd.DataFrame({"pod": ["non_elective", "non_elective", "elective"],
                          "age_band": ["all", "85+", "all"],
                          "mean_los_days": [3.0, 9.0, 2.0], "source": "test"})
    np.testing.assert_allclose(length_of_stay(cells, table), [9.0, 3.0, 2.0, 0.0])


@pytest.mark.functional
def test_capacity_table_adds_up(mse, mse_projection):
    table = pd.DataFrame({"pod": ["non_elective", "elective"], "age_band": "all",
                          "mean_los_days": [4.0, 3.0], "source": "test"})
    loc = mse.localities.set_index("locality")
    cells = mse_projection.cells
    areas = {"ccg": pd.DataFrame({"cell": np.arange(len(cells)),
                                  "area": cells["ccg"].astype(str), "share": 1.0})}
    pops = {"system": loc["population"], "ccg": loc.groupby("ccg")["population"].sum()}
    out = capacity_table(mse_projection, table, pops, areas)
    sys_ = out[(out.level == "system") & (out.occupancy == 0.85)].set_index("year")
    ccg = out[(out.level == "ccg") & (out.occupancy == 0.85)].groupby("year").sum(
        numeric_only=True)
    np.testing.assert_allclose(ccg["planned_bed_days"], sys_["planned_bed_days"])
    base = mse.baseline
    expected = (4 * base.loc[base.pod == "non_elective", "activity"].sum()
                + 3 * base.loc[base.pod == "elective", "activity"].sum())
    assert sys_.loc["2015/16", "planned_bed_days"] == pytest.approx(expected)
    assert (sys_["released_bed_days"] >= 0).all()
    assert sys_.loc["2020/21", "released_bed_days"] > 0
