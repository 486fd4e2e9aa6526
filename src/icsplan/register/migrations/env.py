"""Alembic environment: runs on the connection icsplan passes in (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from icsplan.register.models import Base


def run_migrations() -> None:
    """Run the pending migrations on the connection given by register/migrate.py."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if getattr(context, "config", None) is not None:  # only when Alembic runs this file
    run_migrations()
