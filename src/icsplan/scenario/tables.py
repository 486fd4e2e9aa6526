"""The registry of a scenario's CSV tables: each table's file, row model and whether it is
required.  Every stage registers its tables here; nothing in this module reads a file."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from icsplan.scenario.appraisal_schema import APPRAISAL_TABLES
from icsplan.scenario.delivery_schema import DELIVERY_PUBLISHED, DELIVERY_TABLES
from icsplan.scenario.finance_schema import FINANCE_TABLES
from icsplan.scenario.forecast_schema import FORECAST_TABLES
from icsplan.scenario.forensics_schema import FORENSICS_PUBLISHED, RECONCILE_PUBLISHED
from icsplan.scenario.programme_schema import PROGRAMME_TABLES
from icsplan.scenario.published_schema import PUBLISHED_TABLES as PUBLISHED_MODELS
from icsplan.scenario.schema import (
    BaselineRow,
    CcgRow,
    GrowthRow,
    LocalityRow,
    TargetRow,
    UnitCostRow,
)
from icsplan.scenario.uncertainty_schema import UNCERTAINTY_TABLES


@dataclass(frozen=True)
class TableSpec:
    """A CSV table of a scenario: its file, row model and whether it must be present."""

    name: str
    model: type[BaseModel]
    required: bool = True
    published: bool = False  # a published table (under published/ in a folder)

    @property
    def table(self) -> str:
        """The table as problems name it: its name, or `published/<name>`."""
        return f"published/{self.name}" if self.published else self.name

    @property
    def file(self) -> str:
        """The file a folder holds it in."""
        return f"{self.table}.csv"

    @property
    def columns(self) -> list[str]:
        """The table's columns, in order."""
        return list(self.model.model_fields)


# The demand model's tables: a scenario gives all four or none (a programme, finance and KPI
# plan such as mse-2019 has no activity model); `scenario.rules.core` enforces it.
DEMAND_MODEL = ("localities", "baseline", "growth", "unit_costs")
# The CSV tables of a scenario.  Other stages (finance, delivery, ...) register theirs here.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("ccgs", CcgRow),
        TableSpec("localities", LocalityRow, required=False),
        TableSpec("baseline", BaselineRow, required=False),
        TableSpec("growth", GrowthRow, required=False),
        TableSpec("unit_costs", UnitCostRow, required=False),
        TableSpec("targets", TargetRow, required=False),
    )
}
# Financial tables (optional, so scenarios without money stay valid).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in FINANCE_TABLES.items()})
# Delivery tables: the KPIs tracked and their trajectories (optional).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in DELIVERY_TABLES.items()})
# Programme tables: programmes, milestones, risks, costs and benefits (optional).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in PROGRAMME_TABLES.items()})
# Options-appraisal tables (optional: a scenario is appraised when it has options.csv).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in APPRAISAL_TABLES.items()})

# Published tables (under published/): the figures of the source documents the back tests
# reconcile.  Stages register theirs here too; a published table no back test reads is an error.
PUBLISHED: dict[str, TableSpec] = {
    name: TableSpec(name, model, required=False, published=True)
    for name, model in {**PUBLISHED_MODELS, **DELIVERY_PUBLISHED, **FORENSICS_PUBLISHED,
                        **RECONCILE_PUBLISHED}.items()
}
# Uncertainty, capacity, demography and peer tables (optional).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in UNCERTAINTY_TABLES.items()})
# Forecast tables: trusts' ODS codes and the register's signals as a plain table (optional).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in FORECAST_TABLES.items()})
