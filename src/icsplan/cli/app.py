"""`icsplan app`: the web app on a scenario (plan, what if, versions, delivery), and
`icsplan app-user` to add a user who may save versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from icsplan.cli.common import ScenarioArg, console, load, require_activity_model


def serve(
    scenario: ScenarioArg = "mse-2016",
    db: Annotated[str | None, typer.Option(
        help="Store for scenario versions and the register: a SQLite file or URL, or "
             "postgresql://...; default $ICSPLAN_DB, else a per-user SQLite file.")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8050,
    users: Annotated[Path | None, typer.Option(
        help="Users file (name:argon2 hash a line): saving then needs a login. Default "
             "$ICSPLAN_APP_USERS; none means no login.")] = None,
    population: Annotated[Path | None, typer.Option(
        help="A folder written by `icsplan population run`: drive the plan with its baseline "
             "and show the Population page.")] = None,
    actuals: Annotated[Path | None, typer.Option(
        help="Monthly actuals (NHS England A&E format or a long measure table): the Delivery "
             "page shows the KPIs' SPC charts and plan vs actual.")] = None,
    debug: Annotated[bool, typer.Option(help="Dash's debug server (reloads; not for use by "
                                              "others).")] = False,
) -> None:
    """The web app: plan, ask 'what if', compare versions and track delivery in a browser
    (default scenario mse-2016, at http://HOST:PORT/)."""
    context = build_context(scenario, db, users, population, actuals)
    from icsplan.app.server import create_app
    from icsplan.app.server import serve as run_server

    dash_app = create_app(context)
    console.print(f"icsplan app on [bold]{context.scenario.name}[/] at "
                  f"http://{host}:{port}/ (Ctrl+C to stop)")
    run_server(dash_app, host=host, port=port, debug=debug)


def build_context(scenario: str, db: str | None, users: Path | None,
                  population: Path | None, actuals: Path | None = None):
    """The app's context: scenario, store (schema brought up to date), users, population and
    delivery actuals (each read and validated before the server starts)."""
    from icsplan.app.auth import load_users, users_path
    from icsplan.app.context import AppContext
    from icsplan.register import make_engine, upgrade

    s = load(scenario)  # a plan without an activity model shows only the pages that apply
    if population is not None:
        require_activity_model(s, "a population run (--population)")
    engine = make_engine(db)
    upgrade(engine)
    path = users_path(users)
    summary = None
    if population is not None:
        from icsplan.population.summary import load_population_summary

        summary = load_population_summary(population)
    data = None
    if actuals is not None:
        from icsplan.delivery.actuals import read_actuals

        data = read_actuals(actuals, s.kpi_measures)
    return AppContext(scenario=s, engine=engine, users=load_users(path) if path else None,
                      users_file=str(path) if path else None,
                      population=summary, actuals=data,
                      population_folder=str(population) if population else None)


def user(
    file: Annotated[Path, typer.Argument(help="The users file (created if new).")],
    name: Annotated[str, typer.Argument(help="The user's login name.")],
    password: Annotated[str, typer.Option(
        prompt=True, hide_input=True, confirmation_prompt=True,
        help="The password (asked for when not given; stored only as an Argon2 hash).")],
) -> None:
    """Add a user who may save versions, or change their password."""
    from icsplan.app.auth import set_user

    set_user(file, name, password)
    console.print(f"{name} can now log in (users file {file}).")
