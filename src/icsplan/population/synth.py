"""A seeded synthetic population for a scenario: patients, conditions and two years of activity.

For each locality of the scenario (its size times `scale`, its archetype) it draws people's
ages, sex, deprivation, practice, care-home residence and conditions, then distributes the
scenario's baseline activity among them: in the base year each locality x pod total equals
the scenario baseline x scale rounded to a whole number (so within 0.5 of an activity), in the
year before it is the baseline deflated by one year of the scenario's growth.  Activity goes
mostly to high-need people (older, frailer, more conditions, more deprived) with persistent
person-to-person variation, so last year's use predicts next year's.

Every file of people (patients, conditions, activity) is made readable by its owner only
(0600) before anything is written to it.

It streams one locality at a time to Parquet (pyarrow ParquetWriter), so memory is bounded by
the largest locality, and the same seed always gives the same files.  With `chunk_people`
(for England: `scale=47.5`), a locality larger than that is made in chunks of at most that
many people, each with its own random stream and its share of the locality's activity (the
locality x pod totals are unchanged), and every chunk is written as its own part file
(`patients.parquet/part-00000.parquet`, ...), so memory is bounded by the chunk.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from icsplan.population import synth_params as P
from icsplan.population.conditions import BY_CODE, CONDITION_CODES
from icsplan.safety.folders import private_file
from icsplan.safety.keys import keyed_id_array, load_key
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import year_start

log = logging.getLogger(__name__)

PATIENTS_SCHEMA = pa.schema([
    ("patient_id", pa.string()), ("birth_year", pa.int32()), ("sex", pa.string()),
    ("practice", pa.string()), ("locality", pa.string()), ("imd_decile", pa.int32()),
    ("imd_score", pa.float64()), ("care_home", pa.bool_()),
])
CONDITIONS_SCHEMA = pa.schema([
    ("patient_id", pa.string()), ("code", pa.string()), ("first_recorded", pa.date32()),
])
ACTIVITY_SCHEMA = pa.schema([
    ("patient_id", pa.string()), ("date", pa.date32()), ("pod", pa.string()),
    ("provider", pa.string()), ("cost", pa.float64()),
])
MAX_SCALE = 50.0  # England (~57M people) is about 47.5 times mse-2016's 1.2M
TABLES = (("patients", PATIENTS_SCHEMA), ("conditions", CONDITIONS_SCHEMA),
          ("activity", ACTIVITY_SCHEMA))


@dataclass(frozen=True)
class SynthSummary:
    """What was written: people and rows per table, and the years of activity."""

    folder: Path
    people: int
    conditions: int
    activity: int
    years: tuple[str, str]


def pseudonym(index: np.ndarray, key: bytes, seed: int) -> pa.Array:
    """Ids of 20 hex digits (an Arrow string array): HMAC-SHA256 of the row number (and the
    seed, so two populations share no ids) under a secret key kept outside every output
    (`safety.keys`).  Without the key an id cannot be turned back into a row, even knowing
    the seed."""
    return keyed_id_array(key, f"icsplan-synth:{seed}", index.tolist())


def _repeat(value: str, n: int) -> pa.Array:
    """`value` n times as an Arrow string array (without building n Python strings)."""
    return pa.array([value], pa.string()).take(np.zeros(n, dtype=np.int32))


def split_total(total: int, sizes: list[int]) -> list[int]:
    """`total` shared among chunks in proportion to `sizes`, in whole numbers that sum to it
    (largest remainders first, ties to the earlier chunk)."""
    weights = np.asarray(sizes, dtype=np.float64)
    exact = total * weights / weights.sum()
    shares = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - shares), kind="stable")
    shares[order[: total - int(shares.sum())]] += 1
    return shares.tolist()


def chunk_sizes(n: int, chunk_people: int | None) -> list[int]:
    """A locality of `n` people as chunks of at most `chunk_people` (as equal as can be)."""
    if not chunk_people or n <= chunk_people:
        return [n]
    count = -(-n // chunk_people)
    return [n // count + (1 if j < n % count else 0) for j in range(count)]


class _Background:
    """Parquet writes on one background thread, in the order they were asked for (Arrow
    releases the GIL while it encodes and compresses), so writing one chunk overlaps making
    the next; at most `MAX_PENDING` writes wait, which bounds memory to about two chunks."""

    MAX_PENDING = 8

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="icsplan-parquet")
        self.pending: deque[Future] = deque()

    def submit(self, fn, *args) -> None:
        self.pending.append(self.pool.submit(fn, *args))
        while len(self.pending) > self.MAX_PENDING:
            self.pending.popleft().result()

    def finish(self) -> None:
        """Wait for every write (raising the first error) and stop the thread."""
        try:
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.pool.shutdown(wait=True)


class _Writer:
    """A ParquetWriter whose writes and close run on the `_Background` thread."""

    def __init__(self, writer: pq.ParquetWriter, background: _Background) -> None:
        self.writer, self.background = writer, background

    def write_table(self, table: pa.Table | Callable[[], pa.Table]) -> None:
        """Write `table` (or the table a function builds, built on the background thread)."""
        if callable(table):
            self.background.submit(lambda: self.writer.write_table(table()))
        else:
            self.background.submit(self.writer.write_table, table)

    def close(self) -> None:
        self.background.submit(self.writer.close)


def _writers(out: Path, part: int | None,
             background: _Background | None = None) -> dict[str, pq.ParquetWriter]:
    """One Parquet writer per table: `<name>.parquet`, or part `part` of a folder of parts
    (writing on `background`'s thread when given)."""
    writers = {}
    for name, schema in TABLES:
        path = out / f"{name}.parquet"
        if part is not None:
            path.mkdir(exist_ok=True)
            path = path / f"part-{part:05d}.parquet"
        writers[name] = pq.ParquetWriter(private_file(path), schema, compression="snappy")
        if background is not None:
            writers[name] = _Writer(writers[name], background)
    return writers


def _clear(out: Path, parts: bool) -> None:
    """Remove earlier outputs of the other layout (a file where a folder goes, or parts)."""
    for name, _ in TABLES:
        path = out / f"{name}.parquet"
        if path.is_dir():
            for old in path.glob("part-*.parquet"):
                old.unlink()
            if not parts:
                path.rmdir()
        elif parts and path.exists():
            path.unlink()


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _people(rng: np.random.Generator, n: int, archetype: str, index_year: int) -> dict:
    arch = P.ARCHETYPES.get(archetype, P.ARCHETYPES["urban_affluent"])
    age = rng.choice(101, size=n, p=P.age_distribution(arch["median_age"]))
    female = rng.random(n) < 0.5 + 0.15 * np.clip((age - 65) / 30, 0, 1)
    imd = np.clip(arch["imd_median"] * np.exp(rng.normal(0, arch["imd_sd"], n)), 0.5, 90)
    imd = np.round(imd, 2)
    decile = 10 - np.searchsorted(P.IMD_DECILE_BOUNDS, imd, side="left")
    health = rng.normal(0, 1, n)
    a, b, c = P.CARE_HOME
    care_home = (age >= 65) & (rng.random(n) < _logistic(a + b * (age - 80) + c * health))
    return {"age": age, "birth_year": index_year - age, "sex": np.where(female, "F", "M"),
            "imd": imd, "decile": decile, "health": health, "care_home": care_home}


def _conditions(rng: np.random.Generator, people: dict, end: date) -> dict[str, np.ndarray]:
    """For each condition code, a boolean array: who has it."""
    age, dep = people["age"], (people["imd"] - 20.0) / 12.0
    adult_age = np.maximum(age, 18)
    has = {}
    for code in CONDITION_CODES:
        p70, slope, dep_effect, loading = P.CONDITION_PARAMS[code]
        logit = (np.log(p70 / (1 - p70)) + slope * (adult_age - 70) / 10 + dep_effect * dep
                 + loading * people["health"])
        logit = logit + P.CARE_HOME_DEFICITS.get(code, 0.0) * people["care_home"]
        prob = _logistic(logit) * np.where(age < 18, P.CHILD_CONDITIONS.get(code, 0.1), 1.0)
        has[code] = rng.random(len(age)) < prob
    return has


def _first_recorded(rng: np.random.Generator, age: np.ndarray, end: date) -> np.ndarray:
    """Dates first recorded: up to 25 years back, never before the age of 1."""
    span_days = np.clip(age - 1, 0.5, 25) * 365.25
    back = (rng.random(len(age)) ** 1.5 * span_days).astype(np.int64)
    return (np.datetime64(end) - back.astype("timedelta64[D]")).astype("datetime64[D]")


def _utilisation_weights(rng: np.random.Generator, people: dict, has: dict) -> dict:
    """Relative intensity of each pod's activity per person (before yearly variation)."""
    ltcs = sum(has[c].astype(np.int32) for c in CONDITION_CODES if BY_CODE[c].ltc)
    deficits = np.zeros(len(people["age"]), dtype=np.int32)
    seen: dict[str, np.ndarray] = {}
    for code in CONDITION_CODES:
        d = BY_CODE[code].deficit
        if d:
            seen[d] = seen.get(d, np.zeros_like(has[code])) | has[code]
    for flags in seen.values():
        deficits += flags
    dep = (people["imd"] - 20.0) / 12.0
    person = rng.gamma(P.UTILISATION_SHAPE, 1 / P.UTILISATION_SHAPE, len(dep))
    weights = {}
    for pod, profile in P.POD_AGE_PROFILE.items():
        per_ltc, per_deficit, care, per_dep = P.POD_EFFECTS[pod]
        log_rate = (np.interp(people["age"], P.AGE_KNOTS, profile) + per_ltc * ltcs
                    + per_deficit * deficits + care * people["care_home"] + per_dep * dep)
        weights[pod] = np.exp(log_rate) * person
    return weights


def _activity(rng: np.random.Generator, ids: pa.Array, weights: dict, totals: dict,
              start: date, provider: str,
              costs: dict) -> tuple[int, Callable[[], pa.Table]]:
    """One year of activity: each pod's total shared among people by weight (multinomial).

    The random draws are made here, in order; the rows and a function that builds the Arrow
    table from the draws are returned, so the background writer builds it (taking ids,
    converting dates, rounding costs) while the next draws are made."""
    days = (date(start.year + 1, start.month, start.day) - start).days
    draws = []
    for pod, total in totals.items():
        w = weights[pod] * np.exp(rng.normal(0, P.YEARLY_SD, len(ids)))
        counts = rng.multinomial(int(total), w / w.sum())
        n = int(counts.sum())
        offsets = rng.integers(0, days, n)
        other = rng.integers(0, len(P.OTHER_PROVIDERS), n)  # the draws rng.choice makes
        main = rng.random(n) < P.MAIN_PROVIDER_SHARE
        spread = rng.normal(-P.COST_SD ** 2 / 2, P.COST_SD, n)
        draws.append((pod, counts, offsets, other, main, spread))

    def build() -> pa.Table:
        providers = pa.array([provider, *P.OTHER_PROVIDERS], pa.string())
        parts = []
        for pod, counts, offsets, other, main, spread in draws:
            who = np.repeat(np.arange(len(ids)), counts)
            when = np.datetime64(start) + offsets.astype("timedelta64[D]")
            cost = costs[pod] * np.exp(spread)
            parts.append(pa.table({
                "patient_id": ids.take(who),
                "date": pa.array(when.astype("datetime64[D]"), pa.date32()),
                "pod": _repeat(pod, len(who)),
                "provider": providers.take(np.where(main, 0, other + 1)),
                "cost": pa.array(np.round(cost, 2), pa.float64()),
            }, schema=ACTIVITY_SCHEMA))
        return pa.concat_tables(parts)

    return sum(len(d[2]) for d in draws), build


def _conditions_table(rng: np.random.Generator, ids: pa.Array, people: dict, has: dict,
                      end: date) -> tuple[int, Callable[[], pa.Table]]:
    """The conditions rows of one chunk of people (one per person and condition they have):
    their number and a function that builds the table (on the background writer; the dates
    are drawn here, in order)."""
    draws = []
    for code in CONDITION_CODES:
        who = np.flatnonzero(has[code])
        draws.append((code, who, _first_recorded(rng, people["age"][who], end)))

    def build() -> pa.Table:
        return pa.concat_tables([pa.table({
            "patient_id": ids.take(who),
            "code": _repeat(code, len(who)),
            "first_recorded": pa.array(when, pa.date32()),
        }, schema=CONDITIONS_SCHEMA) for code, who, when in draws])

    return sum(len(d[1]) for d in draws), build


def _pod_total(baseline: pd.Series, growth: pd.Series, locality: str, pod: str, scale: float,
               year: int) -> float:
    """A locality's activity in `pod` for year 0 (the year before base) or 1 (base), scaled."""
    value = float(baseline.get((locality, pod), 0.0)) * scale
    if year == 0:
        value /= 1 + float(growth.get(pod, 0.0)) / 100
    return value


def synthesise(scenario: Scenario, out: str | Path, seed: int = 2016, scale: float = 1.0,
               on_locality: Callable[[str], None] | None = None,
               chunk_people: int | None = None, key: bytes | None = None,
               key_file: Path | None = None) -> SynthSummary:
    """Write patients, conditions and activity Parquet files (and manifest.json) to `out`;
    with `chunk_people`, as folders of part files, one part per chunk of people.  Ids are
    keyed with `key`, else the key `safety.keys.load_key(key_file)` finds (never in `out`)."""
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale must be above 0 and at most {MAX_SCALE:g}; got {scale}")
    if chunk_people is not None and chunk_people < 1:
        raise ValueError(f"chunk size must be at least 1 person; got {chunk_people}")
    out = Path(out)
    key = key if key is not None else load_key(key_file, outputs=out)
    out.mkdir(parents=True, exist_ok=True)
    _clear(out, parts=chunk_people is not None)
    base = year_start(scenario.meta.base_year)
    years = (f"{base - 1}/{base % 100:02d}", scenario.meta.base_year)
    end = date(base + 1, 3, 31)
    index_year = base + 1
    baseline = scenario.baseline.groupby(["locality", "pod"])["activity"].sum()
    growth = scenario.growth
    growth = growth[growth["locality"] == ""].set_index("pod")["annual_growth_pct"]
    unit_costs = scenario.unit_costs.set_index("pod")["cost_gbp"].to_dict()
    plan = [(k, loc, j, n, sizes)
            for k, loc in enumerate(scenario.localities.itertuples(index=False))
            for sizes in [chunk_sizes(max(1, round(loc.population * scale)), chunk_people)]
            for j, n in enumerate(sizes)]
    background = _Background()
    writers = {} if chunk_people is not None else _writers(out, None, background)
    people_total = cond_total = act_total = offset = 0
    try:
        for part, (k, loc, j, n, sizes) in enumerate(plan):
            if chunk_people is not None:
                for w in writers.values():
                    w.close()
                writers = _writers(out, part, background)
            stream = [seed, k] if len(sizes) == 1 else [seed, k, j]  # one chunk: as unchunked
            rng = np.random.default_rng(np.random.SeedSequence(stream))
            people = _people(rng, n, loc.archetype, index_year)
            ids = pseudonym(np.arange(offset, offset + n), key, seed)
            offset += n
            n_practices = max(1, round(sum(sizes) / 8000))
            practice = pa.array([f"L{k + 1:02d}P{i + 1:02d}" for i in range(n_practices)],
                                pa.string()).take(rng.integers(0, n_practices, n))
            has = _conditions(rng, people, end)
            writers["patients"].write_table(pa.table({
                "patient_id": ids, "birth_year": people["birth_year"].astype(np.int32),
                "sex": people["sex"], "practice": practice,
                "locality": _repeat(loc.locality, n), "imd_decile": people["decile"]
                .astype(np.int32), "imd_score": people["imd"], "care_home": people["care_home"],
            }, schema=PATIENTS_SCHEMA))
            conditions, build = _conditions_table(rng, ids, people, has, end)
            writers["conditions"].write_table(build)
            weights = _utilisation_weights(rng, people, has)
            provider = P.PROVIDERS.get(loc.ccg, "OUT")
            for y, start in enumerate((date(base - 1, 4, 1), date(base, 4, 1))):
                totals = {pod: split_total(round(_pod_total(baseline, growth, loc.locality,
                                                            pod, scale, y)), sizes)[j]
                          for pod in scenario.meta.pods}
                rows, build = _activity(rng, ids, weights, totals, start, provider,
                                        unit_costs)
                writers["activity"].write_table(build)
                act_total += rows
            people_total += n
            cond_total += conditions
            log.debug("synthesised locality %s", loc.locality)
            if on_locality and j == len(sizes) - 1:
                on_locality(loc.locality)
    finally:
        for w in writers.values():
            w.close()
        background.finish()
    manifest = {"generator": "icsplan.population.synth", "scenario": scenario.name,
                "seed": seed, "scale": scale, "years": list(years),
                "base_year": scenario.meta.base_year, "people": people_total,
                "conditions": cond_total, "activity": act_total,
                "chunks": len(plan) if chunk_people is not None else None,
                "ids": "HMAC-SHA256 of the row under a key kept outside this folder "
                       "(docs/security.md)"}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    log.info("synthetic population: %d people, %d conditions, %d activities", people_total,
             cond_total, act_total)
    return SynthSummary(out, people_total, cond_total, act_total, years)
