"""Benchmark the demand model: mse-2016 and a synthetic national-scale scenario.

    .venv/bin/python benchmarks/bench_model.py [--repeat 5]

Prints wall times (best of N) for the NumPy model and, as the baseline in the same run,
a straightforward pandas implementation of the same arithmetic (merge growth, loop over
years and initiatives); the ratio is what to compare across machines, not the seconds.
Both implementations must agree, or the benchmark fails.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from icsplan.model import project
from icsplan.scenario import Scenario, load_scenario
from icsplan.scenario.synthetic import national_scenario
from icsplan.targets import locality_targets
from timing import best_of


def full_run(s: Scenario):
    """What `icsplan run` computes (without writing files)."""
    p = project(s)
    return p, p.activity(), p.summary(), p.change_factors(), locality_targets(s, p)


def pandas_planned(s: Scenario) -> float:
    """The model written plainly in pandas, row-wise merges per year: the baseline."""
    base = s.baseline.copy()
    growth = s.tables["growth"]
    system = growth[growth["locality"] == ""][["pod", "annual_growth_pct"]]
    local = growth[growth["locality"] != ""][["pod", "locality", "annual_growth_pct"]]
    base = base.merge(system, on="pod", how="left")
    base = base.merge(local.rename(columns={"annual_growth_pct": "local"}),
                      on=["pod", "locality"], how="left")
    base["rate"] = base["local"].fillna(base["annual_growth_pct"]) / 100
    total = 0.0
    for t, year in enumerate(s.years):
        frame = base.copy()
        frame["momentum"] = frame["activity"] * (1 + frame["rate"]) ** t
        frame["removed"] = 0.0
        for ini in s.initiatives:
            for eff in ini.effects:
                def share(row, eff=eff, ini=ini, year=year):
                    if row["pod"] != eff.pod:
                        return 0.0
                    if eff.age_bands and row["age_band"] not in eff.age_bands:
                        return 0.0
                    if eff.segments and row["segment"] not in eff.segments:
                        return 0.0
                    return eff.reduction_pct / 100 * ini.phasing.get(year, 0.0)
                frame["removed"] += frame["momentum"] * frame.apply(share, axis=1)
        if year == s.years[-1]:
            total = float((frame["momentum"] - frame["removed"]).sum())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-scale", type=int, default=3,
                        help="systems in the pandas baseline run (it is slow; scaled up)")
    args = parser.parse_args()

    mse = load_scenario("mse-2016")
    t_mse, (p, *_rest) = best_of(args.repeat, lambda: full_run(mse))
    print(f"mse-2016: {len(p.cells):,} cells x {len(p.years)} years; full run "
          f"(model + output tables) best of {args.repeat}: {t_mse * 1000:.1f} ms")

    start = time.perf_counter()
    nat = national_scenario()
    t_build = time.perf_counter() - start
    t_model, pn = best_of(args.repeat, lambda: project(nat))
    t_full, _ = best_of(max(1, args.repeat // 2), lambda: full_run(nat))
    print(f"national synthetic: {len(pn.cells):,} cells x {len(pn.years)} years "
          f"(42 systems x 30 localities x 5 pods x 20 age bands x 3 segments)")
    print(f"  build scenario: {t_build:.2f} s")
    print(f"  model (project) best of {args.repeat}: {t_model:.3f} s")
    print(f"  full run incl. activity/summary/change factors/locality targets: {t_full:.3f} s")

    small = national_scenario(systems=args.baseline_scale)
    t_numpy_small, ps = best_of(args.repeat, lambda: project(small))
    start = time.perf_counter()
    naive = pandas_planned(small)
    t_pandas = time.perf_counter() - start
    ours = float(ps.planned[-1].sum())
    if not np.isclose(naive, ours, rtol=1e-9):
        raise SystemExit(f"pandas baseline disagrees: {naive} vs {ours}")
    per_cell_pandas = t_pandas / len(ps.cells)
    print(f"baseline (plain pandas, {args.baseline_scale} systems, {len(ps.cells):,} cells): "
          f"{t_pandas:.2f} s vs NumPy model {t_numpy_small * 1000:.1f} ms: "
          f"ratio {t_pandas / t_numpy_small:,.0f}x")
    print(f"  pandas extrapolated to national size: "
          f"{per_cell_pandas * len(pn.cells):,.0f} s vs {t_model:.3f} s measured")
    pd.set_option("display.width", 120)


if __name__ == "__main__":
    main()
