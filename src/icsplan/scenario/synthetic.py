"""Synthetic scenarios of any size, for benchmarks and tests (no real data)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import Effect, Initiative, ScenarioMeta
from icsplan.vocabulary import ACUTE_PODS
from icsplan.vocabulary import SEGMENTS as RISK_SEGMENTS

PODS = list(ACUTE_PODS)
SEGMENTS = list(RISK_SEGMENTS)


def age_bands(n: int) -> list[str]:
    """N five-year age bands from 0-4 upwards, the last open-ended ("95+" for n = 20)."""
    return [f"{5 * i}-{5 * i + 4}" for i in range(n - 1)] + [f"{5 * (n - 1)}+"]


def national_scenario(systems: int = 42, localities: int = 30, bands: int = 20,
                      base_year: str = "2015/16", horizon: str = "2020/21",
                      seed: int = 0) -> Scenario:
    """A seeded national-scale scenario: systems x localities x 5 pods x bands x 3 segments."""
    rng = np.random.default_rng(seed)
    ccgs = [f"system_{i:02d}" for i in range(systems)]
    locs = [f"{c}_loc_{j:02d}" for c in ccgs for j in range(localities)]
    ages = age_bands(bands)
    idx = pd.MultiIndex.from_product([locs, PODS, ages, SEGMENTS],
                                     names=["locality", "pod", "age_band", "segment"])
    baseline = idx.to_frame(index=False)
    baseline["activity"] = rng.gamma(2.0, 50.0, len(baseline)).round(1)
    baseline["source"] = "synthetic"
    growth = pd.DataFrame({"pod": PODS, "locality": "", "annual_growth_pct":
                           [2.3, 3.3, 3.3, 2.3, 3.3], "source": "synthetic"})
    local = pd.DataFrame({"pod": "non_elective", "locality": locs[::7],
                          "annual_growth_pct": rng.uniform(1.5, 3.0, len(locs[::7])).round(2),
                          "source": "synthetic"})
    phasing = {"2016/17": 0.0, "2017/18": 0.25, "2018/19": 0.5, "2019/20": 0.75, "2020/21": 1.0}
    old = [a for a in ages if int(a.rstrip("+").split("-")[0]) >= 75]
    initiatives = (
        Initiative(id="frailty", name="Frailty", source="synthetic", phasing=phasing, effects=[
            Effect(pod="non_elective", reduction_pct=11, age_bands=old,
                   segments=["high_risk"], source="synthetic")]),
        Initiative(id="ltc", name="Long-term conditions", source="synthetic", phasing=phasing,
                   effects=[Effect(pod="non_elective", reduction_pct=3,
                                   segments=["rising_risk"], source="synthetic"),
                            Effect(pod="outpatient", reduction_pct=5, mode="shift",
                                   source="synthetic")]),
        Initiative(id="pathways", name="Pathways", source="synthetic", phasing=phasing,
                   effects=[Effect(pod="outpatient", reduction_pct=11, mode="shift",
                                   source="synthetic"),
                            Effect(pod="elective", reduction_pct=3.4, source="synthetic")]),
        Initiative(id="urgent_care", name="Urgent care", source="synthetic", phasing=phasing,
                   effects=[Effect(pod="ae", reduction_pct=13, source="synthetic")]),
    )
    tables = {
        "ccgs": pd.DataFrame({"ccg": ccgs, "name": ccgs, "source": "synthetic"}),
        "localities": pd.DataFrame({"locality": locs, "name": locs,
                                    "ccg": [c for c in ccgs for _ in range(localities)],
                                    "population": rng.integers(20_000, 80_000, len(locs)),
                                    "archetype": "", "source": "synthetic"}),
        "baseline": baseline,
        "growth": pd.concat([growth, local], ignore_index=True),
        "unit_costs": pd.DataFrame({"pod": PODS, "cost_gbp": [140, 4450, 690, 2860, 190],
                                    "source": "synthetic"}),
    }
    meta = ScenarioMeta(name="national-synthetic", title="Synthetic national scenario",
                        base_year=base_year, horizon=horizon, pods=PODS)
    return Scenario(meta=meta, tables=tables, initiatives=initiatives)
