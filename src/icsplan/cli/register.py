"""`icsplan register`: create, load, import, export, audit and report the programme register.

The database is `--db URL`, else `$ICSPLAN_DB`, else a per-user SQLite file (register/db.py).
Bad input is an `InputError` (reported by the one error path in cli/common.py: one line per
problem, exit status 2, nothing written); a stale edit or an unreachable database is one line
and exit status 2 too. Heavy libraries (SQLAlchemy, pandas, plotly) load inside the commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from icsplan.cli.common import console as err
from icsplan.cli.common import out_console as console
from icsplan.cli.common import output_file, output_folder

app = typer.Typer(help="The programme register: schemes and QIPP, milestones, risks, locality "
                  "maturity, saved scenarios, with an audit trail.", no_args_is_help=True)

REGISTERS = ["programmes", "schemes", "milestones", "risks", "maturity", "enablers",
             "qipp_targets", "kpis"]
Db = Annotated[str | None, typer.Option(
    "--db", help="Database URL (sqlite:///file.db or postgresql://user@host/db); default "
                 "$ICSPLAN_DB, else a per-user SQLite file.")]
Author = Annotated[str | None, typer.Option(
    "--author", help="Who is making the change (audit trail); default $ICSPLAN_USER or login.")]
RegisterArg = Annotated[str, typer.Argument(help=f"One of: {', '.join(REGISTERS)}.")]


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def _reported() -> Iterator[None]:
    """Turn a stale edit or an unreachable database into one line and exit status 2."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from icsplan.register.edits import StaleEditError

    try:
        yield
    except StaleEditError as exc:
        err.print(str(exc), highlight=False, markup=False)
        raise typer.Exit(code=2) from None
    except DatabaseError as exc:
        from icsplan.safety.register import not_a_database_problem

        plain = not_a_database_problem(exc, "--db")
        if plain is None and not isinstance(exc, OperationalError):
            raise
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        err.print(f"[bold red]Cannot use the register database[/]: {plain or reason}",
                  highlight=False, markup=False)
        raise typer.Exit(code=2) from None


def _engine(db: str | None):
    from icsplan.register.db import make_engine

    return make_engine(db)


def _check_register(register: str) -> None:
    if register not in REGISTERS:
        from icsplan.errors import InputError, Problem

        raise InputError([Problem("REGISTER", f"is not a register; use one of "
                                  f"{', '.join(REGISTERS)}", value=register)])


def _ready(engine) -> None:
    """Refuse to work on a database whose schema is missing or older than this icsplan."""
    from icsplan.errors import InputError, Problem
    from icsplan.register.migrate import current_revision, head_revision
    from icsplan.safety.register import schema_problem

    where = engine.url.database
    if engine.dialect.name == "sqlite" and where and not Path(where).exists():
        raise InputError([Problem(where, "does not exist; run `icsplan register init` first "
                                  "(or give --db the register's URL)")])
    current, head = current_revision(engine), head_revision()
    newer = schema_problem(current, _safe(engine.url.render_as_string(hide_password=False)))
    if newer is not None:
        raise InputError([newer])
    if current != head:
        what = "has no register" if current is None else f"is at schema {current}"
        raise InputError([Problem(_safe(engine.url.render_as_string(hide_password=False)),
                                  f"{what}; run `icsplan register "
                                  f"{'init' if current is None else 'upgrade'}` first")])


@app.command()
def init(db: Db = None,
         seed: Annotated[str | None, typer.Option(
             "--seed", help="Load a built-in register, e.g. mse-2016.")] = None) -> None:
    """Create the register's tables (or bring them up to date) and optionally load a seed."""
    from icsplan.register.db import current_user, transaction
    from icsplan.register.migrate import upgrade
    from icsplan.register.transfer import load_seed

    with _reported():
        engine = _engine(db)
        upgrade(engine)
        console.print(f"Register ready at {_safe(str(engine.url.render_as_string(False)))}")
        if seed:
            with transaction(engine, f"seed:{seed} ({current_user()})") as session:
                counts = load_seed(session, seed)
            table = Table("register", "added", "updated", "unchanged", title=f"Seed {seed}")
            for name, c in counts.items():
                table.add_row(name, str(c["added"]), str(c["updated"]), str(c["unchanged"]))
            console.print(table)


@app.command()
def upgrade(db: Db = None) -> None:
    """Upgrade the register's schema to this version of icsplan (data kept)."""
    from icsplan.errors import InputError, Problem
    from icsplan.register.migrate import current_revision, head_revision
    from icsplan.register.migrate import upgrade as run_upgrade
    from icsplan.safety.register import missing_tables, schema_problem

    with _reported():
        engine = _engine(db)
        before = current_revision(engine)
        where = _safe(engine.url.render_as_string(hide_password=False))
        newer = schema_problem(before, where)
        if newer is not None:
            raise InputError([newer])
        run_upgrade(engine)
        missing = missing_tables(engine)
        if missing:  # the revision says head, but the schema is not whole: say so, never "done"
            raise InputError([Problem(where, f"lacks {', '.join(missing[:5])}"
                                      f"{' and more' if len(missing) > 5 else ''} although its "
                                      "schema revision is current; restore it from a backup "
                                      "(icsplan cannot rebuild dropped tables with their data)")],
                             title="The register's schema is damaged")
        console.print(f"Schema {before or '(empty)'} -> {head_revision()}")


@app.command("import")
def import_(register: RegisterArg,
            file: Annotated[Path, typer.Argument(help="A .csv file, or an .xlsx workbook "
                                                 "(the sheet named after the register).")],
            db: Db = None, author: Author = None) -> None:
    """Add and update a register's rows from CSV or Excel: all rows, or none if any is bad."""
    from rich.progress import Progress

    from icsplan.register.db import current_user, transaction
    from icsplan.register.transfer import import_file

    with _reported():
        _check_register(register)
        engine = _engine(db)
        _ready(engine)
        with Progress(console=err, transient=True) as progress, \
                transaction(engine, author or current_user()) as session:
            task = progress.add_task(f"importing {register}", total=None)
            counts = import_file(session, register, file,
                                 progress=lambda n: progress.update(task, completed=n))
        console.print(f"{register}: {counts['added']} added, {counts['updated']} updated, "
                      f"{counts['unchanged']} unchanged")


@app.command()
def export(register: RegisterArg,
           file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file to write.")],
           db: Db = None) -> None:
    """Write a register to CSV or Excel (with each row's version, for a safe re-import)."""
    from icsplan.register.db import current_user, transaction
    from icsplan.register.transfer import export_file

    with _reported():
        _check_register(register)
        if file.suffix.lower() not in (".csv", ".xlsx"):
            from icsplan.errors import InputError, Problem

            raise InputError([Problem(str(file), "must end in .csv or .xlsx")],
                             title="Cannot write the file")
        output_file(file, file.suffix.lower(), "the export")
        engine = _engine(db)
        _ready(engine)
        with transaction(engine, current_user()) as session:
            path = export_file(session, register, file)
        console.print(f"Wrote {path}")


@app.command()
def history(entity: Annotated[str | None, typer.Argument(
                help="A register (risks, schemes, ...) or 'scenario_version'.")] = None,
            key: Annotated[str | None, typer.Argument(help="A row's id, e.g. R01.")] = None,
            db: Db = None,
            limit: Annotated[int, typer.Option(help="Show the newest N entries.")] = 50) -> None:
    """Show who changed what and when (the audit trail), newest last."""
    from icsplan.register.audit import history as audit_history
    from icsplan.register.db import current_user, transaction
    from icsplan.register.models import REGISTER_MODELS

    with _reported():
        table_name = entity
        if entity in REGISTER_MODELS:
            table_name = REGISTER_MODELS[entity].__tablename__
        elif entity and entity not in {m.__tablename__ for m in REGISTER_MODELS.values()} | {
                "scenario_version"}:
            _check_register(entity)
        engine = _engine(db)
        _ready(engine)
        with transaction(engine, current_user()) as session:
            entries = audit_history(session, table_name, key)[-limit:]
        for e in entries:
            change = {"insert": f"= {_short(e.new_value)!s}",
                      "update": f"{_short(e.old_value)} -> {_short(e.new_value)}",
                      "delete": f"deleted ({_short(e.old_value)})"}[e.action]
            field = f" {e.field}" if e.field and e.action != "delete" else ""
            console.print(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.author}  {e.entity} {e.key} "
                          f"v{e.version or ''}  {e.action}{field} {change}",
                          highlight=False, markup=False, soft_wrap=True)
        if not entries:
            console.print("No changes recorded for that selection.")


def _short(value: str | None, width: int = 40) -> str:
    if value is None:
        return ""
    return value if len(value) <= width else value[: width - 1] + "…"


@app.command()
def report(out: Annotated[Path, typer.Option("--out", help="Folder for the CSVs and "
                                             "register.html.")] = Path("out/register"),
           db: Db = None,
           banding: Annotated[str | None, typer.Option(
               help="RAG banding as floor:rating pairs, e.g. '15:R,10:AR,1:A' (the default, "
                    "which reproduces the seeds' ratings).")] = None) -> None:
    """Write the register report: QIPP pipeline, milestones, risk heat map, maturity."""
    from icsplan.register.db import database_url
    from icsplan.report.files import write_register_report

    output_folder(out)
    summary = read_summary(db, banding)
    with _reported():
        written = write_register_report(summary, out, _safe(database_url(db)))
        console.print(f"Wrote {len(written)} files to {out} (open {out / 'register.html'})")


def read_summary(db: str | None, banding: str | None = None):
    """The register's report tables from `db`, exiting 2 with one line if it cannot be read."""
    from icsplan.register.db import current_user, transaction
    from icsplan.register.rag import DEFAULT_BANDING
    from icsplan.register.summary import summarise

    with _reported():
        bands = _banding(banding) if banding else DEFAULT_BANDING
        engine = _engine(db)
        _ready(engine)
        with transaction(engine, current_user()) as session:
            return summarise(session, bands)


def _banding(text: str):
    from icsplan.errors import InputError, Problem
    from icsplan.register.rag import parse_banding

    try:
        bands = parse_banding(text)
    except ValueError:
        bands = ()
    if not bands or any(not r for _, r in bands):
        raise InputError([Problem("--banding", "must be floor:rating pairs such as "
                                  "'15:R,10:AR,1:A'", value=text)])
    return bands
