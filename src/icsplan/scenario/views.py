"""Typed views of a scenario's tables: one named property per registered table, so a stage
reads `scenario.growth` (a DataFrame with the row model's columns; an empty one when an
optional table is absent) instead of `scenario.tables["growth"]`.

`Scenario.tables[...]` and `Scenario.table(name)` still work for generic code (writers,
hashing, a new stage before its view is added here).  A new table: its row model and
`TableSpec` in `scenario.tables`, then one property here.
"""

from __future__ import annotations

import pandas as pd


class TableViews:
    """The scenario's tables by name (mixed into `Scenario`, which provides `table`)."""

    def table(self, name: str) -> pd.DataFrame:  # pragma: no cover - provided by Scenario
        """A table by name (see `Scenario.table`)."""
        raise NotImplementedError

    @property
    def ccgs(self) -> pd.DataFrame:
        """ccgs.csv."""
        return self.table("ccgs")

    @property
    def growth(self) -> pd.DataFrame:
        """growth.csv."""
        return self.table("growth")

    @property
    def unit_costs(self) -> pd.DataFrame:
        """unit_costs.csv."""
        return self.table("unit_costs")

    @property
    def targets(self) -> pd.DataFrame:
        """targets.csv; empty when the scenario has none."""
        return self.table("targets")

    @property
    def initiative_finance(self) -> pd.DataFrame:
        """initiative_finance.csv; empty when the scenario has none."""
        return self.table("initiative_finance")

    @property
    def investments(self) -> pd.DataFrame:
        """investments.csv; empty when the scenario has none."""
        return self.table("investments")

    @property
    def workforce(self) -> pd.DataFrame:
        """workforce.csv; empty when the scenario has none."""
        return self.table("workforce")

    @property
    def primary_care(self) -> pd.DataFrame:
        """primary_care.csv; empty when the scenario has none."""
        return self.table("primary_care")

    @property
    def channel_shift(self) -> pd.DataFrame:
        """channel_shift.csv; empty when the scenario has none."""
        return self.table("channel_shift")

    @property
    def bridge(self) -> pd.DataFrame:
        """bridge.csv; empty when the scenario has none."""
        return self.table("bridge")

    @property
    def org_budgets(self) -> pd.DataFrame:
        """org_budgets.csv; empty when the scenario has none."""
        return self.table("org_budgets")

    @property
    def qipp_targets(self) -> pd.DataFrame:
        """qipp_targets.csv; empty when the scenario has none."""
        return self.table("qipp_targets")

    @property
    def qipp_schemes(self) -> pd.DataFrame:
        """qipp_schemes.csv; empty when the scenario has none."""
        return self.table("qipp_schemes")

    @property
    def kpi_measures(self) -> pd.DataFrame:
        """kpi_measures.csv; empty when the scenario has none."""
        return self.table("kpi_measures")

    @property
    def kpi_trajectories(self) -> pd.DataFrame:
        """kpi_trajectories.csv; empty when the scenario has none."""
        return self.table("kpi_trajectories")

    @property
    def sites(self) -> pd.DataFrame:
        """sites.csv; empty when the scenario has none."""
        return self.table("sites")

    @property
    def areas(self) -> pd.DataFrame:
        """areas.csv; empty when the scenario has none."""
        return self.table("areas")

    @property
    def options(self) -> pd.DataFrame:
        """options.csv; empty when the scenario has none."""
        return self.table("options")

    @property
    def option_services(self) -> pd.DataFrame:
        """option_services.csv; empty when the scenario has none."""
        return self.table("option_services")

    @property
    def option_costs(self) -> pd.DataFrame:
        """option_costs.csv; empty when the scenario has none."""
        return self.table("option_costs")

    @property
    def criteria(self) -> pd.DataFrame:
        """criteria.csv; empty when the scenario has none."""
        return self.table("criteria")

    @property
    def option_scores(self) -> pd.DataFrame:
        """option_scores.csv; empty when the scenario has none."""
        return self.table("option_scores")

    @property
    def appraisal_parameters(self) -> pd.DataFrame:
        """appraisal_parameters.csv; empty when the scenario has none."""
        return self.table("appraisal_parameters")

    @property
    def intervals(self) -> pd.DataFrame:
        """intervals.csv; empty when the scenario has none."""
        return self.table("intervals")

    @property
    def length_of_stay(self) -> pd.DataFrame:
        """length_of_stay.csv; empty when the scenario has none."""
        return self.table("length_of_stay")

    @property
    def acute_trusts(self) -> pd.DataFrame:
        """acute_trusts.csv; empty when the scenario has none."""
        return self.table("acute_trusts")

    @property
    def population_projections(self) -> pd.DataFrame:
        """population_projections.csv; empty when the scenario has none."""
        return self.table("population_projections")

    @property
    def non_demographic_growth(self) -> pd.DataFrame:
        """non_demographic_growth.csv; empty when the scenario has none."""
        return self.table("non_demographic_growth")

    @property
    def peer_rates(self) -> pd.DataFrame:
        """peer_rates.csv; empty when the scenario has none."""
        return self.table("peer_rates")

    @property
    def locality_rates(self) -> pd.DataFrame:
        """locality_rates.csv; empty when the scenario has none."""
        return self.table("locality_rates")
