"""Add, change and remove register rows safely when many people edit at once.

Every change states the version of the row it was based on. If someone else has saved the
row since, the change is refused with `StaleEditError`, whose message lists what they
changed and when, and nothing is written. The row is read with `SELECT ... FOR UPDATE` on
PostgreSQL (SQLite serialises writers with BEGIN IMMEDIATE, register/db.py), so two writers of
the same row queue rather than race; SQLAlchemy's version check on the UPDATE is a second
guard. The audit entries are written in the same transaction (register/audit.py).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from icsplan.errors import Problem
from icsplan.register.audit import history
from icsplan.register.models import REGISTER_MODELS, RegisterRow
from icsplan.register.rows import RegisterInputError, validate_row


class StaleEditError(Exception):
    """An edit based on an old version of a row: refused, with who changed what since."""

    def __init__(self, register: str, key: str, expected: int, current: int | None,
                 changes: list[str]):
        self.register, self.key, self.expected, self.current = register, key, expected, current
        self.changes = changes
        what = "it has been deleted" if current is None else f"it is now at version {current}"
        detail = "; ".join(changes) or "no audit entries found"
        super().__init__(f"{register} '{key}' was changed since version {expected} that your "
                         f"edit is based on ({what}): {detail}. Nothing was saved; reload "
                         f"the row and make your change again.")


class RowNotFoundError(RegisterInputError):
    """A key that is not in the register."""


def _model(register: str) -> type[RegisterRow]:
    if register not in REGISTER_MODELS:
        raise RegisterInputError([Problem("register", f"is not one of "
                                          f"{', '.join(REGISTER_MODELS)}", value=register)])
    return REGISTER_MODELS[register]


def values_of(row: RegisterRow) -> dict:
    """A row's stored values as a dict of its columns."""
    return {c.key: getattr(row, c.key) for c in row.__mapper__.column_attrs}


def add(session: Session, register: str, values: dict) -> RegisterRow:
    """Validate and add a new row (version 1); refused if the key already exists."""
    model = _model(register)
    clean, problems = validate_row(register, values, file=register)
    if problems:
        raise RegisterInputError(problems)
    if session.get(model, clean["id"]) is not None:
        raise RegisterInputError([Problem(register, "already exists", field="id",
                                          value=clean["id"])])
    clean.pop("version", None)
    row = model(**clean)
    session.add(row)
    session.flush()
    return row


def _locked(session: Session, model: type[RegisterRow], key: str) -> RegisterRow | None:
    query = select(model).where(model.id == key).with_for_update()
    return session.scalars(query.execution_options(populate_existing=True)).first()


def _stale(session: Session, register: str, key: str, expected: int,
           row: RegisterRow | None) -> StaleEditError:
    entity = _model(register).__tablename__
    entries = history(session, entity, key, since_version=expected)
    changes = []
    for e in entries:
        when = e.at.strftime("%Y-%m-%d %H:%M UTC")
        if e.action == "update":
            changes.append(f"{e.author} set {e.field} from {e.old_value!r} to "
                           f"{e.new_value!r} at {when} (version {e.version})")
        elif e.action == "delete":
            changes.append(f"{e.author} deleted it at {when}")
    return StaleEditError(register, key, expected, None if row is None else row.version, changes)


def _current(session: Session, register: str, key: str, expected_version: int) -> RegisterRow:
    """The row to change, locked, if it is still at `expected_version`; else refused."""
    row = _locked(session, _model(register), key)
    if row is None:
        raise RowNotFoundError([Problem(register, "is not in the register", field="id",
                                        value=key)])
    if row.version != expected_version:
        raise _stale(session, register, key, expected_version, row)
    return row


def update(session: Session, register: str, key: str, changes: dict,
           expected_version: int) -> RegisterRow:
    """Change fields of a row read at `expected_version`; refused if it was saved since."""
    row = _current(session, register, key, expected_version)
    merged = {**values_of(row), **changes, "id": key}
    merged.pop("version", None)
    clean, problems = validate_row(register, merged, file=register)
    if problems:
        raise RegisterInputError(problems)
    for field in changes:
        setattr(row, field, clean[field])
    try:
        session.flush()
    except StaleDataError as exc:  # a writer slipped in between (second guard)
        raise StaleEditError(register, key, expected_version, None,
                             ["another writer saved it at the same moment"]) from exc
    return row


def delete(session: Session, register: str, key: str, expected_version: int) -> None:
    """Remove a row read at `expected_version`; refused if it was saved since."""
    row = _current(session, register, key, expected_version)
    session.delete(row)
    session.flush()
