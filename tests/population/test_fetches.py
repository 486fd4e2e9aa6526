"""Only aggregates, the fit sample and the cohort lists leave the engine: what Python holds
does not grow with the number of people (the route to England's 57M)."""

from __future__ import annotations

import pytest


@pytest.mark.functional
def test_no_fetch_grows_with_the_population(duck_counted):
    result, rows = duck_counted
    assert result.people > 10_000 and len(rows) > 5
    assert 1000 in rows  # the fit sample, and nothing bigger
    assert max(rows) <= max(1000, len(result.costs)) < result.people / 4
