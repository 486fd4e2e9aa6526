"""`icsplan check` and `icsplan scenarios`: validate a scenario and reconcile its published
tables; list the built-in scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from icsplan.cli.common import ScenarioArg, load, out_console


def check(  # noqa: C901 (one branch per optional part of the report (capacity, forensics, actuals))
    scenario: ScenarioArg = "mse-2016",
    all_findings: Annotated[bool, typer.Option(
        "--all", help="List every finding, not only those that do not match.")] = False,
    actuals: Annotated[Path | None, typer.Option(
        help="Monthly actuals (as `icsplan run --actuals`): also back-test the forecast "
             "(forecast from the actuals up to a cut-off against what then happened).")]
    = None,
) -> None:
    """Validate a scenario and reconcile its published tables with icsplan's recomputation.

    Exits 0 when the scenario is valid, whatever the reconciliation finds; 2 when invalid.
    """
    from icsplan.backtest.findings import findings_frame, forensics_summary, summary
    from icsplan.pipeline import run_plan
    from icsplan.run_options import RunOptions

    s = load(scenario)
    data = None
    if actuals is not None:
        from icsplan.cli.delivery import read

        data = read(actuals, s.kpi_measures)
    plan = run_plan(s, RunOptions(appraise_options=False), actuals=data)  # check shows no appraisal
    what = (f"{len(s.localities)} localities, {len(s.initiatives)} initiatives"
            if s.has_demand_model else
            f"no activity model, {len(s.table('programmes'))} programmes, "
            f"{len(s.kpi_measures)} KPIs")
    out_console.print(f"Scenario [bold]{s.name}[/] is valid: {what}, {s.years[0]} to "
                      f"{s.years[-1]}.")
    if plan.capacity is not None:
        from icsplan.cli.run import capacity_line

        out_console.print(capacity_line(plan), highlight=False)
    if plan.forecast is not None:
        from icsplan.cli.forecast import print_backtest

        print_backtest(plan.forecast)
    if not plan.findings:
        out_console.print("It publishes no tables to reconcile.")
        return
    counts = Table(title="Reconciliation: published figures against icsplan")
    for col in ("table", "match", "differs", "inconsistent"):
        counts.add_column(col, justify="left" if col == "table" else "right")
    for r in summary(list(plan.findings)).itertuples(index=False):
        counts.add_row(*[str(x) for x in r])
    out_console.print(counts)
    forensics = forensics_summary(list(plan.findings))
    if not forensics.empty:
        table = Table(title="Plan forensics: does the plan add up?")
        for col in ("plan", "rules", "passed", "failed"):
            table.add_column(col, justify="left" if col == "plan" else "right")
        for r in forensics.itertuples(index=False):
            table.add_row(*[str(x) for x in r])
        out_console.print(table)
    frame = findings_frame(list(plan.findings))
    if not all_findings:
        frame = frame[frame["status"] != "match"]
    out_console.print(f"\n[bold]{'Findings' if all_findings else 'Figures that do not match'}"
                      f"[/] ({len(frame)}):")
    marks = {"match": "[green]match[/]", "differs": "[red]differs[/]",
             "inconsistent": "[yellow]inconsistent[/]"}
    for r in frame.itertuples(index=False):
        out_console.print(f"\n{marks[r.status]}  {r.table}: [bold]{r.item}[/]")
        out_console.print(f"   published {_num(r.published)}   recomputed {_num(r.recomputed)}"
                          f"   difference {_num(r.difference, sign=True)}", highlight=False)
        if r.note:
            out_console.print(f"   {r.note}", highlight=False)


def _num(value: float | None, sign: bool = False) -> str:
    if value is None or value != value:
        return ""
    return f"{value:{'+' if sign else ''},.2f}"


def scenarios() -> None:
    """List the built-in scenarios."""
    from icsplan.scenario.folder import builtin_names, load_scenario

    table = Table(title="Built-in scenarios")
    for col in ("name", "title", "years", "localities"):
        table.add_column(col)
    for name in builtin_names():
        s = load_scenario(name)
        table.add_row(name, s.meta.title, f"{s.years[0]} to {s.years[-1]}",
                      str(len(s.localities)))
    out_console.print(table)
