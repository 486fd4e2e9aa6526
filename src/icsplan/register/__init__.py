"""The programme register: schemes, milestones, risks, locality maturity, saved scenarios.

SQLAlchemy 2 models with Alembic migrations (register/migrations), SQLite by default and
PostgreSQL by URL (register/db.py); every change is audited in the same transaction
(register/audit.py) and checked against the version it was based on (register/edits.py).
Saved what-if scenarios: register/versions.py. The names below load SQLAlchemy on first use,
so importing a light module such as `icsplan.register.rag` stays cheap.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "history": "audit", "database_url": "db", "make_engine": "db", "transaction": "db",
    "StaleEditError": "edits", "add": "edits", "delete": "edits", "update": "edits",
    "upgrade": "migrate", "StaleVersionError": "versions", "compare_versions": "versions",
    "list_versions": "versions", "load_version": "versions", "save_version": "versions",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'icsplan.register' has no attribute {name!r}")
    return getattr(importlib.import_module(f"icsplan.register.{_EXPORTS[name]}"), name)
