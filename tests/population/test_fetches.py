"""Only aggregates, the fit sample and the cohort lists leave the engine: what Python holds
does not grow with the number of people (the route to England's 57M)."""

from __future__ import annotations

import pytest


@pytest.mark.functional
def test_no_fetch_grows_with_the_population(duck_counted):
    result, rows = duck_counted
    assert result.people > 10_000 and len(rows) > 5
    # the fit sample: 1,000 people, fetched as a frequency table of their distinct rows
    assert result.model.fitted_on["people"] == 1000
    assert max(rows) <= max(1000, len(result.costs)) < result.people / 4
