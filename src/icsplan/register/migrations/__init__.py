"""Alembic migrations of the register schema, shipped inside the package."""
