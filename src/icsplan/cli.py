"""The `icsplan` command line: run a scenario, check it against its published tables,
list and convert scenarios.  Bad input gives one line per problem and exit code 2."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from icsplan.model.demand import ModelError
from icsplan.population.cli import app as population_app
from icsplan.scenario import ScenarioError, builtin_names, load_scenario
from icsplan.scenario.excel import export_excel, import_excel
from icsplan.scenario.folder import save_scenario

app = typer.Typer(help="icsplan: plan, model and track an integrated care system.",
                  no_args_is_help=True, add_completion=False)
scenario_app = typer.Typer(help="Convert scenarios between folders and Excel workbooks.",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")
app.add_typer(population_app, name="population",
              help="Patient-level pipeline: synthesise a population, segment it, score risk, "
                   "pick cohorts and write baselines for the model.")
console = Console(stderr=True, soft_wrap=True)
out_console = Console()

ScenarioArg = Annotated[str, typer.Argument(
    help="A built-in scenario name (see `icsplan scenarios`) or a scenario folder.")]


def fail(problems: list[str], what: str) -> None:
    """Print one line per problem and exit with status 2 (bad input)."""
    console.print(f"[bold red]{what}[/] ({len(problems)} problem{'s' * (len(problems) != 1)}):")
    for p in problems:
        console.print(f"  - {p}", highlight=False, markup=False)
    raise typer.Exit(code=2)


def load_or_fail(name: str):
    try:
        return load_scenario(name)
    except ScenarioError as exc:
        fail([str(p) for p in exc.problems], f"Scenario '{name}' is not valid")


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False
         ) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
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
) -> None:
    """Run the plan: activity, change factors, locality targets, finance, reconciliation and
    the report."""
    from icsplan.pipeline import run_plan
    from icsplan.report.files import write_results

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("Loading scenario", total=None)
        s = load_or_fail(scenario)
        baseline = None
        if population is not None:
            progress.update(task, description="Loading population baseline")
            baseline = _population_baseline(population)
        progress.update(task, description="Running the model")
        try:
            results = run_plan(s, baseline=baseline, population=population,
                               investment_level=investment_level)
        except ModelError as exc:
            fail([str(exc)], f"Scenario '{scenario}' cannot be projected")
        progress.update(task, description="Writing results and report")
        written = write_results(results, out, excel=excel)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]:")
    for path in written:
        out_console.print(f"  {path.name}")
    _print_headline(results)


def _population_baseline(folder: Path):
    from icsplan.population.baselines import load_population_baseline

    try:
        return load_population_baseline(folder)
    except (ValueError, FileNotFoundError) as exc:
        problems = getattr(exc, "problems", None) or [exc]
        fail([str(p) for p in problems], f"Population baseline in {folder} is not valid")


def _print_headline(results) -> None:
    summ = results.tables["activity_summary"]
    last = summ[summ["year"] == results.projection.horizon]
    table = Table(title=f"System activity in {results.projection.horizon}")
    for col in ("pod", "baseline", "momentum", "planned", "vs baseline", "vs momentum"):
        table.add_column(col, justify="left" if col == "pod" else "right")
    for r in last.itertuples():
        table.add_row(r.pod, f"{r.baseline:,.0f}", f"{r.momentum:,.0f}", f"{r.planned:,.0f}",
                      f"{r.change_vs_baseline_pct:+.2f}%", f"{r.change_vs_momentum_pct:+.2f}%")
    out_console.print(table)
    if "investment_summary" in results.tables:
        inv = results.tables["investment_summary"].iloc[0]
        payback = inv["payback_year"] if isinstance(inv["payback_year"], str) else ""
        payback = payback or "none by the horizon"
        out_console.print(
            f"Investment level {inv['investment_level']:.0%}: savings {inv['savings_share']:.1%} "
            f"of the plan's; net saving in {results.projection.horizon} "
            f"£{inv['net_saving_gbp'] / 1e6:,.1f}m; payback year {payback}.")


@app.command()
def check(
    scenario: ScenarioArg = "mse-2016",
    all_findings: Annotated[bool, typer.Option(
        "--all", help="List every finding, not only those that do not match.")] = False,
) -> None:
    """Validate a scenario and reconcile its published tables with icsplan's recomputation.

    Exits 0 when the scenario is valid, whatever the reconciliation finds; 2 when invalid.
    """
    from icsplan.backtest.findings import findings_frame
    from icsplan.backtest.reconcile import summary
    from icsplan.pipeline import run_plan

    s = load_or_fail(scenario)
    try:
        results = run_plan(s)
    except ModelError as exc:
        fail([str(exc)], f"Scenario '{scenario}' cannot be projected")
    out_console.print(f"Scenario [bold]{s.name}[/] is valid: {len(s.localities)} localities, "
                      f"{len(s.initiatives)} initiatives, {s.years[0]} to {s.years[-1]}.")
    if not results.findings:
        out_console.print("It publishes no tables to reconcile.")
        return
    counts = Table(title="Reconciliation: published figures against icsplan")
    for col in ("table", "match", "differs", "inconsistent"):
        counts.add_column(col, justify="left" if col == "table" else "right")
    for r in summary(results.findings).itertuples(index=False):
        counts.add_row(*[str(x) for x in r])
    out_console.print(counts)
    frame = findings_frame(results.findings)
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


def _num(value, sign: bool = False) -> str:
    if value is None or value != value:
        return ""
    return f"{value:{'+' if sign else ''},.2f}"


@app.command()
def scenarios() -> None:
    """List the built-in scenarios."""
    table = Table(title="Built-in scenarios")
    for col in ("name", "title", "years", "localities"):
        table.add_column(col)
    for name in builtin_names():
        s = load_scenario(name)
        table.add_row(name, s.meta.title, f"{s.years[0]} to {s.years[-1]}",
                      str(len(s.localities)))
    out_console.print(table)


@scenario_app.command("export")
def scenario_export(
    scenario: ScenarioArg,
    workbook: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
) -> None:
    """Write a scenario's inputs to one Excel workbook (a sheet per table)."""
    s = load_or_fail(scenario)
    export_excel(s, workbook)
    out_console.print(f"Wrote {workbook}")


@scenario_app.command("import")
def scenario_import(
    workbook: Annotated[Path, typer.Argument(help="An .xlsx written by `scenario export`.")],
    folder: Annotated[Path, typer.Argument(help="The scenario folder to write.")],
) -> None:
    """Read an (edited) Excel workbook, validate it and write it as a scenario folder."""
    if not workbook.is_file():
        fail([f"{workbook}: no such file"], "Cannot import")
    try:
        s = import_excel(workbook)
    except ScenarioError as exc:
        fail([str(p) for p in exc.problems], f"Workbook {workbook} is not a valid scenario")
    save_scenario(s, folder)
    out_console.print(f"Wrote scenario '{s.name}' to {folder}")


if __name__ == "__main__":  # pragma: no cover
    app()
