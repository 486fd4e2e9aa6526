"""The generic back test: published figures against output tables with tolerances, statuses
and notes as data, so a second system's plan is reconciled without new code."""

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.backtest.findings import Finding
from icsplan.backtest.generic import (
    ReconcileSpecError,
    apply_expectations,
    generic_findings,
    parse_where,
)
from icsplan.cli import app

OUTPUTS = {"org_budgets": pd.DataFrame({
    "org": ["north", "south", "south"], "year": ["2024/25", "2024/25", "2025/26"],
    "allocation_gbp": [100_000.0, 250_000.0, 260_000.0],
    "surplus_gbp": [1_000.0, -2_000.0, 0.0]})}


def spec(*rows):
    cols = ["table", "item", "published", "output", "where", "column", "scale", "tolerance",
            "expected", "note", "source"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


@pytest.mark.unit
def test_figures_match_differ_or_contradict_as_the_data_says():
    found = generic_findings(spec(
        ("plan", "north allocation (£k)", 100, "org_budgets", "org=north", "allocation_gbp",
         1000, 0.5, "", "", "p.1"),
        ("plan", "south allocation 2025/26 (£k)", 259, "org_budgets",
         "org=south;year=2025/26", "allocation_gbp", 1000, 0.5, "", "a note", "p.2"),
        ("plan", "all surpluses (£)", 0, "org_budgets", "", "surplus_gbp", None, 10,
         "inconsistent", "the parts do not add up", "p.3")), OUTPUTS)
    assert [(f.status, f.recomputed, f.note) for f in found] == [
        ("match", 100.0, ""), ("differs", 260.0, "a note"),
        ("inconsistent", -1000.0, "the parts do not add up")]


@pytest.mark.unit
def test_activity_outputs_are_skipped_when_activity_is_not_comparable():
    rows = spec(("plan", "x", 1, "activity_summary", "", "planned", 1, 0, "", "", "s"))
    assert generic_findings(rows, {"activity_summary": pd.DataFrame({"planned": [1.0]})},
                            activity_comparable=False) == []


@pytest.mark.unit
def test_a_bad_filter_or_column_is_refused():
    with pytest.raises(ReconcileSpecError):
        parse_where("org:north")
    with pytest.raises(ReconcileSpecError, match="no column 'colour'"):
        generic_findings(spec(("t", "i", 1, "org_budgets", "colour=red", "allocation_gbp", 1,
                               0, "", "", "s")), OUTPUTS)


@pytest.mark.unit
def test_expectations_give_status_and_note_only_to_findings_that_do_not_match():
    findings = [Finding("t", "a", 1.0, 1.0, 0.1, "match"),
                Finding("t", "b", 1.0, 2.0, 0.1, "differs")]
    rules = pd.DataFrame([{"table": "t", "item": "a", "expected": "inconsistent", "note": "x"},
                          {"table": "t", "item": "b", "expected": "inconsistent",
                           "note": "the seeds disagree"}])
    got = apply_expectations(findings, rules)
    assert [(f.status, f.note) for f in got] == [("match", ""),
                                                ("inconsistent", "the seeds disagree")]


@pytest.mark.functional
def test_a_second_plan_is_reconciled_from_data_alone(scenario_copy):
    """Another system's published figures and arithmetic: tables only, no Python."""
    published = scenario_copy / "published"
    shutil.rmtree(published)
    published.mkdir()
    (published / "reconcile.csv").write_text(
        "table,item,published,output,where,column,scale,tolerance,expected,note,source\n"
        "Second plan: budgets,allocation (£k),275220,org_budgets,"
        "org=castle_point_rochford;year=2019/20,allocation_gbp,1000,0.5,,,p. 7\n"
        "Second plan: budgets,surplus (£k),600,org_budgets,"
        "org=castle_point_rochford;year=2019/20,surplus_gbp,1000,0.5,inconsistent,"
        "the plan's surplus is its own rounding,p. 7\n")
    (published / "forensic_figures.csv").write_text(
        "figure,printed,unit,seed,section,note,precision\n"
        "income,\"1,200\",£k,second plan,p. 3,income,\n"
        "spend,\"1,150\",£k,second plan,p. 3,spend,\n"
        "surplus,500,£k,second plan,p. 3,surplus (printed ten times too big),\n")
    (published / "forensic_rules.csv").write_text(
        "rule,kind,check,tolerance,section,description,expected,note\n"
        "surplus,net,surplus = income - spend,,p. 3,surplus = income - spend,fail,\n")
    result = CliRunner().invoke(app, ["check", str(scenario_copy), "--all"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "match Second plan: budgets: allocation (£k)" in text
    assert "inconsistent Second plan: budgets: surplus (£k)" in text
    assert "the plan's surplus is its own rounding" in text
    assert "surplus printed 500 read as 50.0 (misplaced decimal" in text
    assert "003 system activity table" not in text
