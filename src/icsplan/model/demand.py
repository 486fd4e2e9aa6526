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

Only momentum and planned are held as (years, cells) arrays.  Each initiative keeps its share
r_i on the cells it touches (a pod or two of five) and its phasing; its removal over years x
cells is made only when asked for (`Projection.removed[ident]`), and the tables sum
(phasing_i x r_i) x momentum on the cells it touches per area instead (`Removals.area_sums`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from icsplan.errors import InputError
from icsplan.model import demography
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import Effect

log = logging.getLogger(__name__)
CELL_KEYS = ["locality", "pod", "age_band", "segment"]
AREA_KEYS = ("ccg", "locality", "pod")  # the grain every activity table is summed from
TextArray = pd.api.extensions.ExtensionArray  # a text column's values (pandas' string array)
_INF_BITS = np.float64(np.inf).view(np.uint64)  # +inf's bits: finite non-negatives are below
RUN = 8  # a text column is coded once per run of equal values when its runs are longer


class Removals(Mapping[str, np.ndarray]):
    """Each initiative's removal, (years, cells) = phasing[y] x share[c] x momentum[y, c],
    made on first use from the share on the cells it touches (`parts`: id -> phasing (years,),
    cell indices, shares there).  `touched` may give the removal on those cells, (years,
    len(indices)), as `project` computed it for the total: it is then summed, not remade."""

    def __init__(self, momentum: np.ndarray,
                 parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
                 touched: dict[str, np.ndarray] | None = None):
        self._momentum = momentum
        self.parts = parts
        self._touched = touched or {}
        self._made: dict[str, np.ndarray] = {}

    def __getitem__(self, ident: str) -> np.ndarray:
        if ident not in self._made:
            _, idx, _ = self.parts[ident]
            arr = np.zeros(self._momentum.shape)
            arr[:, idx] = self.touched(ident)
            self._made[ident] = arr
        return self._made[ident]

    def __iter__(self) -> Iterator[str]:
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def touched(self, ident: str) -> np.ndarray:
        """The removal on the cells the initiative touches, (years, len(indices))."""
        if ident in self._touched:
            return self._touched[ident]
        phase, idx, share = self.parts[ident]
        return (phase[:, None] * share[None, :]) * np.take(self._momentum, idx, axis=1)

    def area_sums(self, ident: str, grouping: Grouping) -> np.ndarray:
        """The removal summed to groups from the cells it touches, (years, n).  Each cell's
        removal is (phasing x share) x momentum, as `__getitem__` makes it, so the sums are
        the very numbers of summing the whole array (the untouched cells add zeros)."""
        return grouping.sum(self.touched(ident), self.parts[ident][1])

    def subset(self, mask: np.ndarray) -> Removals:
        """The removals of the cells where `mask` is true."""
        new_index = np.cumsum(mask) - 1
        parts, touched = {}, {}
        for ident, (phase, idx, share) in self.parts.items():
            keep = mask[idx]
            parts[ident] = (phase, new_index[idx[keep]], share[keep])
            if ident in self._touched:
                touched[ident] = self._touched[ident][:, keep]
        return Removals(self._momentum[:, mask], parts, touched)


def _first_appearance_codes(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group id per row (groups numbered in order of first appearance) and each group's
    first row.  Only the first key of each run of equal keys is hashed: cells sorted by
    locality and pod come in runs of a group each."""
    n = len(key)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    run_codes, uniques = pd.factorize(key[starts])
    first_run = np.empty(len(uniques), dtype=np.int64)
    runs = np.arange(len(starts), dtype=np.int64)
    first_run[run_codes[::-1]] = runs[::-1]  # the last write per group wins: its first run
    codes = np.repeat(run_codes.astype(np.int64), np.diff(np.r_[starts, n]))
    return codes, starts[first_run]


def _mixed_radix(columns: list[pd.Categorical], at: np.ndarray | None = None) -> np.ndarray:
    """One integer per row (of the rows `at`, if given) from the codes of categorical
    columns: the codes as digits, each column's base its number of categories + 1."""
    key = None
    for col in columns:
        codes = col.codes if at is None else col.codes[at]
        if key is None:
            key = codes.astype(np.int64)
        else:
            key *= len(col.categories) + 1
            key += codes
    return key


def _row_groups(columns: list[pd.Categorical], per_row: bool = True
                ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray | None]:
    """Group id per row of categorical columns (groups numbered in order of first
    appearance), each group's first row, and where each group's rows start when every group
    is one run of rows (then the groups come in order; None otherwise).  A key is made only
    where a run of equal rows starts: cells sorted by locality and pod come in runs.  Without
    `per_row` the ids per row are not made (None) when the starts say it all."""
    n = len(columns[0])
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), None
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for col in columns:
        change[1:] |= col.codes[1:] != col.codes[:-1]
    starts = np.flatnonzero(change)
    run_codes, first_run = _first_appearance_codes(_mixed_radix(columns, starts))
    if not per_row and len(first_run) == len(starts):
        return None, starts[first_run], starts
    groups = np.repeat(run_codes, np.diff(np.r_[starts, n]))
    return groups, starts[first_run], starts if len(first_run) == len(starts) else None


class Grouping:
    """Sums of (years, cells) arrays to `n` groups (group id per cell): one `reduceat` when
    `starts` gives where each group's cells start (the cells in group order, as a national
    baseline sorted by locality and pod is), one `bincount` (adding in cell order)
    otherwise."""

    def __init__(self, groups: np.ndarray | None, n: int, starts: np.ndarray | None = None):
        self.groups = groups  # None: not needed, `starts` given
        self.n = n
        self.starts = starts if groups is None or len(groups) else None
        self._slots: np.ndarray | None = None  # the bincount's slot per (year, cell)

    def sum(self, arr: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
        """`arr` (years, cells) - or (years, len(idx)) for the cells `idx` (ascending) -
        summed to the groups, (years, n)."""
        years = arr.shape[0]
        empty = (not len(idx)) if idx is not None else (self.starts is None
                                                          and not len(self.groups))
        if empty:
            return np.zeros((years, self.n))
        if self.starts is not None:
            if idx is None:
                return np.add.reduceat(arr, self.starts, axis=1)
            # Where each group's cells among `idx` start (a group's cells are one run).
            at = np.searchsorted(idx, self.starts)
            touched = np.diff(np.r_[at, len(idx)]) > 0
            if touched.all():
                return np.add.reduceat(arr, at, axis=1)
            out = np.zeros((years, self.n))
            out[:, touched] = np.add.reduceat(arr, at[touched], axis=1)
            return out
        groups = self.groups if idx is None else self.groups[idx]
        if idx is None:  # the same slots for every measure of all cells
            if self._slots is None or len(self._slots) != arr.size:
                self._slots = _slots(groups, years, self.n)
            slot = self._slots
        else:
            slot = _slots(groups, years, self.n)
        return np.bincount(slot, weights=arr.ravel(),
                           minlength=years * self.n).reshape(years, self.n)


def _slots(groups: np.ndarray, years: int, n: int) -> np.ndarray:
    """Each (year, cell)'s slot among (years, n) groups, row-major."""
    return (np.arange(years)[:, None] * n + groups[None, :]).ravel()


def _area_sums(arrays: Mapping[str, np.ndarray], grouping: Grouping) -> dict[str, np.ndarray]:
    """Each array of a mapping summed to the groups, (years, n): lazily made removals from
    their shares, plain arrays (e.g. a re-scaled projection's) whole."""
    if isinstance(arrays, Removals):
        return {ident: arrays.area_sums(ident, grouping) for ident in arrays}
    return {ident: grouping.sum(arr) for ident, arr in arrays.items()}


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
    removed: Mapping[str, np.ndarray]  # per initiative (`Removals`: made on first use)
    shifted_by: Mapping[str, np.ndarray]  # per initiative: the part of `removed` re-provided
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
        groups, first_idx, _ = _row_groups([self.cells[k].array for k in keys])
        first = self.cells.iloc[first_idx][keys].astype(str).reset_index(drop=True)
        return groups, first

    @cached_property
    def _areas(self) -> tuple[dict[str, TextArray], dict[str, pd.Categorical], np.ndarray,
                              dict[str, np.ndarray]]:
        """Every measure summed once to ccg x locality x pod: the groups' keys as strings and
        as categoricals (in order of first appearance), baselines (groups) and measures
        (years, groups): momentum, planned and `removed:<initiative>`.

        The activity tables and the locality targets are all sums over these groups, so the
        cells (hundreds of thousands nationally) are summed once per measure, not per table;
        each initiative's removal is summed from its share on the cells it touches, and the
        coarser tables from these sums by integer codes.
        """
        columns = {k: self.cells[k].array for k in AREA_KEYS}
        groups, first_idx, starts = _row_groups(list(columns.values()), per_row=False)
        coded = {k: col.take(first_idx) for k, col in columns.items()}
        first = {k: _as_text(col) for k, col in coded.items()}
        return first, coded, *self._sums(groups, len(first_idx), starts)

    @property
    def _by_area(self) -> tuple[dict[str, TextArray], np.ndarray, dict[str, np.ndarray]]:
        first, _, base, sums = self._areas
        return first, base, sums

    def _sums(self, groups: np.ndarray | None, n: int,
              starts: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Baseline (n,) and every measure (years, n) summed to `n` groups (`starts`: see
        `Grouping`)."""
        grouping = Grouping(groups, n, starts)
        sums = {"momentum": grouping.sum(self.momentum), "planned": grouping.sum(self.planned)}
        sums.update({f"removed:{ident}": arr
                     for ident, arr in _area_sums(self.removed, grouping).items()})
        if grouping.starts is not None:
            return np.add.reduceat(self.baseline, grouping.starts), sums
        return np.bincount(groups, weights=self.baseline, minlength=n), sums

    def _summed(self, keys: list[str]) -> tuple[dict[str, TextArray], np.ndarray,
                                                dict[str, np.ndarray]]:
        """The groups of `keys` (their key values as strings, in order of first appearance),
        baselines (groups) and every measure (years, groups); made once per projection."""
        if tuple(keys) not in self._rollups:
            self._rollups[tuple(keys)] = self._summed_afresh(list(keys))
        return self._rollups[tuple(keys)]

    @cached_property
    def _rollups(self) -> dict[tuple[str, ...], tuple[dict[str, TextArray], np.ndarray,
                                                       dict[str, np.ndarray]]]:
        return {}

    def _summed_afresh(self, keys: list[str]) -> tuple[dict[str, TextArray], np.ndarray,
                                                       dict[str, np.ndarray]]:
        if set(keys) <= set(AREA_KEYS):
            first, coded, base, sums = self._areas
            if keys != list(AREA_KEYS):  # a coarser roll-up of the area sums
                codes, first_idx = _first_appearance_codes(_mixed_radix([coded[k]
                                                                         for k in keys]))
                first = {k: first[k].take(first_idx) for k in keys}
                grouping = Grouping(codes, len(first_idx))
                base = np.bincount(codes, weights=base, minlength=len(first_idx))
                sums = {name: grouping.sum(arr) for name, arr in sums.items()}
            return first, base, sums
        columns = [self.cells[k].array for k in keys]
        groups, first_idx, _ = _row_groups(columns)  # summed in cell order (`bincount`)
        first = {k: _as_text(col.take(first_idx)) for k, col in zip(keys, columns, strict=True)}
        return first, *self._sums(groups, len(first_idx))

    def _long(self, keys: list[str], measures: list[str] | None = None,
              lead: list[str] | None = None, order: list[str] | None = None,
              changes: bool = False) -> pd.DataFrame:
        """Baseline and `measures` (default: momentum, planned and every removal) summed to
        `keys` x year, long format, made in one go from the arrays: the columns `lead`
        (default year and the keys; "scenario" is the scenario's name), baseline, measures;
        the rows year by year, each year's groups in order of first appearance, or sorted by
        the columns `order` (as a stable `sort_values`); with `changes`, the % changes of
        planned vs baseline and vs momentum."""
        first, base, sums = self._summed(keys)
        n, n_years = len(base), len(self.years)
        group = np.tile(np.arange(n), n_years)
        year = np.repeat(np.arange(n_years), n)
        texts = dict(first)
        texts["year"] = _strings(self.years)  # ranked for `order`
        if order:
            ranks = {k: _ranks(texts[k]) for k in order}
            rows = [ranks[k][year if k == "year" else group] for k in order]
            perm = np.lexsort(rows[::-1])  # stable: ties keep their order
            group, year = group[perm], year[perm]
        columns: dict[str, object] = {}
        for k in lead or ["year", *keys]:
            if k == "scenario":
                columns[k] = _strings([self.scenario]).take(np.zeros(len(group), dtype=np.intp))
            else:
                columns[k] = (_labels(self.years, year) if k == "year"
                              else texts[k].take(group))
        columns["baseline"] = base[group]
        for name in (list(sums) if measures is None else measures):
            columns[name] = sums[name][year, group]
        if changes:
            with np.errstate(divide="ignore", invalid="ignore"):  # no baseline: inf or NaN
                for name in ("baseline", "momentum"):
                    columns[f"change_vs_{name}_pct"] = 100 * (columns["planned"]
                                                              / columns[name] - 1)
        return pd.DataFrame(columns)

    def area_totals(self, year: str) -> pd.DataFrame:
        """Per ccg, locality and pod in `year`: baseline, momentum and planned (in order of
        first appearance)."""
        first, base, sums = self._by_area
        k = self.at(year)
        return pd.DataFrame({**first, "baseline": base, "momentum": sums["momentum"][k],
                             "planned": sums["planned"][k]})

    def activity(self) -> pd.DataFrame:
        """Per year, locality and pod: scenario, year, ccg, locality, pod, baseline, momentum,
        planned (activity units per year)."""
        return self._long(["ccg", "locality", "pod"], ["momentum", "planned"],
                          lead=["scenario", "year", "ccg", "locality", "pod"])

    def by_ccg(self) -> pd.DataFrame:
        """CCG roll-up per pod and year: baseline, momentum, planned and the % changes."""
        return self._long(["ccg", "pod"], ["momentum", "planned"], order=["ccg", "pod", "year"],
                          changes=True)

    def summary(self) -> pd.DataFrame:
        """System totals per pod and year with % change vs baseline and vs momentum."""
        return self._long(["pod"], ["momentum", "planned"], lead=["pod", "year"],
                          order=["pod", "year"], changes=True)

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
        first, base, sums = proj._summed(list(keys))
        n, n_years = len(base), len(self.years)
        group = np.tile(np.arange(n), n_years)  # each row of the wide table: year by year
        year = np.repeat(np.arange(n_years), n)
        initiatives = list(self.removed)
        factors = ["baseline", "growth", *initiatives, "planned"]
        baseline = base[group]
        steps = np.column_stack([
            baseline, sums["momentum"].ravel() - baseline,
            *(-sums[f"removed:{ini}"].ravel() for ini in initiatives), sums["planned"].ravel()])
        # Leave out initiatives that touch nothing in a group (e.g. urgent care for outpatients).
        touched = np.ones((n, len(factors)), dtype=bool)
        for j, ini in enumerate(initiatives):
            touched[:, 2 + j] = (sums[f"removed:{ini}"] != 0).any(axis=0)
        # Each row of the wide table becomes its steps, in order (rows x factors, row-major).
        keep = touched[group].ravel()
        row = np.repeat(np.arange(len(group)), len(factors))[keep]
        columns = {k: first[k].take(group[row]) for k in keys}
        columns["year"] = _labels(self.years, year[row])
        columns["factor"] = _labels(factors, np.tile(np.arange(len(factors)), len(group))[keep])
        columns["value"] = steps.ravel()[keep]
        return pd.DataFrame(columns)

    def subset(self, mask: np.ndarray) -> Projection:
        """The projection restricted to the cells where `mask` is true."""
        return Projection(
            scenario=self.scenario, years=self.years,
            cells=self.cells[mask].reset_index(drop=True), baseline=self.baseline[mask],
            momentum=self.momentum[:, mask], planned=self.planned[:, mask],
            shifted_by=_subset(self.shifted_by, mask), removed=_subset(self.removed, mask))

    def at(self, year: str) -> int:
        """Index of a year label in the arrays."""
        try:
            return self.years.index(year)
        except ValueError:
            raise ModelError(f"year {year} is not in the projection "
                             f"({self.years[0]}-{self.years[-1]})") from None


def _as_text(values: pd.Categorical) -> TextArray:
    """Categorical values as text (`astype(str)`): the categories taken by the codes when
    they are text and none is missing."""
    if values.categories.dtype == "str" and not (values.codes < 0).any():
        return values.categories.array.take(values.codes)
    return pd.Series(values).astype(str).array


def _strings(values) -> pd.api.extensions.ExtensionArray:
    """Text values as pandas' string array (the dtype of every text column of the tables)."""
    return pd.array(np.asarray(list(values), dtype=object), dtype="str")


def _labels(labels, at: np.ndarray):
    """The labels at positions `at` as a text column (an empty one of objects, as pandas
    makes from an empty list of labels)."""
    return _strings(labels).take(at) if len(at) else np.zeros(0, dtype=object)


def _ranks(texts: pd.api.extensions.ExtensionArray) -> np.ndarray:
    """Each value's rank among the sorted distinct values (code point order, as pandas
    sorts text)."""
    codes, _ = pd.factorize(texts, sort=True)
    return codes


def _subset(arrays: Mapping[str, np.ndarray], mask: np.ndarray) -> Mapping[str, np.ndarray]:
    """Per-initiative arrays restricted to the cells where `mask` is true."""
    if isinstance(arrays, Removals):
        return arrays.subset(mask)
    return {k: v[:, mask] for k, v in arrays.items()}


def growth_rates(scenario: Scenario, cells: pd.DataFrame) -> np.ndarray:
    """Annual growth (fraction) per cell: the locality's own rate for the pod if given,
    otherwise the system rate for the pod.  `cells` has categorical locality and pod."""
    growth = scenario.growth
    locs = cells["locality"].cat.categories
    pods = cells["pod"].cat.categories
    system = growth[growth["locality"] == ""].set_index("pod")["annual_growth_pct"]
    table = np.tile(system.reindex(pods).to_numpy(dtype=float), (len(locs), 1))
    local = growth[growth["locality"] != ""]
    at_loc = locs.get_indexer(local["locality"])
    at_pod = pods.get_indexer(local["pod"])
    known = (at_loc >= 0) & (at_pod >= 0)
    table[at_loc[known], at_pod[known]] = local["annual_growth_pct"].to_numpy(dtype=float)[known]
    table /= 100  # per (locality, pod), not per cell: the same quotients
    flat = np.multiply(_codes(cells["locality"]), len(pods), dtype=np.intp)
    flat += _codes(cells["pod"])
    return table.ravel().take(flat)  # (`take`: a gather, cheaper than an index)


def _codes(column: pd.Series) -> np.ndarray:
    """The integer codes of a categorical column (no copy)."""
    return column.array.codes


def _isin(column: pd.Series, values: list[str], at: np.ndarray | None = None) -> np.ndarray:
    """Which rows of a column (of the rows `at`, if given) hold one of `values`: a look-up
    by the codes of a categorical column (no string comparisons), `isin` otherwise."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        found = column.isin(values).to_numpy()
        return found if at is None else found[at]
    codes = _codes(column) if at is None else _codes(column).take(at)
    position = {name: code for code, name in enumerate(column.cat.categories)}
    wanted = sorted({position[v] for v in values if v in position})
    if len(wanted) == 1:  # one comparison of small integers beats a look-up per row
        return codes == wanted[0]
    table = np.zeros(len(column.cat.categories) + 1, dtype=bool)  # the last: missing (-1)
    table[wanted] = True
    return table.take(codes)  # (a gather: cheaper than an index)


def effect_shares(scenario: Scenario, cells: pd.DataFrame, effect: Effect,
                  momentum_horizon: np.ndarray) -> np.ndarray:
    """Share of momentum this effect removes in each cell by the horizon (0 outside its cohort)."""
    idx, part = effect_cells(scenario, cells, effect, momentum_horizon)
    share = np.zeros(len(cells))
    share[idx] = part
    return share


def effect_cells(scenario: Scenario, cells: pd.DataFrame, effect: Effect,
                 momentum_horizon: np.ndarray,
                 pod_cells: dict[str, np.ndarray] | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The cells of this effect's cohort (ascending indices) and the share of momentum it
    removes there by the horizon (`effect_shares` without the zeros elsewhere).  `pod_cells`
    keeps each pod's cells (read-only) for the next effect on the same pod."""
    idx = None if pod_cells is None else pod_cells.get(effect.pod)
    if idx is None:
        idx = np.flatnonzero(_isin(cells["pod"], [effect.pod]))
        idx.flags.writeable = False  # (shared by the effects on this pod)
        if pod_cells is not None:
            pod_cells[effect.pod] = idx
    for key, values in (("age_band", effect.age_bands), ("segment", effect.segments),
                        ("locality", effect.localities)):
        if values:  # looked up on the pod's cells only
            idx = idx[_isin(cells[key], values, idx)]
    if not len(idx):
        raise ModelError(f"an effect on '{effect.pod}' matches no baseline activity "
                         "(check its age_bands, segments and localities against baseline.csv)")
    share = np.full(len(idx), effect.reduction_pct / 100.0)
    if effect.locality_allocation == "targets":
        targets = scenario.targets
        targets = targets[targets["pod"] == effect.pod].set_index("locality")
        # Intensity: the locality's target reduction relative to its own momentum.
        localities = cells["locality"].cat.categories.to_numpy()[_codes(cells["locality"])[idx]]
        loc_momentum = pd.Series(momentum_horizon[idx]).groupby(localities).sum()
        intensity = (targets["reduction_vs_momentum"].reindex(loc_momentum.index).fillna(0.0)
                     / loc_momentum.where(loc_momentum > 0))
        intensity = intensity.fillna(0.0)
        weighted = float((intensity * loc_momentum).sum())
        if weighted <= 0:
            raise ModelError(f"targets.csv gives no reduction for '{effect.pod}' in the "
                             "localities this effect covers")
        scale = intensity * float(loc_momentum.sum()) / weighted
        share = share * pd.Series(localities).map(scale).fillna(0.0).to_numpy()
    return idx, share


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


def _categorical(values: pd.Series) -> pd.Categorical:
    """The column as a categorical with sorted categories (as `astype("category")`), made
    from integer codes.  Arrow strings (the loaders' and the synthetic scenarios' dtype) are
    coded by Arrow (`_sorted_codes`), and only once per run of equal values where the column
    comes in runs of more than 8 values on average (a baseline sorted by locality and pod): a
    national baseline's 378,000 localities are 1,260 runs, so 1,260 strings are looked up,
    not 378,000.  (Shorter runs, e.g. age bands of 3 segments each, cost more to find than
    they save.)  A column that repeats with a period (`_period`: the age bands, segments and
    pods of a baseline laid out locality x pod x age band x segment) is coded from its first
    period alone, the codes repeated."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    arr = _arrow_strings(values)
    if arr is None:
        codes, uniques = pd.factorize(values, sort=True)
        return pd.Categorical.from_codes(codes, categories=uniques, validate=False)
    n = len(arr)
    period = _period(arr)
    if period:  # coded from its first period, the codes repeated
        codes, names = _sorted_codes(arr.slice(0, period))
        return pd.Categorical.from_codes(np.tile(codes, -(-n // period))[:n],
                                         categories=pd.Index(list(names), dtype=values.dtype),
                                         validate=False)
    runs = None
    if n > 1 and _in_runs(arr.slice(0, 1000)):
        runs = pc.run_end_encode(arr, run_end_type=pa.int64())
        if len(runs.values) >= n // RUN:  # not in runs after all
            runs = None
    codes, names = _sorted_codes(arr if runs is None else runs.values)
    if runs is not None:  # one code per run, repeated over the run
        codes = np.repeat(codes, np.diff(runs.run_ends.to_numpy(), prepend=0))
    categories = pd.Index(list(names), dtype=values.dtype)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _sorted_codes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code among the sorted distinct values (code point order, as pandas sorts
    text), and those values.  The distinct values of a sample (the first 1,000) are looked
    up first, in one pass; the column is dictionary-encoded when they are not all there."""
    sample = np.unique(arr.slice(0, 1000).to_numpy(zero_copy_only=False))
    found = pc.index_in(arr, value_set=pa.array(sample, type=arr.type))
    if found.null_count == 0:  # every value is one of the sample's
        return found.to_numpy().astype(np.min_scalar_type(-len(sample))), sample
    encoded = pc.dictionary_encode(arr)
    names = encoded.dictionary.to_numpy(zero_copy_only=False)
    order = np.argsort(names, kind="stable")  # code point order, as pandas sorts strings
    rank = np.empty(len(order), dtype=np.min_scalar_type(-len(order)))  # the codes' dtype
    rank[order] = np.arange(len(order))
    return rank[encoded.indices.to_numpy()], names[order]


def _period(arr: pa.Array) -> int | None:
    """The period p of a column that repeats itself (every value equal to the value p rows
    before it), p where its first value first comes back after another value in the first
    1,000 rows; None when it does not repeat so.  Checked on those rows first, then on the
    whole column by one comparison of the column with itself shifted by p."""
    if len(arr) < 2:
        return None
    sample = arr.slice(0, 1000).to_numpy(zero_copy_only=False)
    back = np.flatnonzero((sample[1:] == sample[0]) & (sample[:-1] != sample[0]))
    if not len(back):
        return None
    p = int(back[0]) + 1
    if not (sample[p:] == sample[:-p]).all():
        return None
    return p if pc.equal(arr.slice(p), arr.slice(0, len(arr) - p)).true_count == len(arr) - p \
        else None


def _in_runs(arr: pa.Array) -> bool:
    """Whether (a sample of) a column comes in runs of equal values: fewer changes of value
    than one in `RUN`."""
    return len(arr) < 2 or pc.sum(pc.not_equal(arr.slice(1), arr.slice(0, len(arr) - 1))
                                  ).as_py() < (len(arr) - 1) // RUN


def _arrow_strings(values: pd.Series) -> pa.Array | None:
    """The column's Arrow string array (no copy), or None when it is not Arrow strings
    without missing values."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    arr = pa.array(values.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.null_count == 0 else None


def _ccg_of(locality: pd.Series, ccg: pd.Series) -> pd.Categorical:
    """Each cell's ccg (sorted categories), mapped from the locality's categories."""
    per_category, names = pd.factorize(ccg.reindex(locality.cat.categories), sort=True)
    per_category = per_category.astype(np.min_scalar_type(-len(names)))  # the codes' dtype
    return pd.Categorical.from_codes(per_category.take(_codes(locality)), categories=names,
                                     validate=False)


Parts = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]


def _initiative_shares(scenario: Scenario, cells: pd.DataFrame, momentum_horizon: np.ndarray,
                       years: tuple[str, ...]) -> tuple[Parts, Parts, np.ndarray]:
    """Per initiative: its phasing, the cells it touches and its share of momentum there
    (removed, and the part of it re-provided elsewhere), and the total share per cell."""
    parts: Parts = {}
    moved_parts: Parts = {}
    total_share = np.zeros(len(cells))
    pod_cells: dict[str, np.ndarray] = {}
    for ini in scenario.initiatives:
        phase = np.array([ini.phasing.get(y, 0.0) for y in years], dtype=float)
        effects = [(eff, *effect_cells(scenario, cells, eff, momentum_horizon, pod_cells))
                   for eff in ini.effects]
        idx, share = _sparse_sum([(i, part) for _, i, part in effects], len(cells))
        total_share[idx] += share
        parts[ini.id] = (phase, idx, share)
        moved_parts[ini.id] = (phase, *_sparse_sum(
            [(i, part) for eff, i, part in effects if eff.mode == "shift"], len(cells)))
    return parts, moved_parts, total_share


def _sparse_sum(terms: list[tuple[np.ndarray, np.ndarray]],
                n: int) -> tuple[np.ndarray, np.ndarray]:
    """The sum of sparse vectors (ascending cell indices, values there) of length `n`: the
    cells where it is not zero and its values there, added in the order given (as adding
    dense vectors: the other cells add zeros)."""
    if not terms:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    if len(terms) == 1:
        idx, values = terms[0]
        keep = values != 0
        return (idx, values) if keep.all() else (idx[keep], values[keep])
    idx = np.concatenate([i for i, _ in terms])
    order = np.argsort(idx, kind="stable")  # (runs of ascending cells: merged, not sorted)
    idx = idx[order]
    if (idx[1:] > idx[:-1]).all():  # no cell in two terms: each sum is 0 + one value
        return _sparse_sum([(idx, np.concatenate([v for _, v in terms])[order])], n)
    total = np.zeros(n)
    for idx, values in terms:
        total[idx] += values
    idx = np.flatnonzero(total != 0)  # (a boolean array is searched faster than floats)
    return idx, total[idx]


def _planned(momentum: np.ndarray, parts: Parts) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each initiative's removal on the cells it touches, (years, len(indices)), and planned
    = momentum - the removals' sum, added cell by cell in the initiatives' order.  A cell's
    first removal is its sum so far (0 + x), so it is written, not added, where no earlier
    initiative touched the cells.  Made year by year, so that the temporaries are one year's
    (a few MB nationally) and the memory they use is used again.

    In a year in which an initiative is not phased in (phasing 0), phasing x share is a zero
    (finite shares): where that year's momentum is finite and not negative (no sign bit),
    momentum x that zero is the very zero, so the row is left as it is and not added, as
    adding a zero changes no sum (a sum is never -0: its first term is written as 0 + x)."""
    total = np.zeros(momentum.shape)
    seen = np.zeros(momentum.shape[1], dtype=bool)
    plain: dict[int, bool] = {}  # year -> momentum finite and not negative in every cell
    touched = {}
    for ident, (phase, idx, share) in parts.items():
        removal = np.empty((len(momentum), len(idx)))
        first = not seen[idx].any()
        finite = bool(np.isfinite(share).all())
        for y, (row, sums) in enumerate(zip(removal, total, strict=True)):
            np.multiply(phase[y], share, out=row)  # momentum x (phasing x share)
            if phase[y] == 0 and finite:
                if y not in plain:
                    plain[y] = _plain(momentum[y])
                if plain[y]:
                    continue  # the row is momentum x (0 x share): that zero itself
            np.multiply(momentum[y].take(idx), row, out=row)
            if first:
                sums[idx] = row + 0.0  # as 0 + x: a removal of -0.0 sums to 0.0
            else:
                sums[idx] += row
        touched[ident] = removal
        seen[idx] = True
    return touched, np.subtract(momentum, total, out=total)


def _plain(values: np.ndarray) -> bool:
    """Every value finite and without its sign bit set (so not negative, nor -0.0): read as
    unsigned integers, those are the bit patterns below +inf's (one pass, no temporaries)."""
    return bool(values.view(np.uint64).max(initial=0) < _INF_BITS)


def _momentum(scenario: Scenario, cells: pd.DataFrame, values: np.ndarray,
              years: tuple[str, ...]) -> np.ndarray:
    """Momentum (years, cells): the baseline grown at each cell's rate (x the demographic
    factor).  (A function of its own, so that its temporaries are freed on return and
    their memory used again by the rest of the projection.)"""
    t = np.arange(len(years), dtype=float)[:, None]
    rate, demography = momentum_factors(scenario, cells)
    factor = np.add(rate, 1.0, out=rate)  # 1 + rate, in place (the rates are not kept)
    momentum = factor[None, :] ** t
    momentum *= values[None, :]  # in place: no second (years, cells) array
    if demography is not None:
        momentum *= demography
    return momentum


def _checked_shares(scenario: Scenario, cells: pd.DataFrame, momentum_horizon: np.ndarray,
                    years: tuple[str, ...]) -> tuple[Parts, Parts]:
    """The initiatives' parts (`_initiative_shares`), checked that no cell loses more than
    100% of its momentum (the total share per cell is freed on return)."""
    parts, moved_parts, total_share = _initiative_shares(scenario, cells, momentum_horizon,
                                                         years)
    over = total_share > 1.0 + 1e-9
    if over.any():
        c = cells[over].iloc[0]
        raise ModelError(f"initiatives remove {100 * total_share[over].max():.1f}% of momentum in "
                         f"{c['locality']}/{c['pod']}; the total cannot exceed 100%")
    return parts, moved_parts


def project(scenario: Scenario, baseline: pd.DataFrame | None = None) -> Projection:
    """Project a scenario's activity from its base year to its horizon.

    `baseline` replaces the scenario's baseline table (e.g. one aggregated from patient-level
    data by `icsplan.population`); it has the columns of baseline.csv.
    """
    base = scenario.baseline if baseline is None else baseline
    loc = scenario.localities.set_index("locality")["ccg"]
    cells = pd.DataFrame({k: _categorical(base[k]) for k in CELL_KEYS})
    localities = cells["locality"].cat.categories
    unknown = sorted(localities[loc.index.get_indexer(localities) < 0])
    if unknown:
        raise ModelError(f"baseline has localities not in the scenario: {', '.join(unknown)}")
    cells.insert(0, "ccg", _ccg_of(cells["locality"], loc))
    values = base["activity"].to_numpy(dtype=float)
    years = tuple(scenario.years)
    momentum = _momentum(scenario, cells, values, years)
    parts, moved_parts = _checked_shares(scenario, cells, momentum[-1], years)
    touched, planned = _planned(momentum, parts)
    removed = Removals(momentum, parts, touched)
    shifted_by = Removals(momentum, moved_parts)
    log.info("projected %s: %d cells x %d years", scenario.name, len(cells), len(years))
    return Projection(scenario=scenario.name, years=years, cells=cells, baseline=values,
                      momentum=momentum, removed=removed, shifted_by=shifted_by, planned=planned)
