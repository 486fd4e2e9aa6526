"""Row-by-row validation of an all-text table against its row model."""

import pandas as pd
import pytest

from icsplan.scenario.schema import UnitCostRow
from icsplan.scenario.tables import TableSpec
from icsplan.scenario.validate import validate_rows

pytestmark = pytest.mark.unit
SPEC = TableSpec("unit_costs", UnitCostRow)


def test_a_good_table_comes_back_typed():
    raw = pd.DataFrame({"pod": ["ae"], "cost_gbp": ["120"], "source": ["002"]})
    problems = []
    frame = validate_rows(raw, SPEC, problems)
    assert problems == [] and frame["cost_gbp"].iloc[0] == 120.0


def test_each_bad_row_is_one_problem_on_its_line():
    raw = pd.DataFrame({"pod": ["ae", "maternity", "ae"], "cost_gbp": ["1", "2", "-5"],
                        "source": ["s", "s", "s"]})
    problems = []
    assert validate_rows(raw, SPEC, problems) is None
    assert [(p.row, p.field) for p in problems] == [(3, "pod"), (4, "cost_gbp")]


def test_missing_and_unknown_columns_are_named():
    raw = pd.DataFrame({"pod": ["ae"], "price": ["1"]})
    problems = []
    validate_rows(raw, SPEC, problems)
    fields = {p.field for p in problems}
    assert {"cost_gbp", "price"} <= fields
