"""`icsplan scenario export|import`: a scenario as one Excel workbook and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from icsplan.cli.common import ScenarioArg, fail, load, out_console, output_file

app = typer.Typer(help="Convert scenarios between folders and Excel workbooks.",
                  no_args_is_help=True)


@app.command("export")
def scenario_export(
    scenario: ScenarioArg,
    workbook: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
) -> None:
    """Write a scenario's inputs to one Excel workbook (a sheet per table)."""
    from icsplan.scenario.excel import export_excel

    output_file(workbook, ".xlsx", "the workbook")
    s = load(scenario)
    export_excel(s, workbook)
    out_console.print(f"Wrote {workbook}")


@app.command("import")
def scenario_import(
    workbook: Annotated[Path, typer.Argument(help="An .xlsx written by `scenario export`.")],
    folder: Annotated[Path, typer.Argument(help="The scenario folder to write.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the folder if it holds a scenario and nothing else "
        "(never ., a folder above it, home or /).")] = False,
) -> None:
    """Read an (edited) Excel workbook, validate it and write it as a scenario folder."""
    from icsplan.scenario.excel import import_excel
    from icsplan.scenario.folder import check_destination, save_scenario

    if not workbook.is_file():
        fail([f"{workbook}: no such file"], "Cannot import")
    check_destination(folder, force)
    s = import_excel(workbook)
    save_scenario(s, folder, replace=force)
    out_console.print(f"Wrote scenario '{s.name}' to {folder}")
