"""Access: travel time from each area to the nearest site offering a service, per option.

For an option and a service, an area's time is the least road time to any site offering
it (adding a site can only shorten it).  Summaries weight areas by resident population:

    share within T  = sum(pop where minutes <= T) / sum(pop)          (percent)
    mean minutes    = sum(pop x minutes) / sum(pop);  worst = max over areas with people

and compare with the current option (today) where the scenario marks one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.appraisal.options import Option

THRESHOLDS = (30, 45, 60)  # minutes


def nearest_minutes(minutes: pd.DataFrame, sites: tuple[str, ...]) -> pd.Series:
    """Each area's minutes to the nearest of `sites` (NaN when `sites` is empty)."""
    if not sites:
        return pd.Series(np.nan, index=minutes.index)
    return minutes[list(sites)].min(axis=1)


def nearest_site(minutes: pd.DataFrame, sites: tuple[str, ...]) -> pd.Series:
    """Each area's nearest site among `sites` (ties go to the first in `sites` order)."""
    return minutes[list(sites)].idxmin(axis=1)


def summarise(times: pd.Series | np.ndarray,
              population: pd.Series | np.ndarray) -> dict[str, float]:
    """Population-weighted access measures of one set of area times."""
    pop = np.asarray(population, dtype=float)
    t = np.asarray(times, dtype=float)
    total = pop.sum()
    out = {"population": total,
           "mean_minutes": float((pop * t).sum() / total) if total else np.nan,
           "worst_minutes": float(t[pop > 0].max()) if (pop > 0).any() else np.nan}
    for limit in THRESHOLDS:
        out[f"within_{limit}_pct"] = float(100 * pop[t <= limit].sum() / total) if total else 0
    return out


def access_table(minutes: pd.DataFrame, areas: pd.DataFrame, options: tuple[Option, ...],
                 current: Option | None) -> pd.DataFrame:
    """Access by option, service and locality (plus `all`), with change against today."""
    area_pop = areas.set_index("area")["population"].reindex(minutes.index)
    locality = areas.set_index("area")["locality"].reindex(minutes.index)
    # each locality's areas by position, in index order (label look-ups per option and
    # service were most of the appraisal's time)
    grouped = locality.groupby(locality)
    positions = grouped.indices
    localities = [(loc, positions[loc]) for loc in grouped.groups]
    pop = area_pop.to_numpy(float)
    rows = []
    for opt in options:
        for service, sites in opt.services.items():
            times = nearest_minutes(minutes, sites).to_numpy(float)
            rows.append({"option": opt.option, "service": service, "locality": "all",
                         **summarise(times, pop)})
            for loc, at in localities:
                rows.append({"option": opt.option, "service": service, "locality": loc,
                             **summarise(times[at], pop[at])})
    table = pd.DataFrame(rows)
    if current is not None and not table.empty:
        today = table[table["option"] == current.option].set_index(["service", "locality"])
        keys = pd.MultiIndex.from_frame(table[["service", "locality"]])
        table["change_mean_minutes"] = (table["mean_minutes"].to_numpy()
                                        - today["mean_minutes"].reindex(keys).to_numpy())
        table["change_within_30_pct"] = (table["within_30_pct"].to_numpy()
                                         - today["within_30_pct"].reindex(keys).to_numpy())
    return table


def area_times(minutes: pd.DataFrame, areas: pd.DataFrame, options: tuple[Option, ...],
               service: str = "specialist_emergency") -> pd.DataFrame:
    """Each area's minutes to the nearest site offering `service`, per option (for maps)."""
    frames = []
    for opt in options:
        sites = opt.services.get(service, ())
        if not sites:
            continue
        frames.append(pd.DataFrame({
            "option": opt.option, "area": minutes.index,
            "minutes": nearest_minutes(minutes, sites).to_numpy(),
            "site": nearest_site(minutes, sites).to_numpy()}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["option", "area", "minutes", "site"])
    return out.merge(areas[["area", "locality", "lat", "lon", "population"]], on="area")
