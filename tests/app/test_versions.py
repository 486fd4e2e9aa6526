"""Saving, comparing and downloading versions through the app's functions, on SQLite and on a
throw-away PostgreSQL server."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from icsplan.app.context import AppContext
from icsplan.app.levers import base_levers
from icsplan.app.pages import scenarios, whatif
from icsplan.scenario import load_scenario
from icsplan.scenario.excel import import_excel
from icsplan.store import list_versions, make_engine, upgrade

pytestmark = pytest.mark.functional


@pytest.fixture
def ctx(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    yield AppContext(scenario=load_scenario("mse-2016"), engine=engine)
    engine.dispose()


def test_new_versions_are_kept_and_a_stale_update_is_refused(ctx):
    lv = base_levers(ctx.scenario)
    faster = dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 3.0})
    text, v1, ok = whatif.save(ctx, None, "alice", "faster A&E growth", None, True, faster)
    assert ok and text.startswith(f"Saved as version {v1}")
    # bob and carol both opened v1; both save as new versions: both kept
    _, v2, ok2 = whatif.save(ctx, None, "bob", "bob's", v1, True, lv)
    _, v3, ok3 = whatif.save(ctx, None, "carol", "carol's", v1, True, faster)
    assert ok2 and ok3 and len({v1, v2, v3}) == 3
    # bob edits the version he saved, but carol's is newer: refused, nothing saved
    text, opened, ok = whatif.save(ctx, None, "bob", "bob again", v2, False, faster)
    assert not ok and opened == v2 and text.startswith("Refused:") and "carol" in text
    with ctx.transaction("reader") as session:
        versions = list_versions(session, "mse-2016")
    assert [v.author for v in versions] == ["carol", "bob", "alice"]
    assert versions[0].message == f"carol's (started from version {v1})"


def test_no_message_or_an_invalid_lever_saves_nothing(ctx):
    lv = base_levers(ctx.scenario)
    assert not whatif.save(ctx, None, "alice", "  ", None, True, lv)[2]
    bad = dataclasses.replace(lv, investment_pct=300)
    text, _, ok = whatif.save(ctx, None, "alice", "too much", None, True, bad)
    assert not ok and "Investment level: must be between" in text
    with ctx.transaction("reader") as session:
        assert list_versions(session, "mse-2016") == []


def test_compare_and_download(ctx, tmp_path):
    lv = base_levers(ctx.scenario)
    grown = dataclasses.replace(lv, growth_pct={**lv.growth_pct, "outpatient": 4.0})
    _, v1, _ = whatif.save(ctx, None, "alice", "more outpatient growth", None, True, grown)
    diffs = scenarios.input_differences(ctx, scenarios.BASE, str(v1))
    assert len(diffs) == 1 and "growth.csv: rows that differ" in str(diffs[0])
    outputs = str(scenarios.output_differences(ctx, scenarios.BASE, str(v1)))
    assert "Outpatient appointments vs momentum" in outputs
    content, name = scenarios.download_bytes(ctx, str(v1), excel=False)
    assert name == f"mse-2016-v{v1}.zip"
    files = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert f"mse-2016-v{v1}/growth.csv" in files
    book, name = scenarios.download_bytes(ctx, str(v1), excel=True)
    assert name.endswith(".xlsx")
    (tmp_path / name).write_bytes(book)
    again = import_excel(tmp_path / name)
    assert again.content_hash() == ctx.version_scenario(v1).content_hash()
