"""Real databases for the register tests: a SQLite file and a throw-away PostgreSQL server.

A pytest plugin (listed in tests/conftest.py) so every test folder shares ONE definition of
these fixtures, and the session's server is stopped exactly once.

The PostgreSQL server is Debian's (`scripts/ensure-postgres.sh` installs it; `make test`
runs that script). It is initialised and started in a temp dir on a free port with
`initdb`/`pg_ctl` (as the `postgres` user through `runuser` when the tests run as root) and
stopped and removed at the end of the session. Every test gets its own fresh database.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from icsplan.register import make_engine, upgrade


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throw-away PostgreSQL server, started for this test session."""
    bindir = _bindir()
    if bindir is None:
        pytest.fail("PostgreSQL is not installed: run scripts/ensure-postgres.sh (make test "
                    "does)")
    base = Path(tempfile.mkdtemp(prefix="icsplan-pg-"))
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(base, pg.pw_uid, pg.pw_gid)
    data, port = base / "data", _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                 "-A", "trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                 "-l", str(base / "server.log"), "-w", "start"]),
                   check=True, capture_output=True)

    def stop() -> None:
        if data.exists():
            subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                         "-w", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)

    atexit.register(stop)  # a second line of defence if the session is interrupted
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        stop()


def _fresh_postgres(server: str) -> tuple[str, callable]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{server}/{name}", drop


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.db'}"
        return
    url, drop = _fresh_postgres(request.getfixturevalue("postgres_server"))
    yield url
    drop()


@pytest.fixture
def engine(db_url):
    """An engine on a database with the register schema (no rows)."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine):
    """An engine on a register loaded with the mse-2016 seed."""
    from icsplan.register import transaction
    from icsplan.register.transfer import load_seed

    with transaction(engine, "seed:mse-2016") as session:
        load_seed(session, "mse-2016")
    return engine
