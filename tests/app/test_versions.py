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
from icsplan.register import list_versions, make_engine, upgrade
from icsplan.scenario import load_scenario
from icsplan.scenario.excel import import_excel

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
    assert not ok and "Investment level (% of the planned investment): must be between" in text
    with ctx.transaction("reader") as session:
        assert list_versions(session, "mse-2016") == []


def test_compare_and_download(ctx, tmp_path):
    lv = base_levers(ctx.scenario)
    grown = dataclasses.replace(lv, growth_pct={**lv.growth_pct, "outpatient": 4.0})
    _, v1, _ = whatif.save(ctx, None, "alice", "more outpatient growth", None, True, grown)
    diffs = scenarios.input_differences(ctx, scenarios.BASE, str(v1))
    assert "growth.csv: rows that differ" in str(diffs[0])
    assert "Outpatient appointments: growth (% a year)" in str(diffs[1])
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


def test_a_version_keeps_every_lever_and_opens_as_saved(ctx):
    lv = base_levers(ctx.scenario)
    half = dataclasses.replace(lv, investment_pct=50.0,
                               delay_years={**lv.delay_years, "frailty_eol": 1},
                               achieved_pct={**lv.achieved_pct, "ltc": 70.0})
    _, v1, ok = whatif.save(ctx, None, "alice", "half the investment", None, True, half)
    assert ok
    levers, opened, text = whatif.open_version(ctx, f"?version={v1}")
    assert levers == half and opened == {"id": v1, "name": "mse-2016"}
    assert f"version {v1} of scenario mse-2016" in text and "alice" in text
    # the plan a version shows is at its own investment level
    assert ctx.version_plan(v1).manifest.investment_level == 0.5
    # the same files at another investment level are not "the same inputs"
    _, v2, _ = whatif.save(ctx, None, "bob", "full investment", v1, True,
                           dataclasses.replace(half, investment_pct=100.0))
    diffs = str(scenarios.input_differences(ctx, str(v1), str(v2)))
    assert "Investment level" in diffs and "The inputs are the same" not in diffs
    # an unknown version, or none, opens the published plan and says so
    assert whatif.open_version(ctx, "?version=999")[0] is None
    assert "no saved version 999" in whatif.open_version(ctx, "?version=999")[2]
    assert whatif.open_version(ctx, "")[1] == {"id": None, "name": "mse-2016"}


def test_a_branch_is_a_new_scenario_under_its_parent_and_compares(ctx):
    lv = base_levers(ctx.scenario)
    late = dataclasses.replace(lv, delay_years={**lv.delay_years, "frailty_eol": 1})
    _, v1, _ = whatif.save(ctx, None, "alice", "base copy", None, True, lv)
    text, v2, ok = whatif.save(ctx, None, "bob", "frailty a year late", v1, True, late,
                               branch="frailty-late")
    assert ok and "number 1 of frailty-late" in text
    # the branch's next version follows its own history; the published plan's is untouched
    _, v3, ok = whatif.save(ctx, None, "bob", "and half the money", v2, False,
                            dataclasses.replace(late, investment_pct=50.0),
                            name="frailty-late")
    assert ok
    with ctx.transaction("reader") as session:
        assert [v.id for v in list_versions(session, "mse-2016")] == [v1]
    frame = scenarios.versions_frame(ctx)
    assert list(frame["version"]) == [v3, v2, v1]
    assert list(frame["parent"]) == [f"version {v2}", f"version {v1}", "published plan"]
    tree = str(scenarios.history_tree(ctx, scenarios.family(ctx)))
    assert tree.index(f"Version {v1}") < tree.index(f"Version {v2}") < tree.index(
        f"Version {v3}")
    # a taken or malformed name is refused and saves nothing
    assert "already taken" in whatif.save(ctx, None, "carol", "again", v1, True, late,
                                          branch="frailty-late")[0]
    assert "must start with" in whatif.save(ctx, None, "carol", "bad", v1, True, late,
                                            branch="Frailty Late")[0]
    # compare: activity by pod and year, the bridge and the targets differ
    body = str(scenarios.result_differences(ctx, str(v1), str(v3)))
    assert "compare-chart" in body
    assert "Planned activity by point of delivery and year" in body
    assert "Gap after the bridge" in body and "Locality targets" in body
    assert "frailty_eol" not in body


def test_a_stale_update_offers_the_newest_version(ctx):
    lv = base_levers(ctx.scenario)
    _, v1, _ = whatif.save(ctx, None, "alice", "one", None, True, lv)
    _, v2, _ = whatif.save(ctx, None, "bob", "two", v1, True, lv)
    text, opened, ok = whatif.save(ctx, None, "alice", "edit of one", v1, False, lv)
    assert not ok and opened == v1 and f"version {v2} by bob" in text
    assert whatif.newest_version(ctx) == v2
