"""Benchmark the population pipeline: synthesis, then the Ibis pipeline, then naive pandas.

    python benchmarks/bench_population.py                 # mse-2016, 1.2M people
    python benchmarks/bench_population.py --scale 0.1     # a quick run
    python benchmarks/bench_population.py --scale 0.1 --repeat 3 --no-pandas  # median, range
    python benchmarks/bench_population.py --engine spark  # the Ibis pipeline on Spark
    python benchmarks/bench_population.py --engine duckdb,spark --no-pandas  # Spark/DuckDB
    python benchmarks/bench_population.py --scale 10 --chunk-people 1000000 \
        --memory-limit 4GB --no-pandas --pop /tmp/pop12m   # 12M people out of core

Prints wall time, this process's CPU time and peak resident memory (RSS, sampled from /proc
every 10 ms; the peak within each stage) for each stage, and the ratio of the naive pandas
pipeline's time to the Ibis pipeline's (synthesis excluded).  Spark's work happens in its JVM,
so its CPU time and memory are not in this process's figures (the driver JVM's heap is capped
by --spark-memory); DuckDB's are.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from icsplan.population.conditions import BY_CODE, LTC_CODES
from icsplan.population.engine import connect
from icsplan.population.nel_risk import PRIOR_CAP, calibration, fit, predict
from icsplan.population.periods import Periods, months_after, months_before
from icsplan.population.run import run_population, write_outputs
from icsplan.population.synth import synthesise
from icsplan.scenario.folder import load_scenario
from timing import finish, goal, machine_line, start


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Stages:
    """Times stages and samples peak RSS within each (a background thread)."""

    def __init__(self, label: str):
        self.label = label
        self.rows: list[tuple[str, float, float, float]] = []
        self._peak = rss_mb()
        self._start = time.perf_counter()
        self._cpu = time.process_time()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self._peak = max(self._peak, rss_mb())

    def mark(self, stage: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self._peak = max(self._peak, rss_mb())
        self.rows.append((stage, now - self._start, cpu - self._cpu, self._peak))
        self._peak = rss_mb()
        self._start, self._cpu = time.perf_counter(), time.process_time()

    def close(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(r[1] for r in self.rows)

    @property
    def cpu(self) -> float:
        return sum(r[2] for r in self.rows)

    @property
    def peak(self) -> float:
        return max(r[3] for r in self.rows)

    def print(self) -> None:
        print(f"\n{self.label}")
        print(f"  {'stage':<12} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
        for stage, secs, cpu, peak in self.rows:
            print(f"  {stage:<12} {secs:8.2f} {cpu:8.2f} {peak:12.0f}")
        print(f"  {'total':<12} {sum(r[1] for r in self.rows):8.2f} "
              f"{sum(r[2] for r in self.rows):8.2f} {max(r[3] for r in self.rows):12.0f}")
        print(f"  {machine_line()}")


# ---- the same pipeline, written naively in pandas (the baseline to beat) ----

def pandas_features(p, c, a, index: date, lookbacks: dict[str, int], outcome: bool):
    ts = pd.Timestamp(index)
    f = p[["patient_id", "locality", "birth_year"]].copy()
    f["age"] = index.year - p["birth_year"]
    f["female"] = (p["sex"] == "F").astype(int)
    f["deprivation"] = 11 - p["imd_decile"]
    f["care_home"] = p["care_home"].astype(int)
    cc = c[c["first_recorded"] < ts].copy()
    cc["deficit"] = cc["code"].map({k: v.deficit for k, v in BY_CODE.items()})
    cc["is_ltc"] = cc["code"].isin(LTC_CODES).astype(int)
    summary = cc.groupby("patient_id").agg(ltc_count=("is_ltc", "sum"),
                                           deficits=("deficit", "nunique"))
    flags = pd.crosstab(cc["patient_id"], cc["code"]).reindex(columns=list(LTC_CODES),
                                                              fill_value=0).clip(upper=1)
    flags.columns = [f"ltc_{x}" for x in flags.columns]
    f = f.merge(summary, on="patient_id", how="left").merge(flags, on="patient_id", how="left")
    groups = {"non_elective": "nel", "ae": "ae", "elective": "planned", "daycase": "planned",
              "outpatient": "op"}
    for prefix, months in lookbacks.items():
        start = pd.Timestamp(months_before(index, months))
        aa = a[(a["date"] >= start) & (a["date"] < ts)]
        counts = pd.crosstab(aa["patient_id"], aa["pod"].map(groups))
        counts = counts.reindex(columns=["nel", "ae", "planned", "op"], fill_value=0)
        counts.columns = [f"{prefix}_{x}" for x in counts.columns]
        f = f.merge(counts, on="patient_id", how="left")
    if outcome:
        end = pd.Timestamp(months_after(index, 12))
        nxt = a[(a["date"] >= ts) & (a["date"] < end) & (a["pod"] == "non_elective")]
        f = f.merge(nxt.groupby("patient_id").size().rename("nel_next"), on="patient_id",
                    how="left")
    cols = [x for x in f.columns if x not in ("patient_id", "locality", "birth_year")]
    f[cols] = f[cols].fillna(0)
    return f.sort_values("patient_id").reset_index(drop=True)


def pandas_design(f: pd.DataFrame) -> pd.DataFrame:
    d = pd.DataFrame({"patient_id": f["patient_id"], "age_decades": f["age"] / 10})
    d["age_decades_sq"] = d["age_decades"] ** 2
    for col in ("female", "deprivation", "care_home"):
        d[col] = f[col].astype(float)
    d["efi"] = f["deficits"] / 36
    for code in LTC_CODES:
        d[f"ltc_{code}"] = f[f"ltc_{code}"].astype(float)
    for name in ("nel", "ae", "planned", "op"):
        d[f"prior_{name}"] = f[f"prior_{name}"].clip(upper=PRIOR_CAP).astype(float)
    if "nel_next" in f:
        d["outcome"] = (f["nel_next"] > 0).astype(int)
    return d


def pandas_pipeline(folder: Path, stages: Stages) -> None:
    p = pd.read_parquet(folder / "patients.parquet")
    c = pd.read_parquet(folder / "conditions.parquet")
    a = pd.read_parquet(folder / "activity.parquet")
    c["first_recorded"] = pd.to_datetime(c["first_recorded"])
    a["date"] = pd.to_datetime(a["date"])
    last = a["date"].max()
    periods = Periods(last.year if last.month >= 4 else last.year - 1)
    stages.mark("read")
    model = fit(pandas_design(pandas_features(p, c, a, periods.fit_index, {"prior": 6}, True)))
    test = pandas_design(pandas_features(p, c, a, periods.eval_index, {"prior": 6}, True))
    risk = predict(test, model)
    calibration(risk, test["outcome"].to_numpy(), test["patient_id"].to_numpy())
    stages.mark("risk")
    f = pandas_features(p, c, a, periods.score_index, {"prior": 6, "last12": 12}, False)
    efi = f["deficits"] / 36
    high = ((efi > 0.24 + 1e-9) | (f["care_home"] == 1) | (f["ltc_count"] >= 4)
            | ((f["ltc_count"] >= 3) & (f["age"] >= 75)) | (f["last12_nel"] >= 3))
    rising = ((efi > 0.12 + 1e-9) | (f["ltc_count"] >= 2)
              | ((f["ltc_count"] >= 1) & (f["age"] >= 55)) | (f["last12_nel"] >= 1)
              | (f["last12_ae"] >= 2))
    f["segment"] = np.select([high, rising], ["high_risk", "rising_risk"], "mostly_healthy")
    f["risk"] = predict(pandas_design(f), model)
    f.groupby(["locality", "segment"]).size()
    stages.mark("segments")
    ranked = f.sort_values(["locality", "segment", "risk", "patient_id"],
                           ascending=[True, True, False, True])
    ranked["rank"] = ranked.groupby(["locality", "segment"]).cumcount() + 1
    ranked[((ranked["segment"] == "high_risk") & (ranked["rank"] <= 1400))
           | ((ranked["segment"] == "rising_risk") & (ranked["rank"] <= 800))]
    stages.mark("cohorts")
    base = a[(a["date"] >= pd.Timestamp(periods.base_start))
             & (a["date"] < pd.Timestamp(periods.score_index))]
    base = base.merge(f[["patient_id", "locality", "segment", "birth_year"]], on="patient_id")
    age = periods.base_year - base["birth_year"]
    base["age_band"] = pd.cut(age, [-1, 17, 44, 64, 74, 84, 200],
                              labels=["0-17", "18-44", "45-64", "65-74", "75-84", "85+"])
    base.groupby(["locality", "pod", "age_band", "segment"], observed=True).agg(
        activity=("cost", "size"), cost=("cost", "sum"))
    stages.mark("baselines")


def run_engine(engine: str, folder: Path, tmp: Path, args) -> tuple[float, float, float]:
    """The Ibis pipeline on one engine, staged and printed; its total wall and CPU time and
    peak RSS (MB)."""
    con = connect(engine, tmp_dir=tmp / engine, spark_memory=args.spark_memory,
                  memory_limit=args.memory_limit if engine == "duckdb" else None,
                  spill_dir=args.spill_dir)
    limit = f", memory limit {args.memory_limit}" if args.memory_limit and engine == "duckdb" \
        else (f", driver memory {args.spark_memory}" if engine == "spark" else "")
    stages = Stages(f"Ibis pipeline on {engine}{limit}")
    result = run_population(folder, con, scenario=load_scenario("mse-2016"),
                            on_stage=stages.mark)
    write_outputs(result, tmp / f"seg-{engine}")
    stages.mark("write")
    total = stages.close()
    stages.print()
    system = result.segments[result.segments["locality"] == "all"]
    print(f"  people {result.people:,}; AUC {result.auc:.4f}; segments per 50,000: "
          + ", ".join(f"{r.segment} {r.per_50000}" for r in system.itertuples()))
    if engine == "spark":
        con.disconnect()
    del result, con
    gc.collect()
    return total, stages.cpu, stages.peak


GOALS = {1.0: ("1.2M", 5.0), 47.5: ("England, 57M", 600.0)}


def repeated(engine: str, folder: Path, tmp: Path, args) -> float:
    """`args.repeat` runs on one engine: the median and range of the totals, with the goal
    beside them where the issue sets one; the median wall time."""
    runs = [run_engine(engine, folder, tmp, args) for _ in range(max(1, args.repeat))]
    walls, cpus, peaks = zip(*runs, strict=True)
    median = statistics.median(walls)
    spread = (f"median of {len(walls)} runs, range {min(walls):.2f}-{max(walls):.2f} s"
              if len(walls) > 1 else "a single run")
    print(f"\n  {engine} at scale {args.scale:g}: {median:.2f} s wall ({spread}), CPU "
          f"{statistics.median(cpus):.2f} s, peak RSS {max(peaks):,.0f} MB; {machine_line()}")
    if args.scale in GOALS:
        label, target = GOALS[args.scale]
        print("  " + goal(f"population run on {engine} at {label}", median, target))
    return median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--engine", default="duckdb",
                        help="duckdb, spark, or both comma-separated (prints Spark/DuckDB)")
    parser.add_argument("--pop", type=Path, help="reuse (or keep) the synthetic population here")
    parser.add_argument("--chunk-people", type=int, help="synthesise in chunks of this size")
    parser.add_argument("--memory-limit", help="DuckDB memory limit, e.g. 4GB (spills beyond)")
    parser.add_argument("--spill-dir", type=Path, help="DuckDB's spill folder")
    parser.add_argument("--spark-memory", default="4g", help="Spark driver memory")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of the pipeline per engine (median and range; 1: a single "
                        "run, said so)")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engine.split(",") if e.strip()]
    start(f"population pipeline at scale {args.scale:g} on {', '.join(engines)}, against naive "
          "pandas (the same steps person by person in pandas; goal: synthesis and run < 5 s "
          "each at scale 1, 1.2M people)")
    with tempfile.TemporaryDirectory(prefix="icsplan-bench-") as tmp_name:
        tmp = Path(tmp_name)
        folder = args.pop or tmp / "pop"
        synth = Stages(f"synthesis (scale {args.scale:g}"
                       + (f", chunks of {args.chunk_people:,} people)" if args.chunk_people
                          else ")"))
        if (folder / "manifest.json").is_file():
            print(f"reusing the population in {folder} (synthesis not timed)")
        else:
            summary = synthesise(load_scenario("mse-2016"), folder, seed=args.seed,
                                 scale=args.scale, chunk_people=args.chunk_people)
            print(f"{summary.people:,} people, {summary.conditions:,} conditions, "
                  f"{summary.activity:,} activities ({' and '.join(summary.years)})")
        synth.mark("synthesis")
        synth_total = synth.close()
        synth.print()
        if args.scale == 1 and synth_total > 0.5:
            print("  " + goal("population synth at 1.2M", synth_total, 5.0))
        gc.collect()
        totals = {engine: repeated(engine, folder, tmp, args) for engine in engines}
        if "spark" in totals and "duckdb" in totals:
            print(f"\nSpark / DuckDB wall time: {totals['spark']:.2f} s / "
                  f"{totals['duckdb']:.2f} s = {totals['spark'] / totals['duckdb']:.1f}x")
        if not args.no_pandas:
            ibis_total = totals[engines[0]]
            naive = Stages("naive pandas pipeline (same steps, no output files)")
            pandas_pipeline(folder, naive)
            pandas_total = naive.close()
            naive.print()
            print(f"\npandas / Ibis-{engines[0]} wall time (synthesis excluded): "
                  f"{pandas_total:.2f} s / {ibis_total:.2f} s = {pandas_total / ibis_total:.1f}x")
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
