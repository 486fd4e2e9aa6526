"""Create or upgrade the register schema with the Alembic migrations inside the package.

`icsplan register init|upgrade` call `upgrade(engine)`; no alembic.ini is needed because the
configuration is built here and the migrations are found as package data
(`icsplan.register:migrations`). New revision (developers):
`python -m icsplan.register.migrate revision "what changed"` autogenerates one against a
scratch SQLite database at the current head.
"""

from __future__ import annotations

import sys
import tempfile

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", "icsplan.register:migrations")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this version of icsplan knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (None if it has no register yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database's schema to `revision` (creating it when empty)."""
    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def _new_revision(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/scratch.db")
        upgrade(engine)
        with engine.begin() as connection:
            command.revision(_config(connection), message=message, autogenerate=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _new_revision(sys.argv[2])
    else:
        sys.exit("usage: python -m icsplan.register.migrate revision MESSAGE")
