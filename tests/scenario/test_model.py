"""The Scenario type: content hash, plain copies, and copies the rules check (`revise`)."""

import pytest

from icsplan.scenario import ScenarioError
from icsplan.scenario.build import revise

pytestmark = pytest.mark.unit


def test_the_content_hash_follows_the_inputs(mse):
    growth = mse.tables["growth"].copy()
    growth.loc[0, "annual_growth_pct"] += 1
    changed = mse.replace(tables={**mse.tables, "growth": growth})
    assert changed.content_hash() != mse.content_hash()
    assert mse.replace().content_hash() == mse.content_hash()


def test_revise_checks_the_copy_and_replace_does_not(mse):
    localities = mse.localities.copy()
    localities.loc[0, "ccg"] = "atlantis"
    with pytest.raises(ScenarioError, match="unknown ccg 'atlantis'") as err:
        revise(mse, tables={**mse.tables, "localities": localities})
    [problem] = err.value.problems
    assert (problem.table, problem.key, problem.field) == ("localities", 0, "ccg")
    plain = mse.replace(tables={**mse.tables, "localities": localities})  # a value, no rules
    assert plain.localities.loc[0, "ccg"] == "atlantis"


def test_an_optional_table_that_is_absent_is_empty_with_its_columns(mse):
    bare = mse.replace(tables={k: v for k, v in mse.tables.items() if k != "qipp_schemes"})
    assert bare.table("qipp_schemes").empty
    assert "status" in bare.table("qipp_schemes").columns
