"""A synthetic RTT system with a fixed seed, for tests, demos and the benchmark.

Each series (provider x specialty) has its own referral level and treatment rates; patients
move through compartments month by month as whole people: of a compartment's inflow n,
Binomial(n, capacity rate) are treated and Binomial(rest, renege rate / (1 - capacity
rate)) renege, the rest wait another month.  So the counts obey the model's identities
exactly and calibration recovers the rates up to sampling noise.  The rate profiles are
illustrative (shaped like national RTT data: most clock stops in the first months, a few
per cent of reneges a month), not published figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.waiting_list.data import RttCounts

SEED = 2016
TREATMENT = (0.16, 0.24, 0.22, 0.20, 0.18, 0.16, 0.15, 0.14, 0.13, 0.13, 0.12, 0.12, 0.12)
RENEGE = (0.04, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02)
WARM_UP = 48


def rate_profile(values: tuple[float, ...], k: int) -> np.ndarray:
    """A profile of K+1 rates, its last value carried on past its length."""
    out = np.full(k + 1, values[-1])
    n = min(len(values), k + 1)
    out[:n] = values[:n]
    return out


def synthetic_rtt(providers: int = 3, specialties: int = 4, months: int = 24, k: int = 24,
                  referrals: float = 400.0, seed: int = SEED, start: str = "2016-04-01"
                  ) -> RttCounts:
    """Counts for providers x specialties series over `months` months (the first is the
    opening list), compartments 0..K, about `referrals` clock starts a month per series."""
    rng = np.random.default_rng(seed)
    n = providers * specialties
    series = pd.DataFrame({
        "provider": np.repeat([f"P{i + 1:03d}" for i in range(providers)], specialties),
        "specialty": np.tile([f"C_{100 + 10 * j}" for j in range(specialties)], providers)})
    level = referrals * rng.lognormal(0.0, 0.5, n)
    treat = np.clip(rate_profile(TREATMENT, k)[None] * rng.lognormal(0.0, 0.12, (n, 1)),
                    0.0, 0.9)
    renege = np.clip(rate_profile(RENEGE, k)[None] * rng.lognormal(0.0, 0.2, (n, 1)), 0.0, 0.2)
    keep = np.clip(renege / (1.0 - treat), 0.0, 1.0)
    stock = np.zeros((n, k + 1), dtype=np.int64)
    total = WARM_UP + months
    refs = np.zeros((n, months))
    comp = np.zeros((n, months, k + 1))
    inc = np.zeros((n, months, k + 1))
    for t in range(total):
        arrivals = rng.poisson(level * (1.0 + 0.05 * np.sin(2 * np.pi * t / 12)))
        inflow = np.empty_like(stock)
        inflow[:, 0] = arrivals
        inflow[:, 1:-1] = stock[:, :-2]
        inflow[:, -1] = stock[:, -2] + stock[:, -1]
        treated = rng.binomial(inflow, treat)
        reneged = rng.binomial(inflow - treated, keep)
        stock = inflow - treated - reneged
        if t >= WARM_UP:
            i = t - WARM_UP
            refs[:, i], comp[:, i], inc[:, i] = arrivals, treated, stock
    periods = pd.date_range(start, periods=months, freq="MS")
    return RttCounts(series, periods, refs, comp, inc, f"synthetic (seed {seed})")
