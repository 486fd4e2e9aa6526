"""What a run driven by `--population` shows of the population pipeline's outputs: the
baseline it drives the model with, segment shares and the risk model's evaluation.

The caller (the command line, the app) loads it once with `load_population_summary`; stages
and the report only read the returned value, never the folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from icsplan.population.baselines import load_population_baseline

SEED_SHARES = {"high_risk": 5.0, "rising_risk": 24.0, "mostly_healthy": 71.0}  # 003, per 50k


@dataclass(frozen=True)
class PopulationSummary:
    """A population run's outputs, as the plan and its report use them."""

    source: str  # the folder's name, for the report
    baseline: pd.DataFrame  # columns of baseline.csv (suppressed cells left out)
    people: int | None  # people in the population run (None: not recorded)
    scale: float  # share of the scenario's population the input stands for (1 = all)
    segments: pd.DataFrame | None  # segment, per_50000, share_pct, seeds_share_pct
    auc: float | None  # risk model AUC on the evaluation period
    evaluation_period: str
    risk_terms: int
    calibration: pd.DataFrame | None  # decile, people, events, mean_predicted, observed_rate
    # (numbers; suppressed small counts and the rates computed from them are NaN)

    def share_of(self, scenario_population: float) -> float | None:
        """People in the run as a share of the scenario's registered population."""
        if not self.people or scenario_population <= 0:
            return None
        return self.people / scenario_population

    def is_partial(self, scenario_population: float, tolerance: float = 0.01) -> bool:
        """True when the run stands for a scaled or partial population (beyond 1%)."""
        share = self.share_of(scenario_population)
        return abs(self.scale - 1.0) > tolerance or (
            share is not None and abs(share - 1.0) > tolerance)


def segment_shares(segments: pd.DataFrame) -> pd.DataFrame:
    """System shares of each segment (suppressed '*' cells left out) beside the seeds'."""
    people = pd.to_numeric(segments["people"], errors="coerce")  # '*' = suppressed
    shares = people.groupby(segments["segment"]).sum()
    return pd.DataFrame({
        "segment": shares.index,
        "per_50000": (50_000 * shares / shares.sum()).round(0),
        "share_pct": (100 * shares / shares.sum()).round(1),
        "seeds_share_pct": [SEED_SHARES.get(s, float("nan")) for s in shares.index]})


def load_population_summary(folder: str | Path) -> PopulationSummary:
    """Read the outputs of `icsplan population run` in `folder` (baseline validated)."""
    folder = Path(folder)
    baseline = load_population_baseline(folder)
    seg_path = folder / "segments.csv"
    segments = None
    if seg_path.is_file():
        segments = segment_shares(pd.read_csv(seg_path, dtype={"people": str}))
    model_path = folder / "risk_model.json"
    auc, period, terms, calibration = None, "", 0, None
    if model_path.is_file():
        model = json.loads(model_path.read_text())
        evaluation = model.get("evaluation", {})
        auc = evaluation.get("auc")
        period = str(evaluation.get("evaluation_period", ""))
        terms = len(model.get("coefficients", {}))
        calib = pd.DataFrame(model.get("calibration", []))
        for col in ("people", "events", "mean_predicted", "observed_rate"):
            if col in calib:  # '*' marks a suppressed small number: never reaches arithmetic
                calib[col] = pd.to_numeric(calib[col], errors="coerce")
        calibration = None if calib.empty else calib
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    people = manifest.get("people")
    return PopulationSummary(source=folder.name, baseline=baseline,
                             people=int(people) if people is not None else None,
                             scale=float(manifest.get("scale", 1.0)), segments=segments,
                             auc=auc, evaluation_period=period, risk_terms=terms,
                             calibration=calibration)
