"""Issue 17, items 8 and 9 on the register (SQLite and a throw-away PostgreSQL): a file that
is not a database, a newer schema, a NUL byte, a damaged schema after upgrade, and the users
file of the app: each one plain problem and exit status 2."""

from __future__ import annotations

import pytest

from tests.security.conftest import icsplan

pytestmark = pytest.mark.e2e


def _plain(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr


def test_a_file_that_is_not_a_database_is_one_plain_problem(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    for args in (["register", "export", "schemes", str(tmp_path / "s.csv")],
                 ["register", "init"]):
        err = _plain(icsplan(*args, "--db", str(path)))
        assert "not a register database" in err
    assert path.read_text().startswith("these are my notes")


def test_a_database_at_a_newer_schema_says_so_and_upgrade_does_not_crash(db_url, tmp_path):
    from sqlalchemy import text

    from icsplan.register import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    for args in (["register", "export", "schemes", str(tmp_path / "s.csv")],
                 ["register", "upgrade"]):
        err = _plain(icsplan(*args, "--db", db_url))
        assert "newer icsplan" in err and "9999_from_the_future" in err


def test_a_nul_byte_in_a_register_import_is_one_problem(db_url, tmp_path):
    from icsplan.register import make_engine, upgrade
    from icsplan.register.transfer import columns

    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    path = tmp_path / "schemes.csv"
    cols = columns("schemes")
    row = {c: "" for c in cols} | {"id": "S1", "name": "bad\x00name", "programme": "p",
                                   "organisation": "o", "status": "on_track"}
    path.write_text(",".join(cols) + "\n" + ",".join(row[c] for c in cols) + "\n")
    err = _plain(icsplan("register", "import", "schemes", str(path), "--db", db_url))
    lines = [x for x in err.splitlines() if x.strip().startswith("- ")]
    assert len(lines) == 1 and "NUL character" in lines[0] and "'name'" in lines[0]


def test_upgrade_of_a_database_with_a_dropped_table_is_not_reported_as_done(db_url):
    from sqlalchemy import text

    from icsplan.register import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    with engine.begin() as c:
        c.execute(text("DROP TABLE risk"))
    engine.dispose()
    err = _plain(icsplan("register", "upgrade", "--db", db_url))
    assert "lacks risk" in err and "Schema" not in err.split("lacks")[0].split("\n")[-1]


@pytest.mark.parametrize("password,expect", [("", "at least 10"), ("short", "at least 10")])
def test_app_user_refuses_empty_and_short_passwords(tmp_path, password, expect):
    users = tmp_path / "users"
    err = _plain(icsplan("app-user", str(users), "alice", "--password", password))
    assert expect in err and not users.exists()


def test_app_user_into_a_missing_folder_is_one_plain_problem(tmp_path):
    users = tmp_path / "no" / "such" / "users"
    err = _plain(icsplan("app-user", str(users), "alice", "--password", "long enough pass"))
    assert "does not exist" in err and not users.parent.exists()
