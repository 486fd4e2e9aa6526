"""Problems and the one input-error base."""

import pytest

from icsplan.errors import InputError, Problem
from icsplan.finance.bridge import BridgeError
from icsplan.model.demand import ModelError
from icsplan.population.schema import PopulationInputError
from icsplan.scenario.errors import ScenarioError

pytestmark = pytest.mark.unit


def test_a_problem_says_where_then_what_and_quotes_the_value():
    p = Problem("baseline.csv", "must be a number", row=4, field="activity", value="lots")
    assert str(p) == "baseline.csv, line 4, field 'activity': must be a number (got 'lots')"


def test_a_value_already_quoted_is_not_repeated():
    p = Problem("growth.csv", "unknown pod 'maternity'", value="maternity")
    assert str(p).count("maternity") == 1


def test_an_input_error_takes_one_problem_a_list_or_a_sentence():
    assert len(InputError(Problem("a", "b")).problems) == 1
    assert str(InputError("plain words")) == "plain words"
    err = InputError([Problem("a", "x"), Problem("b", "y")], title="Bad")
    assert err.title == "Bad" and len(err.problems) == 2


@pytest.mark.parametrize("cls", [ScenarioError, ModelError, BridgeError, PopulationInputError])
def test_every_stage_error_is_an_input_error_with_its_own_title(cls):
    assert issubclass(cls, InputError)
    assert cls.title != InputError.title
