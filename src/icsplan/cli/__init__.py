"""The `icsplan` command line: run a scenario, check it against its published tables, convert
scenarios, run the population pipeline and track delivery.  One module per area; heavy libraries are
imported inside commands so `icsplan --help` starts fast."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from icsplan.cli import app as webapp
from icsplan.cli import (
    check,
    compare,
    delivery,
    forensics,
    options,
    population,
    register,
    run,
    scenario,
    waiting_list,
)
from icsplan.cli.common import Group, Program


def _version(value: bool) -> None:
    if value:
        from icsplan import __version__

        typer.echo(f"icsplan {__version__}")
        raise typer.Exit()


app = Program(cls=Group, help="icsplan: plan, model and track an integrated care system.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                         help="Log progress (-vv: debug, with tracebacks).")]
    = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print icsplan's version and exit.")] = False,
) -> None:
    """Plan, model and track an integrated care system."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)


app.command("run")(run.run)
app.command("check")(check.check)
app.command("scenarios")(check.scenarios)
app.command("compare")(compare.compare)
app.command("options")(options.options)
app.command("forensics")(forensics.forensics)
app.add_typer(scenario.app, name="scenario")
app.add_typer(population.app, name="population",
              help="Patient-level pipeline: synthesise a population, segment it, score risk, "
                   "pick cohorts and write baselines for the model.")
app.add_typer(delivery.app, name="delivery")
app.add_typer(register.app, name="register")
app.add_typer(waiting_list.app, name="waiting-list")
app.command("app")(webapp.serve)
app.command("app-user")(webapp.user)

__all__ = ["app"]
