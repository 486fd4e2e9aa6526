"""Edits on SQLite and PostgreSQL: audited in the same transaction, stale edits refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from icsplan.errors import InputError
from icsplan.register import StaleEditError, add, delete, history, transaction, update
from icsplan.register.models import AuditEntry, Risk

pytestmark = pytest.mark.functional

RISK = {"id": "RX", "category": "Delivery", "description": "Estates not ready",
        "impact": 4, "likelihood": 2, "mitigation": "Early surveys", "source": "test"}


def test_insert_update_delete_are_audited_field_by_field(engine):
    with transaction(engine, "alice") as s:
        add(s, "risks", RISK)
    with transaction(engine, "bob") as s:
        row = update(s, "risks", "RX", {"likelihood": 4, "owner": "Estates lead"},
                     expected_version=1)
        assert row.version == 2
    with transaction(engine, "carol") as s:
        delete(s, "risks", "RX", expected_version=2)
    with transaction(engine, "reader") as s:
        entries = history(s, "risk", "RX")
    inserted = {e.field: e.new_value for e in entries if e.action == "insert"}
    assert inserted["impact"] == "4" and inserted["description"] == "Estates not ready"
    assert {e.author for e in entries if e.action == "insert"} == {"alice"}
    updates = [(e.author, e.field, e.old_value, e.new_value, e.version)
               for e in entries if e.action == "update"]
    assert sorted(updates) == [("bob", "likelihood", "2", "4", 2),
                               ("bob", "owner", None, "Estates lead", 2)]
    assert [(e.author, e.action) for e in entries if e.action == "delete"] == [("carol", "delete")]


def test_stale_update_is_refused_naming_who_changed_what(engine):
    with transaction(engine, "alice") as s:
        add(s, "risks", RISK)
    with transaction(engine, "alice") as s:
        update(s, "risks", "RX", {"impact": 5}, expected_version=1)
    with pytest.raises(StaleEditError) as err, transaction(engine, "bob") as s:
        update(s, "risks", "RX", {"likelihood": 1}, expected_version=1)
    message = str(err.value)
    assert "alice set impact from '4' to '5'" in message
    assert "now at version 2" in message and "Nothing was saved" in message
    with transaction(engine, "reader") as s:
        row = s.get(Risk, "RX")
        assert (row.impact, row.likelihood, row.version) == (5, 2, 2)
        assert not [e for e in history(s, "risk", "RX") if e.author == "bob"]


def test_failed_transaction_leaves_no_change_and_no_audit(engine):
    with transaction(engine, "alice") as s:
        add(s, "risks", RISK)
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(RuntimeError), transaction(engine, "bob") as s:
        update(s, "risks", "RX", {"impact": 1}, expected_version=1)
        raise RuntimeError("the app crashed before commit")
    with transaction(engine, "reader") as s:
        assert s.get(Risk, "RX").impact == 4
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_bad_values_name_the_field_and_value(engine):
    with transaction(engine, "alice") as s:
        add(s, "risks", RISK)
    with pytest.raises(InputError) as err, transaction(engine, "bob") as s:
        update(s, "risks", "RX", {"impact": 7, "colour": "red"}, expected_version=1)
    problems = {p.field: p for p in err.value.problems}
    assert problems["impact"].value == 7 and "less than or equal to 5" in problems["impact"].message
    assert problems["colour"].message == "is not a column of this register"


def test_an_existing_key_cannot_be_added_twice(engine):
    with transaction(engine, "alice") as s:
        add(s, "risks", RISK)
    with pytest.raises(InputError, match="already exists"), transaction(engine, "bob") as s:
        add(s, "risks", RISK)
