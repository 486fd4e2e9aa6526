"""The `Scenario` type: a plan's inputs held in memory, a plain immutable value (no file
I/O, no rules: `scenario.build` builds and checks one).

Folders are read and written by `scenario.folder`, workbooks by `scenario.excel`; the app,
the store and Monte Carlo use this type without either.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from icsplan.scenario.schema import Initiative, ScenarioMeta
from icsplan.scenario.tables import TABLES
from icsplan.scenario.views import TableViews


@dataclass(frozen=True)
class Scenario(TableViews):
    """A scenario: its metadata, its tables (DataFrames; typed views by name from
    `TableViews`, e.g. `scenario.growth`) and its initiatives."""

    meta: ScenarioMeta
    tables: dict[str, pd.DataFrame]
    initiatives: tuple[Initiative, ...]
    path: Path | None = None
    published: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The scenario's short name (e.g. `mse-2016`)."""
        return self.meta.name

    @property
    def years(self) -> list[str]:
        """Financial years from the base year to the horizon, e.g. `2015/16`."""
        return self.meta.years

    def table(self, name: str) -> pd.DataFrame:
        """A table by name; an empty frame with the right columns when it is optional."""
        if name in self.tables:
            return self.tables[name]
        return pd.DataFrame(columns=TABLES[name].columns)

    @property
    def has_demand_model(self) -> bool:
        """Whether the scenario models activity (localities, baseline, growth, unit costs);
        a programme, finance and KPI plan has none."""
        return "baseline" in self.tables

    @property
    def localities(self) -> pd.DataFrame:
        """The localities table (locality, ccg, population, ...)."""
        return self.table("localities")

    @property
    def baseline(self) -> pd.DataFrame:
        """Base-year activity by locality, pod, age band and segment."""
        return self.table("baseline")

    def content_hash(self) -> str:
        """SHA-256 of the scenario's inputs, stable across machines and load paths.

        Computed once per scenario: a Scenario is immutable (changes go through `replace`,
        which makes a new one), so its hash cannot change.
        """
        cached = self.__dict__.get("_content_hash")
        if cached is None:
            cached = self._hash()
            object.__setattr__(self, "_content_hash", cached)
        return cached

    def _hash(self) -> str:
        h = hashlib.sha256()
        h.update(self.meta.model_dump_json().encode())
        for name in sorted(self.tables):
            h.update(name.encode())
            h.update(self.tables[name].to_csv(index=False, lineterminator="\n").encode())
        for ini in self.initiatives:
            h.update(ini.model_dump_json().encode())
        return h.hexdigest()

    def replace(self, **changes: object) -> Scenario:
        """A copy with some fields replaced (tables, initiatives, meta), not checked: use
        `scenario.build.revise` for a copy the rules across tables check."""
        values = {"meta": self.meta, "tables": self.tables, "initiatives": self.initiatives,
                  "path": self.path, "published": self.published, **changes}
        return Scenario(**values)  # type: ignore[arg-type]
