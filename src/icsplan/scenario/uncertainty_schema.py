"""Row models of the uncertainty, capacity, demography and peer tables (all optional).

* `intervals.csv`: 10th-90th percentile of a growth rate, an initiative effect or a phasing
  delay, with its distribution (model.uncertainty);
* `length_of_stay.csv`: mean length of stay by pod and age band (model.capacity);
* `acute_trusts.csv`: each CCG's share of admissions by acute trust (capacity by trust);
* `population_projections.csv` and `non_demographic_growth.csv`: demographic growth by age
  band (and sex) times non-demographic growth per pod (model.demography);
* `peer_rates.csv` and `locality_rates.csv`: standardised activity ratios and peer benchmarks
  for the distance-to-peer allocation (targets.peer).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from icsplan.scenario.schema import FinancialYear, Pod, Strict


class IntervalRow(Strict):
    """An uncertain input: its 10th and 90th percentiles under a stated distribution.

    growth: pod, annual growth in percent; effect: initiative and pod, reduction in percent
    of momentum; delay: initiative, years by which its phasing slips.
    """

    kind: Literal["growth", "effect", "delay"]
    pod: str = ""
    initiative: str = ""
    distribution: Literal["normal", "lognormal", "logitnormal"] = "normal"
    p10: float
    p90: float
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> IntervalRow:
        if not self.p10 < self.p90:
            raise ValueError(f"p10 ({self.p10}) must be below p90 ({self.p90})")
        if self.distribution == "lognormal" and self.p10 <= 0:
            raise ValueError(f"a lognormal interval needs p10 above 0; got {self.p10}")
        if self.distribution == "logitnormal" and not (self.p10 > 0 and self.p90 < 100):
            raise ValueError("a logitnormal interval is a share in percent: p10 and p90 must "
                             f"lie strictly between 0 and 100; got {self.p10} and {self.p90}")
        if self.kind == "delay" and self.distribution == "logitnormal":
            raise ValueError("a delay is in years, not a share: use normal or lognormal")
        needs = {"growth": (True, False), "effect": (True, True), "delay": (False, True)}
        pod, initiative = needs[self.kind]
        if pod != bool(self.pod):
            raise ValueError(f"a {self.kind} interval {'needs' if pod else 'takes no'} pod")
        if initiative != bool(self.initiative):
            raise ValueError(f"a {self.kind} interval "
                             f"{'needs' if initiative else 'takes no'} initiative")
        return self


class LengthOfStayRow(Strict):
    """Mean length of stay (days) of an admission in a pod and age band ("all": every band)."""

    pod: Pod
    age_band: str = "all"
    mean_los_days: float = Field(ge=0, le=365)
    source: str = Field(min_length=1)


class AcuteTrustRow(Strict):
    """The share (0-1) of a CCG's admissions treated by one acute trust."""

    ccg: str
    trust: str = Field(min_length=1)
    share: float = Field(gt=0, le=1)
    source: str = Field(min_length=1)


class PopulationProjectionRow(Strict):
    """Projected people of an area (empty: the system; or a ccg or locality) by age band."""

    area: str = ""
    age_band: str
    sex: Literal["", "female", "male"] = ""
    year: FinancialYear
    population: float = Field(ge=0)
    source: str = Field(min_length=1)


class NonDemographicGrowthRow(Strict):
    """Growth per year (percent) of a pod beyond demography (with population_projections)."""

    pod: Pod
    annual_growth_pct: float = Field(ge=-50, le=100)
    source: str = Field(min_length=1)


class PeerRateRow(Strict):
    """A CCG's activity for a pod: expected activity (people x reference age-specific rates,
    a year), its standardised ratio (observed / expected) and its peers' benchmark ratio."""

    ccg: str
    pod: Pod
    expected_activity: float = Field(ge=0)
    standardised_ratio: float = Field(ge=0)
    peer_ratio: float = Field(ge=0)
    source: str = Field(min_length=1)


class LocalityRateRow(Strict):
    """A locality's expected activity for a pod and its standardised ratio."""

    locality: str
    pod: Pod
    expected_activity: float = Field(ge=0)
    standardised_ratio: float = Field(ge=0)
    source: str = Field(min_length=1)


UNCERTAINTY_TABLES = {
    "intervals": IntervalRow,
    "length_of_stay": LengthOfStayRow,
    "acute_trusts": AcuteTrustRow,
    "population_projections": PopulationProjectionRow,
    "non_demographic_growth": NonDemographicGrowthRow,
    "peer_rates": PeerRateRow,
    "locality_rates": LocalityRateRow,
}
