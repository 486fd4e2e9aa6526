"""The demand model: baseline activity grown by momentum, less what initiatives remove.

It works on cells (locality x pod x age band x segment) held in NumPy arrays, year by year:

    momentum[y, c] = baseline[c] * (1 + g[c]) ** t(y)     (x demographic factor: model.demography)
    removed_i[y, c] = momentum[y, c] * r_i[c] * phasing_i[y]
    planned[y, c]  = momentum[y, c] - sum_i removed_i[y, c]

where g is the annual growth (pod rate, or a locality's own rate where given), t the years
since the base year, and r_i the share of momentum initiative i removes by the horizon in that
cell: its effect's `reduction_pct`, scaled per locality when the effect is allocated by the
scenario's locality targets (the scaling keeps the system-wide share at `reduction_pct`).
Initiative effects add up (each is a share of momentum), as in the seed annex tables.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from icsplan.errors import InputError
from icsplan.model import demography
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import Effect

log = logging.getLogger(__name__)
CELL_KEYS = ["locality", "pod", "age_band", "segment"]
AREA_KEYS = ("ccg", "locality", "pod")  # the grain every activity table is summed from


def _first_appearance(keys: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Group codes of a small key frame, numbered in order of first appearance, and the
    distinct keys."""
    codes = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    return codes, keys.drop_duplicates().reset_index(drop=True)


class ModelError(InputError):
    """The scenario is valid on its own but cannot be projected (e.g. > 100% removed)."""

    title = "The scenario cannot be projected"


@dataclass(frozen=True)
class Projection:
    """Activity per year and cell: baseline, momentum, each initiative's removal, planned.

    Arrays are shaped (years, cells); `cells` gives each cell's locality, ccg, pod, age band
    and segment (categorical columns, so slicing national-scale projections stays fast).
    Removals are positive numbers of activity units.
    """

    scenario: str
    years: tuple[str, ...]
    cells: pd.DataFrame
    baseline: np.ndarray
    momentum: np.ndarray
    removed: dict[str, np.ndarray]
    shifted_by: dict[str, np.ndarray]  # per initiative: the part of `removed` re-provided
    planned: np.ndarray

    @property
    def horizon(self) -> str:
        """The last year of the projection."""
        return self.years[-1]

    @cached_property
    def shifted(self) -> np.ndarray:
        """Activity shifted to other settings by all initiatives, (years, cells)."""
        return sum(self.shifted_by.values(), np.zeros_like(self.momentum))

    def _groups(self, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
        """Group id per cell (groups numbered in order of first appearance) and each group's
        key values as plain strings."""
        key = np.zeros(len(self.cells), dtype=np.int64)
        for k in keys:
            col = self.cells[k].cat
            key = key * (len(col.categories) + 1) + col.codes.to_numpy().astype(np.int64)
        _, first_idx, inverse = np.unique(key, return_index=True, return_inverse=True)
        order = np.argsort(first_idx, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        first = self.cells.iloc[first_idx[order]][keys].astype(str).reset_index(drop=True)
        return rank[inverse], first

    def _measures(self) -> dict[str, np.ndarray]:
        """Every measure of a (years, cells) shape, in the order of the long tables."""
        measures = {"momentum": self.momentum, "planned": self.planned, "shifted": self.shifted}
        measures.update({f"removed:{ident}": arr for ident, arr in self.removed.items()})
        return measures

    @cached_property
    def _by_area(self) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray]]:
        """Every measure summed once to ccg x locality x pod: the groups' keys (in order of
        first appearance), baselines (groups) and measures (years, groups).

        The activity tables and the locality targets are all sums over these groups, so the
        cells (hundreds of thousands nationally) are summed once per measure, not per table.
        """
        groups, first = self._groups(list(AREA_KEYS))
        n = len(first)
        if n and np.all(np.diff(groups) >= 0):  # cells in group order: one reduceat a measure
            starts = np.flatnonzero(np.r_[True, np.diff(groups) > 0])
            sums = {name: np.add.reduceat(arr, starts, axis=1)
                    for name, arr in self._measures().items()}
            baseline = np.add.reduceat(self.baseline, starts)
        else:
            slot = (np.arange(len(self.years))[:, None] * n + groups[None, :]).ravel()
            sums = {name: np.bincount(slot, weights=arr.ravel(), minlength=n * len(self.years))
                    .reshape(len(self.years), n) for name, arr in self._measures().items()}
            baseline = np.bincount(groups, weights=self.baseline, minlength=n)
        return first, baseline, sums

    def _long(self, keys: list[str]) -> pd.DataFrame:
        """Baseline, momentum, planned and removals summed to `keys` x year, long format."""
        if set(keys) <= set(AREA_KEYS):
            first, base, sums = self._by_area
            if list(keys) != list(AREA_KEYS):  # a coarser roll-up of the area sums
                codes, first = _first_appearance(first[keys])
                n = len(first)
                base = np.bincount(codes, weights=base, minlength=n)
                sums = {name: np.stack([np.bincount(codes, weights=row, minlength=n)
                                        for row in arr]) for name, arr in sums.items()}
        else:
            groups, first = self._groups(keys)
            n = len(first)
            slot = (np.arange(len(self.years))[:, None] * n + groups[None, :]).ravel()
            sums = {name: np.bincount(slot, weights=arr.ravel(), minlength=n * len(self.years))
                    .reshape(len(self.years), n) for name, arr in self._measures().items()}
            base = np.bincount(groups, weights=self.baseline, minlength=n)
        n, n_years = len(first), len(self.years)
        frame = first.iloc[np.tile(np.arange(n), n_years)].reset_index(drop=True)
        frame.insert(0, "year", np.repeat(np.array(self.years, dtype=object), n))
        columns = {"baseline": np.tile(base, n_years)}
        columns.update({name: arr.ravel() for name, arr in sums.items()})
        return pd.concat([frame, pd.DataFrame(columns)], axis=1)

    def area_totals(self, year: str) -> pd.DataFrame:
        """Per ccg, locality and pod in `year`: baseline, momentum and planned (in order of
        first appearance)."""
        first, base, sums = self._by_area
        k = self.at(year)
        frame = first.copy()
        frame["baseline"] = base
        frame["momentum"] = sums["momentum"][k]
        frame["planned"] = sums["planned"][k]
        return frame

    def activity(self) -> pd.DataFrame:
        """Per year, locality and pod: scenario, year, ccg, locality, pod, baseline, momentum,
        planned (activity units per year)."""
        frame = self._long(["ccg", "locality", "pod"])
        frame.insert(0, "scenario", self.scenario)
        return frame[["scenario", "year", "ccg", "locality", "pod", "baseline", "momentum",
                      "planned"]]

    def by_ccg(self) -> pd.DataFrame:
        """CCG roll-up per pod and year: baseline, momentum, planned and the % changes."""
        frame = self._long(["ccg", "pod"])[["year", "ccg", "pod", "baseline", "momentum",
                                             "planned"]]
        frame["change_vs_baseline_pct"] = 100 * (frame["planned"] / frame["baseline"] - 1)
        frame["change_vs_momentum_pct"] = 100 * (frame["planned"] / frame["momentum"] - 1)
        return frame.sort_values(["ccg", "pod", "year"], kind="stable").reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """System totals per pod and year with % change vs baseline and vs momentum."""
        frame = self._long(["pod"])[["pod", "year", "baseline", "momentum", "planned"]]
        frame["change_vs_baseline_pct"] = 100 * (frame["planned"] / frame["baseline"] - 1)
        frame["change_vs_momentum_pct"] = 100 * (frame["planned"] / frame["momentum"] - 1)
        return frame.sort_values(["pod", "year"], kind="stable").reset_index(drop=True)

    def change_factors(self, keys: tuple[str, ...] = ("pod",),
                       where: dict[str, str] | None = None) -> pd.DataFrame:
        """The steps from baseline to planned for any slice: factor 'baseline', 'growth',
        one per initiative (negative: activity removed), then 'planned'.

        `keys` chooses the grouping (default pod); `where` filters cells first, e.g.
        {"locality": "tilbury"} for one locality's waterfall.
        """
        proj = self
        if where:
            mask = np.ones(len(self.cells), dtype=bool)
            for col, value in where.items():
                mask &= (self.cells[col] == value).to_numpy()
            proj = self.subset(mask)
        wide = proj._long(list(keys))
        factors = ["baseline", "growth", *self.removed, "planned"]
        steps = np.column_stack([
            wide["baseline"].to_numpy(), (wide["momentum"] - wide["baseline"]).to_numpy(),
            *(-wide[f"removed:{ini}"].to_numpy() for ini in self.removed),
            wide["planned"].to_numpy()])
        # Each row of `wide` becomes its steps, in order (rows x factors, row-major).
        frame = wide[[*keys, "year"]].iloc[np.repeat(np.arange(len(wide)), len(factors))]
        frame = frame.reset_index(drop=True)
        frame["factor"] = np.tile(np.array(factors, dtype=object), len(wide))
        frame["value"] = steps.ravel()
        # Leave out initiatives that touch nothing in a group (e.g. urgent care for outpatients).
        untouched = (frame["value"] == 0).groupby(
            [frame[k] for k in [*keys, "factor"]], observed=True, sort=False).transform("all")
        keep = ~(frame["factor"].isin(list(self.removed)) & untouched.astype(bool))
        return frame[keep].reset_index(drop=True)

    def subset(self, mask: np.ndarray) -> Projection:
        """The projection restricted to the cells where `mask` is true."""
        return Projection(
            scenario=self.scenario, years=self.years,
            cells=self.cells[mask].reset_index(drop=True), baseline=self.baseline[mask],
            momentum=self.momentum[:, mask], planned=self.planned[:, mask],
            shifted_by={k: v[:, mask] for k, v in self.shifted_by.items()},
            removed={k: v[:, mask] for k, v in self.removed.items()})

    def at(self, year: str) -> int:
        """Index of a year label in the arrays."""
        try:
            return self.years.index(year)
        except ValueError:
            raise ModelError(f"year {year} is not in the projection "
                             f"({self.years[0]}-{self.years[-1]})") from None


def growth_rates(scenario: Scenario, cells: pd.DataFrame) -> np.ndarray:
    """Annual growth (fraction) per cell: the locality's own rate for the pod if given,
    otherwise the system rate for the pod.  `cells` has categorical locality and pod."""
    growth = scenario.growth
    locs = cells["locality"].cat.categories
    pods = cells["pod"].cat.categories
    system = growth[growth["locality"] == ""].set_index("pod")["annual_growth_pct"]
    table = np.tile(system.reindex(pods).to_numpy(dtype=float), (len(locs), 1))
    local = growth[(growth["locality"] != "") & growth["locality"].isin(locs)
                   & growth["pod"].isin(pods)]
    table[locs.get_indexer(local["locality"]), pods.get_indexer(local["pod"])] = local[
        "annual_growth_pct"].to_numpy(dtype=float)
    return table[cells["locality"].cat.codes.to_numpy(), cells["pod"].cat.codes.to_numpy()] / 100


def effect_shares(scenario: Scenario, cells: pd.DataFrame, effect: Effect,
                  momentum_horizon: np.ndarray) -> np.ndarray:
    """Share of momentum this effect removes in each cell by the horizon (0 outside its cohort)."""
    mask = (cells["pod"] == effect.pod).to_numpy()
    if effect.age_bands:
        mask = mask & cells["age_band"].isin(effect.age_bands).to_numpy()
    if effect.segments:
        mask = mask & cells["segment"].isin(effect.segments).to_numpy()
    if effect.localities:
        mask = mask & cells["locality"].isin(effect.localities).to_numpy()
    if not mask.any():
        raise ModelError(f"an effect on '{effect.pod}' matches no baseline activity "
                         "(check its age_bands, segments and localities against baseline.csv)")
    share = np.where(mask, effect.reduction_pct / 100.0, 0.0)
    if effect.locality_allocation == "targets":
        targets = scenario.targets
        targets = targets[targets["pod"] == effect.pod].set_index("locality")
        # Intensity: the locality's target reduction relative to its own momentum.
        loc_momentum = pd.Series(momentum_horizon[mask]).groupby(
            cells["locality"].to_numpy()[mask]).sum()
        intensity = (targets["reduction_vs_momentum"].reindex(loc_momentum.index).fillna(0.0)
                     / loc_momentum.where(loc_momentum > 0))
        intensity = intensity.fillna(0.0)
        weighted = float((intensity * loc_momentum).sum())
        if weighted <= 0:
            raise ModelError(f"targets.csv gives no reduction for '{effect.pod}' in the "
                             "localities this effect covers")
        scale = intensity * float(loc_momentum.sum()) / weighted
        share = share * cells["locality"].map(scale).fillna(0.0).to_numpy()
    return share


def momentum_factors(scenario: Scenario, cells: pd.DataFrame) -> tuple[np.ndarray,
                                                                        np.ndarray | None]:
    """Annual growth rate per cell and, when the scenario gives population projections, the
    population factor (years, cells) by age band (model.demography); without projections the
    rate is the scenario's total growth (growth.csv) and the factor None."""
    if not demography.uses_demography(scenario):
        return growth_rates(scenario, cells), None
    factors = demography.demographic_factors(scenario.population_projections, cells,
                                             list(scenario.years))
    return demography.non_demographic_rates(scenario.non_demographic_growth,
                                            cells), factors


def project(scenario: Scenario, baseline: pd.DataFrame | None = None) -> Projection:
    """Project a scenario's activity from its base year to its horizon.

    `baseline` replaces the scenario's baseline table (e.g. one aggregated from patient-level
    data by `icsplan.population`); it has the columns of baseline.csv.
    """
    base = scenario.baseline if baseline is None else baseline
    loc = scenario.localities.set_index("locality")["ccg"]
    unknown = sorted(set(base["locality"].unique()) - set(loc.index))
    if unknown:
        raise ModelError(f"baseline has localities not in the scenario: {', '.join(unknown)}")
    cells = base[CELL_KEYS].reset_index(drop=True).astype("category")
    cells.insert(0, "ccg", cells["locality"].map(loc).astype("category"))
    values = base["activity"].to_numpy(dtype=float)
    years = tuple(scenario.years)
    t = np.arange(len(years), dtype=float)[:, None]
    rate, demography = momentum_factors(scenario, cells)
    momentum = values[None, :] * (1.0 + rate[None, :]) ** t
    if demography is not None:
        momentum = momentum * demography

    removed: dict[str, np.ndarray] = {}
    shifted_by: dict[str, np.ndarray] = {}
    total_share = np.zeros(len(cells))
    for ini in scenario.initiatives:
        phase = np.array([ini.phasing.get(y, 0.0) for y in years])[:, None]
        share = np.zeros(len(cells))  # the initiative's share of momentum by the horizon
        moved = np.zeros(len(cells))  # the part of it re-provided elsewhere (mode: shift)
        for eff in ini.effects:
            part = effect_shares(scenario, cells, eff, momentum[-1])
            share += part
            if eff.mode == "shift":
                moved += part
        total_share += share
        # removed = phase x share x momentum: one (years, cells) array per initiative.
        removed[ini.id] = np.multiply(phase * share[None, :], momentum)
        shifted_by[ini.id] = (np.multiply(phase * moved[None, :], momentum) if moved.any()
                              else np.zeros(momentum.shape))
    over = total_share > 1.0 + 1e-9
    if over.any():
        c = cells[over].iloc[0]
        raise ModelError(f"initiatives remove {100 * total_share[over].max():.1f}% of momentum in "
                         f"{c['locality']}/{c['pod']}; the total cannot exceed 100%")
    planned = momentum - sum(removed.values(), np.zeros_like(momentum))
    log.info("projected %s: %d cells x %d years", scenario.name, len(cells), len(years))
    return Projection(scenario=scenario.name, years=years, cells=cells, baseline=values,
                      momentum=momentum, removed=removed, shifted_by=shifted_by, planned=planned)
