"""The programme register: schemes, milestones, risks, locality maturity, saved scenarios.

SQLAlchemy 2 models with Alembic migrations (store/migrations), SQLite by default and
PostgreSQL by URL (store/db.py); every change is audited in the same transaction
(store/audit.py) and checked against the version it was based on (store/edits.py).
Saved what-if scenarios: store/versions.py.
"""

from icsplan.store.audit import history
from icsplan.store.db import database_url, make_engine, transaction
from icsplan.store.edits import StaleEditError, add, delete, update
from icsplan.store.migrate import upgrade
from icsplan.store.versions import (
    StaleVersionError,
    compare_versions,
    list_versions,
    load_version,
    save_version,
)

__all__ = [
    "StaleEditError", "StaleVersionError", "add", "compare_versions", "database_url", "delete",
    "history", "list_versions", "load_version", "make_engine", "save_version", "transaction",
    "update", "upgrade",
]
