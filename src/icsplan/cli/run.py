"""`icsplan run`: the plan on a scenario — activity, targets, finance, reconciliation and the
report, written to a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from icsplan.cli.common import ScenarioArg, console, load, out_console

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def run(
    scenario: ScenarioArg = "mse-2016",
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")] = Path("out"),
    population: Annotated[Path | None, typer.Option(
        help="A folder written by `icsplan population run`: drive the model from its "
             "patient-level baseline.csv instead of the scenario's.")] = None,
    investment_level: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Share of the planned investment made (0-1); savings follow "
        "investment (1 = the plan; 0.25 releases 12.5% of the savings).")] = 1.0,
    excel: Annotated[bool, typer.Option(
        help="Also write results.xlsx: every table on its own formatted sheet.")] = False,
    db: Annotated[str | None, typer.Option(
        "--db", help="A programme register (database URL, see `icsplan register`): add its "
                     "QIPP, milestones, risks and maturity to the report.")] = None,
) -> None:
    """Run the plan: activity, change factors, locality targets, finance, reconciliation and
    the report."""
    from icsplan.pipeline import run_plan
    from icsplan.population.summary import load_population_summary
    from icsplan.report.files import write_results

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("Loading scenario", total=None)
        s = load(scenario)
        register = None
        if db is not None:
            from icsplan.cli.register import read_summary

            progress.update(task, description="Reading the programme register")
            register = read_summary(db)
        summary = None
        if population is not None:
            progress.update(task, description="Loading population baseline")
            summary = load_population_summary(population)
        progress.update(task, description="Running the model")
        plan = run_plan(s, population=summary, investment_level=investment_level,
                        register=register)
        progress.update(task, description="Writing results and report")
        written = write_results(plan, out, excel=excel)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]:")
    for path in written:
        out_console.print(f"  {path.name}")
    print_headline(plan)


def print_headline(plan: Plan) -> None:
    """The horizon's system activity and the investment summary, on the terminal."""
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    table = Table(title=f"System activity in {plan.horizon}")
    for col in ("pod", "baseline", "momentum", "planned", "vs baseline", "vs momentum"):
        table.add_column(col, justify="left" if col == "pod" else "right")
    for r in last.itertuples():
        table.add_row(r.pod, f"{r.baseline:,.0f}", f"{r.momentum:,.0f}", f"{r.planned:,.0f}",
                      f"{r.change_vs_baseline_pct:+.2f}%", f"{r.change_vs_momentum_pct:+.2f}%")
    out_console.print(table)
    fin = plan.finance
    if not fin.investment_summary.empty:
        inv = fin.investment_summary.iloc[0]
        payback = fin.payback_year or "none by the horizon"
        out_console.print(
            f"Investment level {inv['investment_level']:.0%}: savings {inv['savings_share']:.1%} "
            f"of the plan's; net saving in {plan.horizon} "
            f"£{inv['net_saving_gbp'] / 1e6:,.1f}m; payback year {payback}.")
