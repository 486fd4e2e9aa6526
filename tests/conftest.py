"""Shared fixtures, and the rule that every test belongs to exactly one test group."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icsplan.model import project
from icsplan.scenario import load_scenario
from icsplan.scenario.folder import resolve

pytest_plugins = ["tests.databases"]  # db_url, engine, seeded: SQLite and PostgreSQL

GROUPS = {"unit", "functional", "backtest", "spark", "e2e"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fail collection when a test is in no group or in more than one (DESIGN.md)."""
    bad = []
    for item in items:
        groups = {m.name for m in item.iter_markers()} & GROUPS
        if len(groups) != 1:
            bad.append(f"{item.nodeid}: {sorted(groups) or 'no group marker'}")
    if bad:
        raise pytest.UsageError("each test needs exactly one of the markers "
                                f"{sorted(GROUPS)}:\n  " + "\n  ".join(bad))


@pytest.fixture(scope="session")
def mse():
    """The built-in mse-2016 scenario."""
    return load_scenario("mse-2016")


@pytest.fixture(scope="session")
def mse_projection(mse):
    return project(mse)


@pytest.fixture
def scenario_copy(tmp_path: Path) -> Path:
    """A writable copy of the mse-2016 folder, for tests that break it on purpose."""
    dest = tmp_path / "scenario"
    shutil.copytree(resolve("mse-2016"), dest)
    return dest


@pytest.fixture(scope="session")
def scenario(mse):
    """The built-in scenario, under the name the stage modules give their argument."""
    return mse


@pytest.fixture(scope="session")
def projection(mse_projection):
    """The built-in scenario's projection, under the name the stage modules use."""
    return mse_projection
