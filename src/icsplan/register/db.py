"""Where the register lives and how to connect: SQLite by default, PostgreSQL by URL.

The database URL comes from, in order: the `--db URL` option, the `ICSPLAN_DB` environment
variable, then a per-user SQLite file (`platformdirs.user_data_dir("icsplan")/register.db`,
e.g. `~/.local/share/icsplan/register.db` on Linux). PostgreSQL URLs use psycopg 3:
`postgresql+psycopg://user:password@host:5432/dbname` (a plain `postgresql://` URL is
rewritten to use psycopg).

SQLite writers take the write lock at the start of a transaction (`BEGIN IMMEDIATE`), so two
people editing the same row are serialised rather than failing half way with
"database is locked"; a stale edit is then refused by the version check (register/edits.py).

A SQLite file this user cannot write (a register shared read-only) is opened read-only
(`mode=ro`; `immutable=1` as well when its folder cannot be written either, so no lock or
WAL file is needed): reports, lists and exports work, and a change is refused by SQLite
("attempt to write a readonly database").
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from icsplan.errors import InputError, Problem
from icsplan.register import audit as _audit  # noqa: F401  (registers the audit-trail hooks)

ENV_VAR = "ICSPLAN_DB"


class DatabaseUrlError(InputError):
    """A database URL that icsplan cannot use."""


def default_path() -> Path:
    """The per-user SQLite file used when no URL is given."""
    import platformdirs

    return Path(platformdirs.user_data_dir("icsplan", appauthor=False)) / "register.db"


def database_url(db: str | None = None) -> str:
    """The URL to use: `db` if given, else `$ICSPLAN_DB`, else the per-user SQLite file."""
    url = db or os.environ.get(ENV_VAR)
    if not url:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:  # a bare path means a SQLite file
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(db: str | None = None) -> Engine:
    """An engine for the register database (see the module docstring for the URL)."""
    url = database_url(db)
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own wording
        raise DatabaseUrlError([Problem("--db", "is not a database URL such as "
                                        "sqlite:///register.db or postgresql://host/db",
                                        value=url)]) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUrlError([Problem("--db", "names a database icsplan does not support; "
                                        "use sqlite:/// or postgresql://",
                                        value=parsed.get_backend_name())])
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database) if parsed.database not in (None, "", ":memory:") else None
        how = read_only(path) if path is not None else None
        if how is not None:
            engine = create_engine(url, creator=_read_only_connect(path, how))
            _read_only_sqlite(engine)
            return engine
        engine = create_engine(url, connect_args={"timeout": 60})
        _serialise_sqlite_writers(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def read_only(path: Path) -> str | None:
    """How to open a SQLite file this user cannot write: "ro" (the file is read-only),
    "immutable" (its folder is read-only too: no lock or WAL file can be made), or None."""
    if not path.is_file():
        return None
    folder_writable = os.access(path.parent, os.W_OK)
    if os.access(path, os.W_OK) and folder_writable:
        return None
    return "ro" if folder_writable else "immutable"


def _read_only_connect(path: Path, how: str):
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if how == "immutable"
                                                           else "")

    def connect():
        return sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)

    return connect


def _read_only_sqlite(engine: Engine) -> None:
    """A read-only SQLite file: no journal-mode change, transactions begin as plain reads."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")


def _serialise_sqlite_writers(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions, and begin them IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (reports read them afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine, author: str):
    """One unit of work by `author`: commits on success, rolls everything back on error."""
    session = session_factory(engine)()
    session.info["author"] = author
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def current_user() -> str:
    """Who is editing, for the audit trail: `$ICSPLAN_USER`, else the login name."""
    import getpass

    return os.environ.get("ICSPLAN_USER") or getpass.getuser()
