"""Activity flows: where each locality's hospital activity goes under each option.

Each area sends its activity of a pod to the nearest site offering a service that takes it
(`POD_SERVICES`); a locality's activity is split between sites in proportion to the
population of its areas each site is nearest to.  A share `s` of emergency admissions
(`specialist_share_pct`) goes to the nearest specialist emergency hospital instead:

    to site k = activity x [(1 - s) x share nearest(k | SEH or EC) + s x share nearest(k | SEH)]

Flows conserve activity: every locality's activity of a pod lands on exactly one set of
sites.  Outpatients are not moved (every option keeps outpatients at every site).
Transfers: where `transfer_rate_pct` is given, that share of emergency admissions at a site
without a specialist emergency hospital is counted as an extra inter-site transfer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from icsplan.appraisal.access import nearest_site
from icsplan.appraisal.errors import AppraisalError, Problem
from icsplan.appraisal.options import Option

EMERGENCY = ("specialist_emergency", "emergency_centre", "local_emergency_centre")
POD_SERVICES = {
    "ae": EMERGENCY,                                           # any 24/7 or selective A&E
    "non_elective": ("specialist_emergency", "emergency_centre"),  # acute inpatient beds
    "elective": ("elective_centre",),                          # inpatient elective surgery
    "daycase": ("elective_centre", *EMERGENCY),                # day surgery at every model
}


def area_people(minutes: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The areas of `minutes` joined to their locality and population, with `at`: each row's
    position in `minutes` (made once for every set of sites `locality_shares` is asked)."""
    left = pd.DataFrame({"area": minutes.index, "at": np.arange(len(minutes))})
    return left.merge(areas[["area", "locality", "population"]], on="area")


def locality_shares(minutes: pd.DataFrame, areas: pd.DataFrame,
                    sites: tuple[str, ...], people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of each locality's population whose nearest of `sites` is each site (`people`:
    `area_people(minutes, areas)`, when already made)."""
    people = area_people(minutes, areas) if people is None else people
    nearest = nearest_site(minutes, sites).to_numpy()[people["at"].to_numpy()]
    frame = pd.DataFrame({"site": nearest, "locality": people["locality"].to_numpy(),
                          "population": people["population"].to_numpy()})
    pop = frame.groupby(["locality", "site"], as_index=False)["population"].sum()
    pop["share"] = pop["population"] / pop.groupby("locality")["population"].transform("sum")
    return pop[["locality", "site", "share"]]


def option_flows(activity: pd.DataFrame, minutes: pd.DataFrame, areas: pd.DataFrame,
                 option: Option, specialist_share: float = 0.0,
                 shares_of: Callable[[tuple[str, ...]], pd.DataFrame] | None = None,
                 ) -> pd.DataFrame:
    """Activity by locality, pod and receiving site under one option.

    `activity` has columns locality, pod, activity (a year); `specialist_share` is 0-1;
    `shares_of(sites)` is `locality_shares` of these minutes and areas (flows_table passes
    one that remembers each set of sites: options share most of theirs).
    """
    if shares_of is None:
        def shares_of(sites: tuple[str, ...]) -> pd.DataFrame:
            return locality_shares(minutes, areas, sites)
    by_pod = activity.groupby(["locality", "pod"], as_index=False)["activity"].sum()
    by_pod = list(zip(by_pod["locality"].tolist(), by_pod["pod"].tolist(),
                      by_pod["activity"].tolist(), strict=True))
    moved: dict[tuple[str, str, str], list[float]] = {}
    problems = []
    for pod, services in POD_SERVICES.items():
        rows = [(loc, act) for loc, p, act in by_pod if p == pod]
        if not rows:
            continue
        sites = option.sites_offering(*services)
        if not sites:
            problems.append(Problem("option_services.csv", f"option '{option.option}' has no "
                                    f"site for pod '{pod}' (needs one of: {', '.join(services)})"))
            continue
        parts = [(1.0, shares_of(sites))]
        specialist = option.sites_offering("specialist_emergency")
        if pod == "non_elective" and specialist and specialist_share > 0:
            parts = [(1.0 - specialist_share, parts[0][1]),
                     (specialist_share, shares_of(specialist))]
        for weight, shares in parts:
            _split(rows, pod, weight, shares, moved)
    if problems:
        raise AppraisalError(problems)
    keys = sorted(moved)  # as pandas' groupby orders them; a sum skips missing values
    return pd.DataFrame({
        "option": option.option, "locality": [k[0] for k in keys], "pod": [k[1] for k in keys],
        "site": [k[2] for k in keys],
        "activity": [sum((v for v in moved[k] if v == v), 0.0) for k in keys]})


def _split(rows: list[tuple[str, float]], pod: str, weight: float, shares: pd.DataFrame,
           moved: dict[tuple[str, str, str], list[float]]) -> None:
    """Each locality's activity of `pod` (x `weight`) split by its sites' shares
    (`locality_shares`), added to `moved` by (locality, pod, site)."""
    to: dict[str, list[tuple[str, float]]] = {}
    for loc, site, share in zip(shares["locality"].tolist(), shares["site"].tolist(),
                                shares["share"].tolist(), strict=True):
        to.setdefault(loc, []).append((site, share))
    for loc, act in rows:
        for site, share in to.get(loc, ()):
            moved.setdefault((loc, pod, site), []).append(act * share * weight)


def flows_table(activity: pd.DataFrame, minutes: pd.DataFrame, areas: pd.DataFrame,
                options: tuple[Option, ...], specialist_share: float = 0.0) -> pd.DataFrame:
    """Flows of every option, tidy: option, locality, pod, site, activity."""
    known: dict[tuple[str, ...], pd.DataFrame] = {}
    people = area_people(minutes, areas)

    def shares_of(sites: tuple[str, ...]) -> pd.DataFrame:
        if sites not in known:
            known[sites] = locality_shares(minutes, areas, sites, people)
        return known[sites]

    return pd.concat([option_flows(activity, minutes, areas, o, specialist_share, shares_of)
                      for o in options], ignore_index=True)


def site_activity(flows: pd.DataFrame, current: Option | None) -> pd.DataFrame:
    """Activity each site receives by pod and option, and its gain or loss against today."""
    sites = flows.groupby(["option", "site", "pod"], as_index=False)["activity"].sum()
    full = pd.MultiIndex.from_product([sites["option"].unique(), sites["site"].unique(),
                                       sites["pod"].unique()], names=["option", "site", "pod"])
    sites = sites.set_index(["option", "site", "pod"]).reindex(full, fill_value=0.0)
    sites = sites.reset_index()
    if current is not None:
        today = sites[sites["option"] == current.option].set_index(["site", "pod"])["activity"]
        keys = pd.MultiIndex.from_frame(sites[["site", "pod"]])
        sites["change_vs_current"] = sites["activity"].to_numpy() - today.reindex(
            keys, fill_value=0.0).to_numpy()
    return sites
