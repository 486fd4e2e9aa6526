"""Saved what-if scenarios: save, list, load, compare; a stale save is refused."""

from __future__ import annotations

import threading

import pytest

from icsplan.register import (
    StaleVersionError,
    compare_versions,
    list_versions,
    load_version,
    save_version,
    transaction,
)
from icsplan.register.audit import history
from icsplan.scenario import load_scenario

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def mse():
    return load_scenario("mse-2016")


def _grown(scenario):
    growth = scenario.tables["growth"].copy()
    growth["annual_growth_pct"] = growth["annual_growth_pct"] + 1.0
    return scenario.replace(tables={**scenario.tables, "growth": growth})


def test_save_list_load_and_compare(engine, mse):
    with transaction(engine, "alice") as s:
        v1 = save_version(s, mse, None, "alice", "as published")
    with transaction(engine, "bob") as s:
        v2 = save_version(s, _grown(mse), v1.id, "bob", "one point more growth")
    with transaction(engine, "reader") as s:
        assert [(v.seq, v.author, v.parent_id) for v in list_versions(s, "mse-2016")] == [
            (2, "bob", v1.id), (1, "alice", None)]
        loaded = load_version(s, v1.id)
        assert loaded.content_hash() == mse.content_hash()
        assert compare_versions(s, v1.id, v2.id) == {"growth.csv": "changed"}
        assert [e.author for e in history(s, "scenario_version")] == ["alice", "bob"]
    assert v1.content_hash != v2.content_hash


def test_a_save_on_an_old_version_is_refused_and_names_the_newer_one(engine, mse):
    with transaction(engine, "alice") as s:
        v1 = save_version(s, mse, None, "alice", "base")
    with transaction(engine, "bob") as s:
        save_version(s, _grown(mse), v1.id, "bob", "more growth")
    with pytest.raises(StaleVersionError, match="by bob .*more growth"), \
            transaction(engine, "carol") as s:
        save_version(s, mse, v1.id, "carol", "my edit of the base")
    with transaction(engine, "reader") as s:
        assert len(list_versions(s, "mse-2016")) == 2


def test_racing_saves_on_the_same_parent_keep_exactly_one(engine, mse):
    with transaction(engine, "alice") as s:
        v1 = save_version(s, mse, None, "alice", "base")
    grown = _grown(mse)
    results: list[str] = []

    def save(n: int) -> None:
        try:
            with transaction(engine, f"user{n}") as s:
                save_version(s, grown, v1.id, f"user{n}", f"edit {n}")
            results.append("saved")
        except StaleVersionError:
            results.append("refused")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(results) == ["refused"] * 3 + ["saved"]
    with transaction(engine, "reader") as s:
        assert [v.seq for v in list_versions(s, "mse-2016")] == [2, 1]
