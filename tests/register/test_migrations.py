"""The register's migrations: a store made by an older icsplan upgrades in place, its saved
versions kept (on SQLite and on a throw-away PostgreSQL server)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from icsplan.register import list_versions, load_version, make_engine, transaction, upgrade
from icsplan.register.migrate import current_revision, head_revision
from icsplan.register.versions import content_of, scenario_files
from icsplan.scenario import load_scenario

pytestmark = pytest.mark.functional


def test_an_older_store_upgrades_and_keeps_its_versions(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    scenario = load_scenario("mse-2016")
    content, digest = content_of(scenario_files(scenario))
    with engine.begin() as conn:  # a version saved by the icsplan of revision 0001
        conn.execute(text(
            "INSERT INTO scenario_version (name, seq, parent_id, content, content_hash, "
            "author, message, created_at) VALUES ('mse-2016', 1, NULL, :c, :h, 'alice', "
            "'old', '2026-11-30 10:00:00+00:00')"), {"c": content, "h": digest})
    upgrade(engine)
    assert current_revision(engine) == head_revision() == "0004"
    with transaction(engine, author="reader") as session:
        [old] = list_versions(session, "mse-2016")
        assert old.message == "old" and old.levers is None
        assert load_version(session, old.id).content_hash() == scenario.content_hash()
    engine.dispose()
