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
    from icsplan.compare import run_side
    from icsplan.report.files import is_saved_run, read_run, write_comparison

    output_folder(out)

    def side(name: str, label: str):
        if is_saved_run(name):
            return read_run(name)
        return run_side(load(name), label, investment_level)

    label_a, label_b = Path(a).name or a, Path(b).name or b
    if label_a == label_b:
        label_a, label_b = f"A: {label_a}", f"B: {label_b}"
    if forecast is not None:

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


def forecast_side(folder: str | Path, assumption: str):
    """A saved run's forecast under `assumption`, as one side of `icsplan compare`: its
    activity (momentum as the plan's), bridge and net saving and payback at the horizon."""
    import dataclasses

    import pandas as pd

    from icsplan.compare import Side
    from icsplan.errors import InputError, Problem
    from icsplan.forecast.outturn import ASSUMPTIONS
    from icsplan.report.files import read_run

    folder = Path(folder)
    run = read_run(folder)
    files = [folder / f"{n}.csv" for n in ("forecast", "forecast_headline", "forecast_bridge")]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise InputError([Problem(str(folder), f"has no forecast ({', '.join(missing)} "
                                  "missing): write one with `icsplan run --actuals`")],
                         title="Cannot compare")
    if assumption not in ASSUMPTIONS:
        raise InputError([Problem("--forecast", "must be one of " + ", ".join(ASSUMPTIONS),
                                  value=assumption)], title="Cannot compare")
    table, head, bridge = (pd.read_csv(f, keep_default_na=False) for f in files)
    act = table[(table["metric"] == "activity") & (table["assumption"] == assumption)]
    planned = act.set_index(["pod", "year"])["principal"].astype(float)
    activity = run.activity.copy()
    activity["planned"] = [planned.get((p, y), float("nan"))
                           for p, y in zip(activity["pod"], activity["year"], strict=True)]
    row = head[head["assumption"] == assumption].iloc[0]
    payback = str(row["payback_year"]) or None
    investment = (None if run.investment is None else dataclasses.replace(
        run.investment, net_saving_gbp=float(row["net_saving_gbp"]), payback_year=payback))
    return Side(label=f"{folder.name}: forecast, {row['label']}", scenario=None,
                activity=activity, bridge=bridge[bridge["assumption"] == assumption],
                investment=investment, scenario_hash=run.scenario_hash)
