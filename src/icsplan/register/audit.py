"""The audit trail: every insert, update and delete of a register row, field by field.

A `before_flush` hook on every Session records one audit row per changed field (who =
`session.info["author"]`, when, entity, key, field, old and new value, the row's version
after the change) and an `after_flush` hook inserts them in one statement on the flush's
own connection, so the trail commits or rolls back with the change itself. A session
without an author cannot change a register row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from icsplan.register.models import AuditEntry, Base, ScenarioVersion, utc_now

NOT_AUDITED = {"version", "content"}  # the counter itself; a version's content (hash is kept)


def text(value: object) -> str | None:
    """A value as the audit trail stores it (dates ISO, numbers as written, None as NULL)."""
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _columns(obj: Base) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in NOT_AUDITED]


def _key(obj: Base) -> str:
    return str(obj.id)


@event.listens_for(Session, "before_flush")
# noqa below: one SQLAlchemy flush hook over inserts, updates and deletes, each a short loop;
# kept together so the audit of one flush is read in one place.
def _record(session: Session, _context, _instances) -> None:  # noqa: C901
    """Add the audit entries of this flush's inserts, updates and deletes."""
    changes = [*session.new, *session.dirty, *session.deleted]
    changes = [o for o in changes
               if isinstance(o, Base) and not isinstance(o, AuditEntry | ScenarioVersion)]
    if not changes:
        return
    author = session.info.get("author")
    if not author:
        raise RuntimeError("register changes need an author (session.info['author'])")
    now = utc_now()
    entries: list[dict] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry) or not isinstance(obj, Base):
            continue
        if isinstance(obj, ScenarioVersion):
            continue  # audited by register/versions.py once its id is known
        version = getattr(obj, "version", None) or 1
        entries += [dict(at=now, author=author, entity=obj.__tablename__, key=_key(obj),
                               action="insert", field=f, old_value=None,
                               new_value=text(getattr(obj, f)), version=version)
                    for f in _columns(obj) if getattr(obj, f) is not None]
    for obj in session.dirty:
        if isinstance(obj, AuditEntry | ScenarioVersion) or not isinstance(obj, Base):
            continue
        state = inspect(obj)
        version = (getattr(obj, "version", 0) or 0) + 1
        for f in _columns(obj):
            hist = state.attrs[f].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if text(old) == text(new):
                continue
            entries.append(dict(at=now, author=author, entity=obj.__tablename__,
                                      key=_key(obj), action="update", field=f,
                                      old_value=text(old), new_value=text(new), version=version))
    for obj in session.deleted:
        if isinstance(obj, AuditEntry | ScenarioVersion) or not isinstance(obj, Base):
            continue
        entries.append(dict(at=now, author=author, entity=obj.__tablename__, key=_key(obj),
                                  action="delete", field=None,
                                  old_value=text(getattr(obj, "name", None)
                                                 or getattr(obj, "description", None)),
                                  new_value=None, version=getattr(obj, "version", None)))
    session.info.setdefault("pending_audit", []).extend(entries)


@event.listens_for(Session, "after_flush")
def _write(session: Session, _context) -> None:
    """Insert this flush's audit rows in one statement, on the flush's own connection."""
    entries = session.info.pop("pending_audit", None)
    if entries:
        session.connection().execute(insert(AuditEntry), entries)


@event.listens_for(Session, "after_soft_rollback")
def _discard(session: Session, _previous) -> None:
    """A failed flush's audit rows are never written by a later one."""
    session.info.pop("pending_audit", None)


def history(session: Session, entity: str | None = None, key: str | None = None,
            since_version: int | None = None) -> list[AuditEntry]:
    """Audit entries, oldest first, optionally for one entity (table name) and key."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if key:
        query = query.where(AuditEntry.key == key)
    if since_version is not None:
        query = query.where(AuditEntry.version > since_version)
    return list(session.scalars(query))
