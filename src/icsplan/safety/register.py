"""The register database's failure modes as plain problems: a file that is not a database,
a schema newer than this icsplan, a schema that did not come out whole after an upgrade,
and text no database can store (NUL bytes, which PostgreSQL refuses)."""

from __future__ import annotations

import re

from icsplan.errors import Problem

_NUL = re.compile("\x00")


def text_problems(values: dict, file: str, row: int | None) -> list[Problem]:
    """A NUL byte in any text cell is a problem (PostgreSQL cannot store it; SQLite would
    keep a value no export can show)."""
    return [Problem(file, "holds a NUL character (code 0), which a register cannot store; "
                    "remove it", row=row, field=str(k))
            for k, v in values.items() if isinstance(v, str) and _NUL.search(v)]


def schema_problem(current: str | None, where: str) -> Problem | None:
    """When the database's schema revision is not one this icsplan knows: made by a newer
    version, so neither this version nor `upgrade` can use it."""
    from alembic.script import ScriptDirectory

    from icsplan.register.migrate import _config

    if current is None:
        return None
    scripts = ScriptDirectory.from_config(_config())
    try:
        known = scripts.get_revision(current) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown revision
        known = False
    if known:
        return None
    return Problem(where, f"is at schema {current}, which this version of icsplan does not "
                   "know: it was made by a newer icsplan. Use that version (upgrading icsplan), "
                   "never `register upgrade`, which cannot go back")


def missing_tables(engine) -> list[str]:
    """The register's tables (and their columns) the database lacks."""
    from sqlalchemy import inspect

    from icsplan.register.models import Base

    inspector = inspect(engine)
    have = set(inspector.get_table_names())
    missing = []
    for table in Base.metadata.sorted_tables:
        if table.name not in have:
            missing.append(table.name)
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in columns]
    return missing


def not_a_database_problem(exc: Exception, where: str) -> Problem | None:
    """A database error that means the file is not a (SQLite) database, in plain words."""
    text = str(getattr(exc, "orig", exc) or "")
    if "file is not a database" in text or "file is encrypted" in text:
        return Problem(where, "is not a register database (not an SQLite file); give --db the "
                       "register's file or URL, or run `icsplan register init` on a new file")
    return None
