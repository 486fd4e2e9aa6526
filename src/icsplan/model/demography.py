"""Demographic growth by age band (and sex where given) from population projections.

When a scenario gives both `population_projections` and `non_demographic_growth`, momentum is

    momentum[y, c] = baseline[c] x P[a(c), b(c), y] / P[a(c), b(c), base] x (1 + n[pod(c)]) ^ t(y)

where P is the projected population of the cell's area a (its locality if the table has rows
for it, else its ccg, else the system: area "") in its age band b, summed over sex; a cell with
age band "all" takes the whole population of its area; n is the pod's non-demographic growth
(fraction per year).  This is the usual planning split (and the NHP model's): demography by
age, everything else per pod.  Without those two tables the pod's total growth rate
(growth.csv) applies, as in the published mse-2016 plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.errors import InputError, Problem


class DemographyError(InputError):
    """Population projections that do not cover the baseline's areas, age bands or years."""

    title = "The population projections cannot be used"


def uses_demography(scenario) -> bool:
    """True when the scenario grows activity by population projections x non-demographic
    growth rather than by its total growth rates."""
    return ("population_projections" in scenario.tables
            and "non_demographic_growth" in scenario.tables)


def population_by_area(projections: pd.DataFrame) -> pd.DataFrame:
    """Projected people by area, age band and year (summed over sex), with "all" bands added."""
    frame = projections.groupby(["area", "age_band", "year"], as_index=False)["population"].sum()
    bands = frame[frame["age_band"] != "all"]
    total = bands.groupby(["area", "year"], as_index=False)["population"].sum()
    total.insert(1, "age_band", "all")
    given_all = frame[frame["age_band"] == "all"]
    keep = total.merge(given_all[["area"]].drop_duplicates(), how="left", on="area",
                       indicator=True)
    total = total[(keep["_merge"] == "left_only").to_numpy()]
    return pd.concat([frame, total], ignore_index=True)


def demographic_factors(projections: pd.DataFrame, cells: pd.DataFrame,
                        years: list[str]) -> np.ndarray:
    """Population in each year relative to the base year, per cell: (years, cells).

    `cells` has locality, ccg and age_band; raises DemographyError naming the first cell whose
    area and age band have no projection for every year.
    """
    people = population_by_area(projections)
    wide = people.pivot_table(index=["area", "age_band"], columns="year", values="population",
                              aggfunc="sum")
    missing_years = [y for y in years if y not in wide.columns]
    if missing_years:
        raise DemographyError(Problem("population_projections.csv", "no rows for "
                                      + ", ".join(missing_years)))
    wide = wide[years]
    ratio = wide.div(wide[years[0]], axis=0)
    areas = set(ratio.index.get_level_values("area"))
    loc = cells["locality"].astype(str).to_numpy()
    ccg = cells["ccg"].astype(str).to_numpy()
    band = cells["age_band"].astype(str).to_numpy()
    area = np.where(np.isin(loc, list(areas)), loc, np.where(np.isin(ccg, list(areas)), ccg, ""))
    keys = pd.MultiIndex.from_arrays([area, band])
    found = ratio.reindex(keys)
    bad = found.isna().any(axis=1).to_numpy() | ~np.isfinite(found.to_numpy()).all(axis=1)
    if bad.any():
        k = int(np.argmax(bad))
        raise DemographyError(Problem(
            "population_projections.csv", f"no usable population for age band '{band[k]}' of "
            f"area '{area[k] or 'system'}' in every year (needed by locality '{loc[k]}')"))
    return found.to_numpy(dtype=float).T


def non_demographic_rates(table: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """Non-demographic growth (fraction per year) of each cell's pod."""
    rate = table.set_index("pod")["annual_growth_pct"]
    values = cells["pod"].astype(str).map(rate)
    if values.isna().any():
        pod = cells["pod"].astype(str)[values.isna()].iloc[0]
        raise DemographyError(Problem("non_demographic_growth.csv",
                                      f"no rate for pod '{pod}'"))
    return values.to_numpy(dtype=float) / 100
