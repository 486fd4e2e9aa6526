"""Bad financial inputs give one clear problem each (file, line, field) and no output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from icsplan.scenario.errors import ScenarioError
from icsplan.scenario.folder import load_scenario

pytestmark = pytest.mark.unit


def edit(folder: Path, table: str, row: int, column: str, value: object) -> None:
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(folder / f"{table}.csv", index=False)


def only_problem(folder: Path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_negative_cost_per_fte(scenario_copy: Path) -> None:
    edit(scenario_copy, "workforce", 2, "cost_per_fte_gbp", "-50000")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("workforce.csv", 4, "cost_per_fte_gbp")
    assert "greater than or equal to 0" in p.message


def test_bridge_step_without_value(scenario_copy: Path) -> None:
    edit(scenario_copy, "bridge", 16, "value_gbp", "")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("bridge.csv", 18, "value_gbp")
    assert "Total STF allocation" in p.message and "has no value" in p.message


def test_qipp_scheme_with_unknown_status(scenario_copy: Path) -> None:
    edit(scenario_copy, "qipp_schemes", 0, "status", "done")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("qipp_schemes.csv", 2, "status")
    assert "'delivered', 'in_progress' or 'scoping'" in p.message and "(got 'done')" in str(p)


def test_unknown_initiative_in_finance_inputs(scenario_copy: Path) -> None:
    edit(scenario_copy, "initiative_finance", 1, "initiative", "long_term_conditions")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("initiative_finance.csv", 3, "initiative")
    assert "unknown initiative 'long_term_conditions'" in p.message


def test_initiative_counted_twice_in_bridge(scenario_copy: Path) -> None:
    edit(scenario_copy, "bridge", 9, "initiatives", "specialty_pathway_redesign;ltc")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("bridge.csv", 11, "initiatives")
    assert "already counted" in p.message


def test_workforce_line_must_be_an_investment_line(scenario_copy: Path) -> None:
    edit(scenario_copy, "workforce", 0, "line", "gp_workforce")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("workforce.csv", 2, "line")


def test_stranded_share_above_one(scenario_copy: Path) -> None:
    edit(scenario_copy, "initiative_finance", 0, "stranded_share", "1.5")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("initiative_finance.csv", 2, "stranded_share")


def test_scenario_without_finance_tables_is_valid(scenario_copy: Path) -> None:
    for name in ("initiative_finance", "investments", "workforce", "primary_care",
                 "channel_shift", "bridge", "org_budgets", "qipp_targets", "qipp_schemes"):
        (scenario_copy / f"{name}.csv").unlink()
    s = load_scenario(scenario_copy)
    assert "bridge" not in s.tables


def test_investment_year_outside_the_scenario(scenario_copy: Path) -> None:
    edit(scenario_copy, "investments", 0, "year", "2024/25")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("investments.csv", 2, "year")
    assert "outside" in p.message


def test_qipp_scheme_for_unknown_org(scenario_copy: Path) -> None:
    edit(scenario_copy, "qipp_schemes", 3, "org", "castle_point")
    p = only_problem(scenario_copy)
    assert (p.file, p.row, p.field) == ("qipp_schemes.csv", 5, "org")
