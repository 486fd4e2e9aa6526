"""Options as data: which services each option places at which site, and the method's numbers.

An option is a site configuration: for each service (specialist emergency hospital,
emergency centre, local emergency centre, elective centre, obstetric and children's centres)
the sites that offer it.  One option may be marked `current` (today's configuration): access,
activity and beds are compared against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Mapping

    from icsplan.scenario.model import Scenario

SERVICES = ("specialist_emergency", "emergency_centre", "local_emergency_centre",
            "elective_centre", "obstetric_centre", "childrens_centre")

@dataclass(frozen=True)
class Option:
    """One site configuration: the sites offering each service."""

    option: str
    name: str
    current: bool
    services: Mapping[str, tuple[str, ...]]

    def sites_offering(self, *services: str) -> tuple[str, ...]:
        """Sites offering any of `services` (sorted, no repeats)."""
        return tuple(sorted({s for svc in services for s in self.services.get(svc, ())}))


@dataclass(frozen=True)
class Parameters:
    """The appraisal method's numbers; defaults apply where a scenario gives none."""

    appraisal_years: int = 60
    optimism_bias_pct: float = 24.0
    fallback_fixed_minutes: float = 10.0
    detour_factor: float = 1.3
    road_speed_kmh: float = 80.0
    specialist_share_pct: float = 0.0
    transfer_rate_pct: float | None = None
    access_threshold_minutes: float = 30.0
    weight_draws: int = 10_000
    weight_concentration: float = 50.0
    seed: int = 2016


@dataclass(frozen=True)
class OptionSet:
    """All options of a scenario, its sites and its areas."""

    options: tuple[Option, ...]
    sites: pd.DataFrame
    areas: pd.DataFrame
    parameters: Parameters = field(default_factory=Parameters)

    @property
    def current(self) -> Option | None:
        """Today's configuration, if the scenario marks one."""
        return next((o for o in self.options if o.current), None)

    @property
    def candidates(self) -> tuple[Option, ...]:
        """The options being chosen between (all but today's)."""
        return tuple(o for o in self.options if not o.current)

    def get(self, option: str) -> Option:
        """An option by its code."""
        return next(o for o in self.options if o.option == option)


def read_parameters(table: pd.DataFrame) -> Parameters:
    """Parameters from an `appraisal_parameters` table (parameter, value)."""
    values: dict[str, float | int] = {}
    for rec in table.to_dict(orient="records"):
        name = rec["parameter"]
        whole = name in ("appraisal_years", "weight_draws", "seed")
        values[name] = int(rec["value"]) if whole else float(rec["value"])
    return Parameters(**values)  # type: ignore[arg-type]


def option_set(scenario: Scenario) -> OptionSet | None:
    """The scenario's options, or None when it has none (it is then not appraised)."""
    table = scenario.options
    if table.empty:
        return None
    services = scenario.option_services
    options = []
    for rec in table.to_dict(orient="records"):
        rows = services[services["option"] == rec["option"]]
        by_service = {svc: tuple(sorted(rows.loc[rows["service"] == svc, "site"]))
                      for svc in SERVICES if (rows["service"] == svc).any()}
        options.append(Option(rec["option"], rec["name"], bool(rec["current"]),
                              MappingProxyType(by_service)))
    return OptionSet(tuple(options), scenario.sites.reset_index(drop=True),
                     scenario.areas.reset_index(drop=True),
                     read_parameters(scenario.appraisal_parameters))
