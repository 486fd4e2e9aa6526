"""Comparing two plans: inputs that differ, activity and money that follow."""

import pytest

from icsplan.compare import compare, compare_inputs, run_side

pytestmark = pytest.mark.functional


def with_op_growth(mse, pct):
    growth = mse.tables["growth"].copy()
    growth.loc[growth["pod"] == "outpatient", "annual_growth_pct"] = pct
    return mse.replace(tables={**mse.tables, "growth": growth})


def test_a_scenario_compared_with_itself_differs_in_nothing(mse):
    side = run_side(mse, "mse")
    c = compare(side, side)
    assert c.inputs is not None and c.inputs.empty
    assert (c.activity["planned_difference"] == 0).all()
    assert (c.bridge["difference_gbp"] == 0).all()


def test_more_outpatient_growth_shows_in_inputs_activity_and_money(mse):
    grown = with_op_growth(mse, 6.0)
    inputs = compare_inputs(mse, grown)
    assert inputs[["table", "column", "value_a", "value_b"]].values.tolist() == [
        ["growth", "annual_growth_pct", "3.3", "6"]]
    c = compare(run_side(mse, "a"), run_side(grown, "b"))
    op = c.activity[(c.activity["pod"] == "outpatient") & (c.activity["year"] == "2020/21")]
    assert float(op["planned_difference"].iloc[0]) > 0
    gap = c.headline.set_index("measure").loc["Bridge gap at the horizon"]
    assert gap["b"] < gap["a"]  # more growth costs more


def test_initiative_changes_are_listed_field_by_field(mse):
    first = mse.initiatives[0]
    effect = first.effects[0].model_copy(update={"reduction_pct": 1.0})
    changed = mse.replace(initiatives=(first.model_copy(update={"effects": [effect,
                                                                         *first.effects[1:]]}),
                                       *mse.initiatives[1:]))
    inputs = compare_inputs(mse, changed)
    assert inputs[["table", "key", "column"]].values.tolist() == [
        ["initiatives", first.id, "effects.0.reduction_pct"]]
