"""`icsplan compare A B`: what differs between two scenarios or saved runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from icsplan.cli.common import load, out_console, output_folder
from icsplan.vocabulary import money_m

SideArg = Annotated[str, typer.Argument(
    help="A built-in scenario, a scenario folder, or a folder written by `icsplan run`.")]


def compare(
    a: SideArg,
    b: SideArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the comparison.")]
    = Path("compare"),
    investment_level: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Investment level for the sides that are scenarios.")] = 1.0,
    forecast: Annotated[str | None, typer.Option(
        help="Side B is a run saved with --actuals: compare with its forecast outturn under "
             "this assumption (continues, recovers, as_planned) instead of its plan.")]
    = None,
) -> None:
    """Compare two plans: inputs that differ, activity by pod and year, money by bridge step,
    payback; writes tables and compare.html."""
    from icsplan.compare import compare as compare_sides
    from icsplan.compare import is_saved_run, read_run, run_side
    from icsplan.report.files import write_comparison

    output_folder(out)

    def side(name: str, label: str):
        if is_saved_run(name):
            return read_run(name)
        return run_side(load(name), label, investment_level)

    label_a, label_b = Path(a).name or a, Path(b).name or b
    if label_a == label_b:
        label_a, label_b = f"A: {label_a}", f"B: {label_b}"
    if forecast is not None:
        from icsplan.forecast.tables import forecast_side

        result = compare_sides(side(a, label_a), forecast_side(b, forecast))
    else:
        result = compare_sides(side(a, label_a), side(b, label_b))
    written = write_comparison(result, out)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]")
    for row in result.headline.itertuples(index=False):
        def show(v):
            return money_m(v) if isinstance(v, float) else str(v)
        out_console.print(f"  {row.measure}: {show(row.a)} → {show(row.b)}")
    if result.inputs is not None:
        out_console.print(f"  inputs that differ: {len(result.inputs):,} cells")
