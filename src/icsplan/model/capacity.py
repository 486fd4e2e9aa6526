"""Hospital bed capacity: bed days from admissions and length of stay, beds from bed days.

    bed days[y, c] = admissions[y, c] x mean length of stay (days) of the cell's pod and age band
    beds[y]        = bed days[y] / 365 / target occupancy           (average beds open all year)
    per 1,000      = bed days[y] / population x 1,000

Length of stay comes from the scenario table `length_of_stay` (pod, age_band, mean_los_days,
source); a row with age band "all" covers every age band of its pod without a row of its own.
Pods without a row have no bed days (A&E attendances, outpatient appointments; day cases are
same-day, 0 days). Beds are shown at 85% and 92% occupancy by default. Capacity released by the
initiatives is the bed days (and beds) of the activity they remove: momentum minus planned.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DAYS_PER_YEAR = 365.0
OCCUPANCIES = (0.85, 0.92)
CAPACITY_COLUMNS = ["level", "area", "year", "population", "momentum_bed_days",
                    "planned_bed_days", "released_bed_days", "bed_days_per_1000",
                    "momentum_bed_days_per_1000", "occupancy", "planned_beds",
                    "momentum_beds", "released_beds"]


def bed_days(admissions, mean_los_days):
    """Bed days (days a year) = admissions (a year) x mean length of stay (days).

    Works element-wise on NumPy arrays, pandas Series or numbers (broadcasting as NumPy does).
    """
    return admissions * mean_los_days


def beds(bed_days, occupancy):
    """Average beds needed = bed days (a year) / 365 / target occupancy (a share, 0-1].

    Works element-wise on NumPy arrays, pandas Series or numbers.
    """
    occ = np.asarray(occupancy, dtype=float)
    if np.any((occ <= 0) | (occ > 1)) or np.any(np.isnan(occ)):
        raise ValueError(f"occupancy {occupancy} must be a share above 0 and at most 1")
    return bed_days / DAYS_PER_YEAR / occupancy


def length_of_stay(cells: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Mean length of stay (days) for each cell from its pod and age band; 0 where none given.

    A row for the cell's own age band wins over the pod's "all" row.
    """
    los = np.zeros(len(cells))
    if table is None or not len(table):
        return los
    pods = cells["pod"].astype(str).to_numpy()
    bands = cells["age_band"].astype(str).to_numpy()
    general = table[table["age_band"] == "all"].set_index("pod")["mean_los_days"]
    specific = table[table["age_band"] != "all"].set_index(["pod", "age_band"])["mean_los_days"]
    los = pd.Series(pods).map(general).fillna(0.0).to_numpy(dtype=float)
    if len(specific):
        keyed = pd.Series(specific.to_numpy(dtype=float), index=[
            f"{p}|{b}" for p, b in specific.index])
        own = pd.Series([f"{p}|{b}" for p, b in zip(pods, bands, strict=True)]).map(keyed)
        los = np.where(own.notna().to_numpy(), own.to_numpy(dtype=float, na_value=0.0), los)
    return los


def capacity_table(projection, los_table: pd.DataFrame, populations: dict[str, pd.Series],
                   areas: dict[str, pd.DataFrame] | None = None,
                   occupancies: Sequence[float] = OCCUPANCIES) -> pd.DataFrame:
    """Bed days, bed days per 1,000 and beds by year for the system and each area level.

    `populations` maps a level ("system", "ccg", "trust") to people by area; `areas` maps a
    level other than "system" to a frame with columns cell (position in the projection),
    area and share (the part of the cell's activity that falls to the area, e.g. a CCG's
    split over acute trusts).  Columns of CAPACITY_COLUMNS, one row per area, year and
    occupancy.
    """
    los = length_of_stay(projection.cells, los_table)
    momentum = bed_days(projection.momentum, los[None, :])
    planned = bed_days(projection.planned, los[None, :])
    rows = []

    def add(level: str, area: str, weights: np.ndarray, population: float) -> None:
        m = momentum @ weights
        p = planned @ weights
        per = 1000 / population if population else np.nan
        for k, year in enumerate(projection.years):
            for occ in occupancies:
                rows.append({
                    "level": level, "area": area, "year": year, "population": population,
                    "momentum_bed_days": m[k], "planned_bed_days": p[k],
                    "released_bed_days": m[k] - p[k], "bed_days_per_1000": p[k] * per,
                    "momentum_bed_days_per_1000": m[k] * per, "occupancy": occ,
                    "planned_beds": beds(p[k], occ), "momentum_beds": beds(m[k], occ),
                    "released_beds": beds(m[k] - p[k], occ)})

    add("system", "system", np.ones(len(los)), float(populations["system"].sum()))
    for level, assignment in (areas or {}).items():
        pop = populations[level]
        for area, part in assignment.groupby("area", sort=True):
            weights = np.zeros(len(los))
            np.add.at(weights, part["cell"].to_numpy(), part["share"].to_numpy(dtype=float))
            add(level, str(area), weights, float(pop.get(area, 0.0)))
    return pd.DataFrame(rows, columns=CAPACITY_COLUMNS)


def plan_capacity(scenario, projection, occupancies: Sequence[float] = OCCUPANCIES
                  ) -> pd.DataFrame | None:
    """The capacity table of a scenario (system, each CCG, each acute trust in
    `acute_trusts`), or None when the scenario gives no length of stay."""
    if "length_of_stay" not in scenario.tables:
        return None
    cells = projection.cells
    loc = scenario.localities
    people = loc.groupby("ccg")["population"].sum().astype(float)
    ccg_of = cells["ccg"].astype(str).to_numpy()
    areas = {"ccg": pd.DataFrame({"cell": np.arange(len(cells)), "area": ccg_of,
                                  "share": 1.0})}
    populations = {"system": loc["population"].astype(float), "ccg": people}
    trusts = scenario.acute_trusts
    if len(trusts):
        by_cell = pd.DataFrame({"cell": np.arange(len(cells)), "ccg": ccg_of}).merge(
            trusts[["ccg", "trust", "share"]], on="ccg", how="inner")
        areas["trust"] = by_cell.rename(columns={"trust": "area"})[["cell", "area", "share"]]
        # A trust's catchment: the people of each CCG in proportion to its share of them.
        catchment = trusts.assign(people=trusts["ccg"].map(people) * trusts["share"])
        populations["trust"] = catchment.groupby("trust")["people"].sum()
    return capacity_table(projection, scenario.length_of_stay, populations, areas,
                          occupancies)
