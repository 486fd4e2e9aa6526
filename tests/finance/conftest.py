"""Fixtures of the finance tests: the built-in scenario, its projection and a copy to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icsplan.model.demand import Projection, project
from icsplan.scenario.io import Scenario, load_scenario, resolve


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario("mse-2016")


@pytest.fixture(scope="session")
def projection(scenario: Scenario) -> Projection:
    return project(scenario)


@pytest.fixture
def scenario_copy(tmp_path: Path) -> Path:
    """A writable copy of the built-in scenario folder."""
    folder = tmp_path / "mse"
    shutil.copytree(resolve("mse-2016"), folder)
    return folder
