"""`icsplan delivery`: import actuals and track the plan's KPIs with SPC."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from icsplan.cli.common import ScenarioArg, fail, load, out_console

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.delivery.actuals import Actuals
    from icsplan.delivery.track import DeliveryResult

app = typer.Typer(help="Track delivery: import actuals, read KPIs as SPC charts against the "
                  "plan's trajectories, and set actual activity beside the plan.",
                  no_args_is_help=True)

ActualsOption = Annotated[Path, typer.Option(
    "--actuals", "-a", help="Monthly actuals: NHS England's A&E format (period, org_code, type, "
    "attendances, breaches, admissions) or a long table (measure, org, period, value).")]


def read(path: Path, measures: pd.DataFrame | None = None) -> Actuals:
    """Read and validate an actuals file (its problems exit 2 through the one error path)."""
    from icsplan.delivery.actuals import ActualsError, read_actuals

    try:
        return read_actuals(path, measures)
    except ActualsError as exc:
        raise ActualsError(exc.problems, title=f"Actuals file {path} is not valid") from None


@app.command("import")
def import_actuals(
    file: Annotated[Path, typer.Argument(help="The actuals CSV to check and import.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for actuals.csv.")] = Path(
        "actuals"),
    scenario: Annotated[str, typer.Option(
        help="Scenario whose KPI measures a long table is checked against.")] = "mse-2016",
) -> None:
    """Validate an actuals file and write its measures as one tidy table (actuals.csv)."""
    from icsplan.delivery.measures import actual_measures
    from icsplan.report.files import write_actuals

    s = load(scenario)
    actuals = read(file, s.kpi_measures)
    measures = actual_measures(actuals)
    written = write_actuals(measures, out)
    periods = measures["period"]
    out_console.print(
        f"{file.name}: {actuals.format} format, {len(actuals.rows):,} rows, "
        f"{measures['org'].nunique()} organisations, {periods.min():%b %Y} to "
        f"{periods.max():%b %Y}; measures: {', '.join(sorted(measures['measure'].unique()))}.")
    out_console.print(f"Wrote {', '.join(str(p) for p in written)}")


@app.command()
def track(
    scenario: ScenarioArg = "mse-2016",
    actuals: ActualsOption = ...,  # type: ignore[assignment]
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")] = Path(
        "delivery"),
    rebase: Annotated[list[str] | None, typer.Option(
        help="A date (YYYY-MM-DD) from which every series gets new limits; repeatable.")] = None,
    fix_after: Annotated[int | None, typer.Option(
        min=12, help="Fix each segment's limits on its first N points (at least 12).")] = None,
    screen: Annotated[bool, typer.Option(
        help="Screen moving ranges above 3.267 x their mean out of the limits (the R "
        "package's default; --no-screen as the MDC Excel tool).")] = True,
) -> None:
    """Track the plan's KPIs: spc.csv, kpi_summary.csv, plan_vs_actual.csv,
    kpi_trajectory_ahead.csv (the targets still ahead) and report.html."""
    from icsplan.pipeline import run_plan
    from icsplan.report.files import write_delivery
    from icsplan.run_options import RunOptions, Tracking

    s = load(scenario)
    dates = []
    for text in rebase or []:
        try:
            dates.append(date.fromisoformat(text))
        except ValueError:
            fail([f"--rebase: cannot read '{text}' as a date (expected YYYY-MM-DD)"],
                 "Bad option")
    data = read(actuals, s.kpi_measures)
    tracking = Tracking(rebase=tuple(dates), fix_after_n_points=fix_after,
                        screen_outliers=screen)
    plan = run_plan(s, RunOptions(tracking=tracking), actuals=data)
    written = write_delivery(plan, out)
    print_summary(plan.delivery)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]: "
                      + ", ".join(p.name for p in written))


def print_summary(delivery: DeliveryResult) -> None:
    """The KPI summary as a console table."""
    table = Table(title="Delivery: latest month, SPC variation and assurance")
    for col in ("measure", "org", "latest", "target", "mean", "lpl", "upl", "variation",
                "assurance"):
        table.add_column(col, justify="left" if col in ("measure", "org", "variation",
                                                        "assurance") else "right")
    for r in delivery.kpi_summary.itertuples(index=False):
        fmt = (lambda v: "" if v != v else f"{v:.1f}") if r.unit == "%" else (
            lambda v: "" if v != v else f"{v:,.0f}")
        table.add_row(r.measure, r.org, fmt(r.latest_value), fmt(r.target), fmt(r.mean),
                      fmt(r.lpl), fmt(r.upl), str(r.variation),
                      r.assurance if isinstance(r.assurance, str) else "")
    out_console.print(table)
