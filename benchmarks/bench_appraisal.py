"""Benchmark the options appraisal: the mse-2016 appraisal and the weight Monte Carlo.

    .venv/bin/python benchmarks/bench_appraisal.py [--repeat 5] [--draws 10000]

Prints wall times (best of N) for the whole mse-2016 appraisal (705 areas x 3 sites x 6
options) and for the Monte Carlo over weights two ways: icsplan's one matrix product over
all draws, and as the baseline in the same run pymcdm's weighted sum model called once per
draw.  Both must pick the same first option in every draw, or the benchmark fails.  The
ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse

import numpy as np

from icsplan.appraisal.appraise import appraise
from icsplan.appraisal.options import option_set
from icsplan.appraisal.scoring import check_weights, draw_weights, score_matrix
from icsplan.scenario import load_scenario
from timing import finish, measure, start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    from pymcdm.methods import WSM

    s = load_scenario("mse-2016")
    start("options appraisal, and the weight Monte Carlo against pymcdm per draw")
    timed = measure(args.repeat, lambda: appraise(s))
    result = timed.result
    print(f"mse-2016 appraisal (travel, access, flows, beds, economics, scores, "
          f"{option_set(s).parameters.weight_draws:,} weight draws): {timed.text()}")

    criteria = s.table("criteria")
    weights = check_weights(criteria["weight_pct"])
    names = [o.option for o in result.option_set.candidates]
    within = result.access[(result.access["service"] == "specialist_emergency")
                           & (result.access["locality"] == "all")].set_index("option")
    matrix = score_matrix(criteria, s.table("option_scores"), names,
                          within["within_30_pct"], result.economics.set_index("option")["eac_gbp"])
    m = matrix.to_numpy(float)
    sampled = draw_weights(weights, args.draws, 50.0, 2016)
    types = np.ones(m.shape[1], dtype=int)
    model = WSM(normalization_function=lambda x, cost: x)

    vec = measure(args.repeat, lambda: np.argmax(sampled @ m.T, axis=1))
    t_vec, first_vec = vec.median, vec.result
    loop = measure(args.repeat, lambda: np.array(
        [np.argmax(model(m, w, types, validation=False)) for w in sampled]))
    t_loop, first_loop = loop.median, loop.result
    if not np.array_equal(first_vec, first_loop):
        raise SystemExit("vectorised and pymcdm first options differ")
    print(f"weight Monte Carlo, {args.draws:,} draws x {len(names)} options: "
          f"matrix product {t_vec * 1e3:.2f} ms, pymcdm WSM per draw {t_loop * 1e3:.0f} ms, "
          f"ratio {t_loop / t_vec:,.0f}x (medians of {args.repeat} runs each)")
    finish()


if __name__ == "__main__":
    main()
