"""Row-by-row validation of an all-text table against its row model."""

import pandas as pd
import pytest

from icsplan.scenario.folder import in_folder
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


def test_each_bad_row_is_one_problem_at_its_row_and_the_folder_says_its_line():
    raw = pd.DataFrame({"pod": ["ae", "maternity", "ae"], "cost_gbp": ["1", "2", "-5"],
                        "source": ["s", "s", "s"]})
    problems = []
    assert validate_rows(raw, SPEC, problems) is None
    assert [(p.table, p.key, p.field) for p in problems] == [("unit_costs", 1, "pod"),
                                                             ("unit_costs", 2, "cost_gbp")]
    assert [(p.file, p.row) for p in map(in_folder, problems)] == [("unit_costs.csv", 3),
                                                                    ("unit_costs.csv", 4)]


def test_missing_and_unknown_columns_are_named():
    raw = pd.DataFrame({"pod": ["ae"], "price": ["1"]})
    problems = []
    validate_rows(raw, SPEC, problems)
    fields = {p.field for p in problems}
    assert {"cost_gbp", "price"} <= fields
