"""Scenarios: the inputs of a plan — the type (model), its tables (tables, schema), the rules
across tables (checks), folders (folder) and Excel workbooks (excel)."""

from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.folder import builtin_names, load_scenario, resolve, save_scenario
from icsplan.scenario.model import Scenario
from icsplan.scenario.tables import TABLES, TableSpec

__all__ = ["Problem", "Scenario", "ScenarioError", "TABLES", "TableSpec", "builtin_names",
           "load_scenario", "resolve", "save_scenario"]
