import pytest
from pydantic import ValidationError

from icsplan.scenario.schema import Effect, Initiative, ScenarioMeta, year_label, year_start

pytestmark = pytest.mark.unit


def test_year_labels_round_trip():
    assert year_start("2020/21") == 2020
    assert year_label(2020) == "2020/21"
    assert year_label(1999) == "1999/00"


@pytest.mark.parametrize("bad", ["2020/22", "2020-21", "20/21", "2020/2021"])
def test_bad_year_labels_are_rejected(bad):
    with pytest.raises(ValueError, match="financial year"):
        year_start(bad)


def test_meta_lists_years_from_base_to_horizon():
    meta = ScenarioMeta(name="x", title="X", base_year="2015/16", horizon="2017/18",
                        pods=["ae"])
    assert meta.years == ["2015/16", "2016/17", "2017/18"]


def test_horizon_must_follow_base_year():
    with pytest.raises(ValidationError, match="must come after"):
        ScenarioMeta(name="x", title="X", base_year="2015/16", horizon="2015/16", pods=["ae"])


def test_unknown_keys_are_errors_not_ignored():
    with pytest.raises(ValidationError, match="Extra inputs"):
        Effect(pod="ae", reduction_pct=5, source="s", reduction_pc=3)


def test_effect_percent_over_100_is_rejected():
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        Effect(pod="ae", reduction_pct=120, source="s")


def test_phasing_share_must_be_a_fraction():
    with pytest.raises(ValidationError, match="between 0 and 1"):
        Initiative(id="a", name="A", source="s", phasing={"2016/17": 1.5},
                   effects=[Effect(pod="ae", reduction_pct=1, source="s")])
