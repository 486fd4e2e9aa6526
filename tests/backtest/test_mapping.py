"""The reconciliation's mapping as data: each kind of published/reconcile.csv row (a figure
repeated over a table, an expression of aggregated columns, a published side added up from a
table, narrowed aggregations, lists, rounding, notes quoting the figures), the small
expression language refusing anything else, one plain problem per bad cell, and an invented
plan with its own published tables reconciled with no new code."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from icsplan.backtest import expression as ex
from icsplan.backtest.generic import COLUMNS, ReconcileSpecError, generic_findings
from icsplan.cli import app
from icsplan.model.demand import project
from icsplan.scenario.folder import load_scenario

TABLES = {
    "activity": pd.DataFrame({"pod": ["ae", "ae", "op", "nel"], "area": ["n", "s", "n", "n"],
                              "baseline": [100.0, 300.0, 50.0, 10.0],
                              "planned": [90.0, 250.0, 55.0, 10.0]}),
    "published:plan": pd.DataFrame({"pod": ["ae", "op", "nel"], "change_pct": [-15.0, 10.4, 3.0],
                                    "decimals": [0, 1, 0]}),
    "published:money": pd.DataFrame({"scheme": ["a", "a", "a", "b", "b", "b"],
                                     "measure": ["gross", "cost", "net"] * 2,
                                     "value_k": [10.0, 4.0, 6.0, 5.0, 1.0, 5.0]}),
}


def spec(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in COLUMNS} for r in rows])


def row(**kw) -> dict:
    return {"table": "plan", "source": "p. 1", "tolerance": "0.5", **kw}


@pytest.mark.unit
def test_a_row_repeated_over_a_published_table_with_an_expression_of_aggregates():
    found = generic_findings(spec(row(
        item="{pod}: change (%)", over="published:plan", published="change_pct",
        output="activity", where="pod={pod}", column="100 * (planned / baseline - 1)",
        tolerance="0.5 * 10 ** -decimals")), TABLES)
    # ae: 340 / 400 - 1 = -15%; op: +10%, published 10.4 at one decimal; nel: 0 vs 3
    assert [(f.item, f.recomputed, f.tolerance, f.status) for f in found] == [
        ("ae: change (%)", pytest.approx(-15.0), 0.5, "match"),
        ("op: change (%)", pytest.approx(10.0), 0.05, "differs"),
        ("nel: change (%)", pytest.approx(0.0), 0.5, "differs")]


@pytest.mark.unit
def test_select_picks_over_rows_and_consecutive_rows_interleave_by_over_row():
    found = generic_findings(spec(
        row(item="{pod}: planned", over="published:plan", select="pod!=nel", published="0",
            output="activity", where="pod={pod}", column="planned", tolerance="1000"),
        row(item="{pod}: baseline", over="published:plan", select="pod~ae+nel",
            published="0", output="activity", where="pod={pod}", column="baseline",
            tolerance="1000")), TABLES)
    assert [(f.item, f.recomputed) for f in found] == [
        ("ae: planned", 340.0), ("ae: baseline", 400.0), ("op: planned", 55.0),
        ("nel: baseline", 10.0)]


@pytest.mark.unit
def test_published_side_added_up_from_a_table_and_narrowed_aggregations():
    found = generic_findings(spec(row(
        item="{scheme}: gross - cost vs net (£k)", over="published:money",
        select="measure=net", published="value_k", output="published:money",
        where="scheme={scheme}",
        column="sum(value_k, measure=gross) - sum(value_k, measure=cost)",
        expected="inconsistent", note="gross - cost is {recomputed:.1f}, not {published:.1f}"),
        row(item="all schemes' net (£k)", published="sum(value_k)",
            published_from="published:money", published_where="measure=net",
            output="published:money", where="measure~gross;cost",
            column="sum(value_k, measure=gross) - sum(value_k, measure=cost)",
            tolerance="0.1 * published")), TABLES)
    assert [(f.item, f.published, f.recomputed, f.status, f.note) for f in found] == [
        ("a: gross - cost vs net (£k)", 6.0, 6.0, "match", ""),
        ("b: gross - cost vs net (£k)", 5.0, 4.0, "inconsistent", "gross - cost is 4.0, not 5.0"),
        ("all schemes' net (£k)", 11.0, 10.0, "match", "")]
    assert found[2].tolerance == pytest.approx(1.1)


@pytest.mark.unit
def test_min_rows_when_differs_scale_round_and_a_note_kept_on_a_match():
    found = generic_findings(spec(
        row(item="parts add up", published="0", output="activity", where="pod=nel",
            column="planned", min_rows="2"),
        row(item="listed only when it differs", published="90", output="activity",
            where="pod=ae;area=n", column="planned", when="differs"),
        row(item="in thousands", published="0.3", output="activity", where="pod=ae",
            column="planned", scale="1000", round="1", tolerance="0.05"),
        row(item="a wider tolerance", published="34", output="activity", where="pod=ae",
            column="planned", scale="10", tolerance="0.1", expected="match",
            note="two figures each rounded ({-tolerance:.2f} to {tolerance:.2f})")), TABLES)
    assert [(f.item, f.recomputed, f.status, f.note) for f in found] == [
        ("in thousands", 0.3, "match", ""),
        ("a wider tolerance", 34.0, "match", "two figures each rounded (-0.10 to 0.10)")]


@pytest.mark.unit
def test_a_figure_the_run_does_not_have_is_skipped_and_a_wrong_name_is_refused():
    assert generic_findings(spec(
        row(item="no capacity", published="1", output="capacity", column="beds"),
        row(item="no such pod", published="1", output="activity", where="pod=xx",
            column="first(planned)")), TABLES) == []
    with pytest.raises(ReconcileSpecError, match="line 2: table 'activity' has no column"):
        generic_findings(spec(row(item="x", published="1", output="activity",
                                  column="beds")), TABLES)


@pytest.mark.unit
@pytest.mark.parametrize("text", ["__import__('os')", "planned.real", "x[0]", "'a'",
                                  "lambda: 1", "sum(planned, measure=f(x))", "open(x)"])
def test_the_expression_language_refuses_anything_but_arithmetic(text):
    with pytest.raises(ex.ExpressionError):
        ex.parse(text)


@pytest.mark.unit
def test_templates_refuse_attribute_access():
    with pytest.raises(ex.ExpressionError):
        ex.fill("{pod.__class__}", {"pod": "ae"})
    assert ex.fill("{document:0>3} {x:+.1f}", {"document": 2, "x": 1.25}) == "002 +1.2"


@pytest.mark.functional
def test_bad_mapping_rows_are_one_plain_problem_each(scenario_copy):
    path = scenario_copy / "published" / "reconcile.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    bad = {"where": "pod:ae", "published": "__import__('os')", "output": "nowhere",
           "expected": "maybe", "over": "published:nothing"}
    rows = []
    for column, value in bad.items():
        cells = dict.fromkeys(header, "")
        cells.update(table="t", item="i", published="1", output="activity_horizon",
                     column="planned", tolerance="0.5", source="s")
        cells[column] = value
        rows.append(",".join(f'"{cells[h]}"' for h in header))
    path.write_text("\n".join([*lines, *rows]) + "\n")
    result = CliRunner().invoke(app, ["check", str(scenario_copy)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    problems = [p for p in result.output.splitlines() if p.strip().startswith("- ")]
    assert len(problems) == len(bad), result.output
    for n, (column, value) in enumerate(bad.items(), start=len(lines) + 1):
        hit = [p for p in problems if f"line {n}," in p]
        assert len(hit) == 1 and f"'{column}'" in hit[0] and value in hit[0], (n, problems)
    assert all("published/reconcile.csv" in p for p in problems)


@pytest.mark.functional
def test_an_invented_plan_with_its_own_tables_is_reconciled_without_new_code(scenario_copy):
    """Another system's plan on a page: its own published table (plan_on_a_page.csv, no row
    model in icsplan) and the mapping rows; `icsplan check` reconciles it."""
    scenario = load_scenario(scenario_copy)
    proj = project(scenario)
    cells = proj.cells.assign(m=proj.momentum[-1], p=proj.planned[-1])
    fewer = (cells["m"] - cells["p"]).groupby(cells["pod"]).sum()  # hand-added, by pod
    published = scenario_copy / "published"
    for f in published.iterdir():
        f.unlink()
    (published / "plan_on_a_page.csv").write_text(
        "pod,fewer,rounding,page\n"
        f"ae,{round(fewer['ae'], -3):.0f},1000,p. 2\n"           # as the model has it
        f"outpatient,{round(fewer['outpatient'] * 1.5, -3):.0f},1000,p. 2\n"  # off by half
        "all,999,1,p. 2\n")
    (published / "reconcile.csv").write_text(
        "table,item,over,select,published,output,where,column,tolerance,expected,note,source\n"
        "Plan on a page,{pod}: fewer attendances by the horizon,published:plan_on_a_page,"
        "pod!=all,fewer,activity_horizon,pod={pod},momentum - planned,rounding / 2,"
        "inconsistent,\"the page says {published:,.0f}; the activity tables give "
        "{recomputed:,.0f}\",{page}\n"
        "Plan on a page,all pods: fewer attendances,published:plan_on_a_page,pod=all,fewer,"
        "activity_horizon,,momentum - planned,rounding / 2,,,{page}\n")
    result = CliRunner().invoke(app, ["check", str(scenario_copy), "--all"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "match Plan on a page: ae: fewer attendances by the horizon" in text
    assert "inconsistent Plan on a page: outpatient: fewer attendances by the horizon" in text
    assert f"the activity tables give {fewer['outpatient']:,.0f}" in text
    assert "differs Plan on a page: all pods: fewer attendances" in text
    assert "003 system activity table" not in text


@pytest.mark.backtest
def test_a_partial_population_compares_only_what_does_not_depend_on_activity(mse,
                                                                             mse_projection):
    """mse-2016 on a partial population: the rows on the run's activity, its money and its
    bed days are left out; budgets, workforce, pump priming, GP capacity and the published
    figures checked against each other or the scenario's inputs stay."""
    from icsplan.backtest import reconcile
    from icsplan.finance import plan_finance

    found = [f for f in reconcile(mse, mse_projection, plan_finance(mse, mse_projection),
                                  activity_comparable=False) if f.rule == "recompute"]
    tables = {f.table for f in found}
    assert not any("locality" in t or "bridge" in t or "cohorts" in t or "activity totals" in t
                   or "STP performance" in t or "health and care" in t for t in tables)
    assert {"003 summary of workforce implications", "003 pump priming required",
            "002 key facts: GP capacity"} <= tables
    items = {f.item for f in found}
    assert "ae: momentum growth pa (%)" in items  # the scenario's growth input
    assert "ae: change vs baseline (%)" not in items  # the projected activity
