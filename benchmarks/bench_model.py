"""Benchmark the demand model: mse-2016 and a synthetic national-scale scenario.

    .venv/bin/python benchmarks/bench_model.py [--repeat 5]

Times (median and range of every run, with CPU time) the NumPy model (`project`) and a full
run's tables (activity by locality, the CCG and system roll-ups, change factors, locality
targets), for mse-2016 and the national synthetic scenario (42 systems x 30 localities x 5
pods x 20 age bands x 3 segments = 378,000 cells x 6 years).  The goal figure (model and
every table) does not include writing files; writing the national tables as CSV (through
`safety.cells.write_csv`, as `icsplan run` writes them) is timed on its own line.

The first national runs in a process (`--warmup`, default 2) are timed and printed on a line
of their own, each run: they touch memory the process has not used before, and on this
machine the operating system's first touch of ~100 MB costs up to ~1 s.  The goal figure is
the median of the runs after them (a process that runs the model again, as the app does);
the minor page faults (first touches) of those runs are printed beside it.  Each table
timing starts from a fresh projection (projections keep their area sums, so timing the
tables twice on one projection would time a look-up).

The baseline, in the same run and at the same (national) size, is the model as a competent
analyst would write it in pandas: vectorised columns, one merge for the growth rates, one
boolean mask per initiative effect, `groupby().sum()` for every table.  Nothing is
extrapolated.  Both must give the same planned activity and the same tables, or the
benchmark fails.  The goal for the national model and every table is < 0.1 s (issue 20).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from icsplan.model import project
from icsplan.safety.cells import write_csv
from icsplan.scenario import Scenario, load_scenario
from icsplan.scenario.synthetic import national_scenario
from icsplan.targets import locality_targets
from timing import Timing, finish, goal, measure, peak_rss_mb, start

CSV_NAMES = ("activity", "activity_summary", "activity_by_ccg", "change_factors",
             "locality_targets")


def tables(s: Scenario, p):
    """Every activity table of `icsplan run` (without writing files)."""
    return (p.activity(), p.summary(), p.by_ccg(), p.change_factors(),
            locality_targets(s, p))


def full_run(s: Scenario):
    """The model and its tables, as `icsplan run` computes them."""
    p = project(s)
    return p, tables(s, p)


def write_tables(frames, folder: Path) -> int:
    """Write the tables as CSV as `icsplan run` does (text made inert, numbers checked
    finite, pandas' `to_csv`); the bytes written."""
    return sum(write_csv(frame, folder / f"{name}.csv", table=name).stat().st_size
               for name, frame in zip(CSV_NAMES, frames, strict=True))


def faults() -> int:
    """Minor page faults of this process so far (first touches of memory)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def measure_tables(repeat: int, s: Scenario) -> Timing:
    """The tables' timing, each run on a projection made (untimed) just before it."""
    walls, cpus, result = [], [], None
    for _ in range(max(1, repeat)):
        p = project(s)
        wall, cpu = time.perf_counter(), time.process_time()
        result = tables(s, p)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        del p
    return Timing(walls, cpus, result)


def pandas_run(s: Scenario) -> dict[str, pd.DataFrame]:
    """The same model and tables in vectorised pandas: the baseline."""
    base = s.baseline[["locality", "pod", "age_band", "segment", "activity"]].copy()
    base = base.merge(s.localities[["locality", "ccg"]], on="locality", how="left")
    growth = s.growth
    system = growth.loc[growth["locality"] == "", ["pod", "annual_growth_pct"]]
    local = growth.loc[growth["locality"] != "", ["pod", "locality", "annual_growth_pct"]]
    base = base.merge(system, on="pod", how="left").merge(
        local.rename(columns={"annual_growth_pct": "local_pct"}), on=["pod", "locality"],
        how="left")
    rate = base["local_pct"].fillna(base["annual_growth_pct"]).to_numpy() / 100
    # Each initiative's share of momentum removed by the horizon, one mask per effect.
    shares = {}
    for ini in s.initiatives:
        share = np.zeros(len(base))
        for eff in ini.effects:
            mask = base["pod"] == eff.pod
            if eff.age_bands:
                mask &= base["age_band"].isin(eff.age_bands)
            if eff.segments:
                mask &= base["segment"].isin(eff.segments)
            if eff.localities:
                mask &= base["locality"].isin(eff.localities)
            share += np.where(mask, eff.reduction_pct / 100, 0.0)
        shares[ini.id] = share
    frames = []
    for t, year in enumerate(s.years):
        momentum = base["activity"].to_numpy() * (1 + rate) ** t
        removed = sum((momentum * share * ini.phasing.get(year, 0.0)
                       for ini, share in zip(s.initiatives, shares.values(), strict=True)),
                      np.zeros(len(base)))
        frames.append(pd.DataFrame({"year": year, "ccg": base["ccg"], "locality":
                                    base["locality"], "pod": base["pod"], "baseline":
                                    base["activity"], "momentum": momentum,
                                    "planned": momentum - removed}))
    long = pd.concat(frames, ignore_index=True)
    measures = ["baseline", "momentum", "planned"]
    activity = long.groupby(["year", "ccg", "locality", "pod"], sort=False,
                            as_index=False)[measures].sum()
    summary = activity.groupby(["pod", "year"], as_index=False)[measures].sum()
    by_ccg = activity.groupby(["ccg", "pod", "year"], as_index=False)[measures].sum()
    for frame in (summary, by_ccg):
        frame["change_vs_baseline_pct"] = 100 * (frame["planned"] / frame["baseline"] - 1)
        frame["change_vs_momentum_pct"] = 100 * (frame["planned"] / frame["momentum"] - 1)
    horizon = activity[activity["year"] == s.years[-1]].copy()
    cost = s.unit_costs.set_index("pod")["cost_gbp"]
    horizon["gross_savings_gbp"] = (horizon["momentum"] - horizon["planned"]) * horizon[
        "pod"].map(cost)
    return {"activity": activity, "summary": summary, "by_ccg": by_ccg, "targets": horizon}


def check_same(ours, theirs: dict[str, pd.DataFrame]) -> None:
    """Both implementations give the same tables (sorted the same way), or stop."""
    p, (activity, summary, by_ccg, _factors, targets) = ours
    pairs = [("activity", activity, ["year", "locality", "pod"], "planned"),
             ("summary", summary, ["pod", "year"], "change_vs_momentum_pct"),
             ("by_ccg", by_ccg, ["ccg", "pod", "year"], "planned"),
             ("targets", targets, ["locality", "pod"], "gross_savings_gbp")]
    for name, frame, keys, column in pairs:
        a = frame.astype({k: str for k in keys}).sort_values(keys)[column].to_numpy()
        b = theirs[name].astype({k: str for k in keys}).sort_values(keys)[column].to_numpy()
        if not np.allclose(a, b, rtol=1e-9):
            raise SystemExit(f"pandas baseline disagrees on {name}.{column}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2,
                        help="national runs timed and shown apart before the timed runs")
    args = parser.parse_args()
    start("demand model: NumPy cells against vectorised pandas; the model and table timings "
          "do not include writing CSV files (timed on a line of their own)")

    mse = load_scenario("mse-2016")
    t_mse = measure(args.repeat, lambda: full_run(mse))
    p = t_mse.result[0]
    print(f"mse-2016: {len(p.cells):,} cells x {len(p.years)} years; model + tables "
          f"{t_mse.text('ms')}")

    nat = national_scenario()
    before, peak_before = faults(), peak_rss_mb()
    t_first = measure(args.warmup, lambda: full_run(nat))
    first_faults, peak_first = faults() - before, peak_rss_mb()
    t_first.result = None  # not kept: the runs below hold at most two projections at once
    t_model = measure(args.repeat, lambda: project(nat))
    pn = t_model.result
    t_tables = measure_tables(args.repeat, nat)
    before = faults()
    t_full = measure(args.repeat, lambda: full_run(nat))
    full_faults = (faults() - before) / len(t_full.walls)
    print(f"national synthetic: {len(pn.cells):,} cells x {len(pn.years)} years "
          f"(42 systems x 30 localities x 5 pods x 20 age bands x 3 segments)")
    each = ", ".join(f"{w * 1000:.0f} ms (CPU {c * 1000:.0f} ms)"
                     for w, c in zip(t_first.walls, t_first.cpus, strict=True))
    print(f"  first {len(t_first.walls)} runs of the model and every table in this process "
          f"(fresh memory, {first_faults:,} page faults): {each}; peak memory "
          f"{peak_before:,.0f} MB before them, {peak_first:,.0f} MB after them")
    print(f"  model (project): {t_model.text('ms')}")
    print(f"  tables from the projection (each on a fresh projection): {t_tables.text('ms')}")
    print("  " + goal("model and every table, after the first runs", t_full.median, 0.1,
                      f"[{t_full.text('ms')}; {full_faults:,.0f} page faults a run]"))
    with tempfile.TemporaryDirectory() as folder:
        t_csv = measure(args.repeat, lambda: write_tables(t_full.result[1], Path(folder)))
    print(f"  writing the 5 tables as CSV ({t_csv.result / 1e6:.1f} MB, safety.cells.write_csv):"
          f" {t_csv.text('ms')}")
    print(f"  peak memory so far (mse-2016 and the national model, before the pandas "
          f"baseline): {peak_rss_mb():,.0f} MB")

    t_pandas = measure(args.repeat, lambda: pandas_run(nat))
    check_same(t_full.result, t_pandas.result)
    print(f"  baseline, vectorised pandas (same size, same tables): {t_pandas.text('ms')}; "
          f"ratio {t_pandas.median / t_full.median:.1f}x (medians)")
    finish()


if __name__ == "__main__":
    main()
