"""Fixtures of the finance tests, named as the finance modules name their arguments; the
built-in scenario, its projection and `scenario_copy` come from tests/conftest.py."""

from __future__ import annotations

import pytest

from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario


@pytest.fixture(scope="session")
def scenario(mse: Scenario) -> Scenario:
    return mse


@pytest.fixture(scope="session")
def projection(mse_projection: Projection) -> Projection:
    return mse_projection
