"""Finance stages the levers cannot reach are computed once per set of tables."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.finance.budgets import org_budgets, qipp
from icsplan.finance.memo import by_tables
from icsplan.scenario import load_scenario

pytestmark = pytest.mark.functional


def test_the_same_tables_give_the_kept_result_and_new_tables_a_new_one():
    s = load_scenario("mse-2019")
    names = ("org_budgets", "qipp_targets", "qipp_schemes")
    first = by_tables(qipp, s, names)
    pd.testing.assert_frame_equal(first, qipp(s))
    # a what-if shares these very tables with its base: the kept result
    what_if = s.replace(tables={**s.tables, "growth": s.tables.get("growth")})
    assert by_tables(qipp, what_if, names) is first
    # other budgets (a new table) are computed afresh
    budgets = s.tables["org_budgets"].copy()
    budgets["value_gbp"] = budgets["value_gbp"] * 2
    other = s.replace(tables={**s.tables, "org_budgets": budgets})
    again = by_tables(org_budgets, other, ("org_budgets",))
    assert again is not by_tables(org_budgets, s, ("org_budgets",))
    pd.testing.assert_frame_equal(again, org_budgets(other))
    assert again["allocation_gbp"].sum() == pytest.approx(
        2 * org_budgets(s)["allocation_gbp"].sum())
