"""The `icsplan` command line: run a scenario, check it against its published tables, convert
scenarios and run the population pipeline.  One module per area; heavy libraries are
imported inside commands so `icsplan --help` starts fast."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from icsplan.cli import app as webapp
from icsplan.cli import check, population, register, run, scenario
from icsplan.cli.common import Group


def _version(value: bool) -> None:
    if value:
        from icsplan import __version__

        typer.echo(f"icsplan {__version__}")
        raise typer.Exit()


app = typer.Typer(cls=Group, help="icsplan: plan, model and track an integrated care system.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print icsplan's version and exit.")] = False,
) -> None:
    """Plan, model and track an integrated care system."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


app.command("run")(run.run)
app.command("check")(check.check)
app.command("scenarios")(check.scenarios)
app.add_typer(scenario.app, name="scenario")
app.add_typer(population.app, name="population",
              help="Patient-level pipeline: synthesise a population, segment it, score risk, "
                   "pick cohorts and write baselines for the model.")
app.add_typer(register.app, name="register")
app.command("app")(webapp.serve)
app.command("app-user")(webapp.user)

__all__ = ["app"]
