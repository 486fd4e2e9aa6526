"""Scenarios: the inputs of a plan, validated (schema), loaded and saved (io)."""

from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.io import (
    TABLES,
    Scenario,
    builtin_names,
    export_excel,
    import_excel,
    load_scenario,
    save_scenario,
)

__all__ = ["Problem", "Scenario", "ScenarioError", "TABLES", "builtin_names", "export_excel",
           "import_excel", "load_scenario", "save_scenario"]
