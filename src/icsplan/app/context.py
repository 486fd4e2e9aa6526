"""What every page of one running app shares: the scenario, its base plan, the plan cache,
the store (scenario versions, the register) and the users who may write."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from icsplan.app.compute import PlanCache
from icsplan.run_options import RunOptions

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from icsplan.delivery.actuals import Actuals
    from icsplan.pipeline import Plan
    from icsplan.population.summary import PopulationSummary
    from icsplan.scenario.model import Scenario

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """The app's state on the server (one per app; pages only read it)."""

    scenario: Scenario
    engine: Engine | None = None  # the store; None runs the app without saved versions
    users: dict[str, str] | None = None  # name -> Argon2 hash; None: no login needed
    users_file: str | None = None  # re-read on every write (a removed user cannot write)
    population: PopulationSummary | None = None
    population_folder: str | None = None
    actuals: Actuals | None = None  # delivery actuals: the base plan tracks its KPIs
    cache: PlanCache = field(default_factory=PlanCache)
    # the Delivery page's tracking of --actuals and the register's actuals (app/tracking.py)
    tracking_cache: dict = field(default_factory=dict, repr=False)
    _versions: dict[int, Scenario] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """What-if plans run on the same baseline as the base plan (a population's, if any)."""
        self.cache.population = self.population

    @cached_property
    def base_plan(self) -> Plan:
        """The plan of the scenario as loaded, with its reconciliation."""
        from icsplan.appraisal.reference import road_minutes_for
        from icsplan.pipeline import run_plan

        return run_plan(self.scenario, population=self.population, actuals=self.actuals,
                        road_minutes=road_minutes_for(self.scenario))

    @cached_property
    def whatif_base(self) -> Plan:
        """The base plan as the what-if page compares it (cached like every what-if)."""
        return self.cache.plan(self.scenario, RunOptions.whatif())

    @property
    def login_required(self) -> bool:
        """True when writes need a logged-in user."""
        return self.users is not None

    def transaction(self, author: str):
        """A store transaction by `author` (the store must be configured)."""
        from icsplan.register import transaction

        assert self.engine is not None, "no store configured"
        return transaction(self.engine, author=author)

    def version_scenario(self, version: str | int) -> Scenario:
        """A saved version as a scenario ("base" is the scenario as loaded); versions never
        change once saved, so each is loaded once."""
        if version in (None, "", "base"):
            return self.scenario
        key = int(version)
        cached = self._versions.get(key)
        if cached is None:
            from icsplan.register import load_version

            with self.transaction("reader") as session:
                cached = load_version(session, key)
            self._versions[key] = cached
        return cached

    def version_info(self, version: str | int):
        """A saved version's `VersionInfo` (author, message, parent, levers); None for the
        scenario as loaded."""
        if version in (None, "", "base"):
            return None
        from icsplan.register.versions import version_info

        with self.transaction("reader") as session:
            return version_info(session, int(version))

    def version_levers(self, version: str | int):
        """The what-if levers a version was saved with (`Levers`, investment level included):
        the scenario's own for "base"; None for a version saved without levers."""
        from icsplan.app.levers import base_levers, levers_from_dict

        info = self.version_info(version)
        if info is None:
            return base_levers(self.scenario)
        return None if info.levers is None else levers_from_dict(self.scenario, info.levers)

    def version_plan(self, version: str | int):
        """A version's plan as it was saved: its scenario at its own investment level."""
        levers = self.version_levers(version)
        level = levers.investment_level if levers is not None else 1.0
        return self.cache.plan(self.version_scenario(version), RunOptions.whatif(level))

    def version_files(self, version: str | int) -> dict[str, str]:
        """A version's scenario folder files (relative path -> text)."""
        from icsplan.register.versions import scenario_files, version_files

        if version in (None, "", "base"):
            return scenario_files(self.scenario)
        with self.transaction("reader") as session:
            return version_files(session, int(version))
