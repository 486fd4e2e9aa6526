"""The label map: codes as planners name them, with the scenario's own years and names."""

import pandas as pd
import pytest

from icsplan.report.labels import Labels, labels_for, money

pytestmark = pytest.mark.unit


def test_columns_use_the_base_year_and_money_units():
    labels = Labels(base_year="2023/24")
    assert labels.column("change_vs_baseline_pct") == "Change vs 2023/24 (%)"
    assert labels.column("baseline") == "Baseline (2023/24)"
    assert labels.column("net_gbpm") == "Net saving (£m)"
    assert labels.column("allocation_gbpk") == "Allocation (£k)"
    assert labels.column("value_gbp") == "Value (£)"
    assert labels.column("some_new_column") == "Some new column"


def test_values_are_named(mse):
    labels = labels_for(mse)
    assert labels.value("pod", "non_elective") == "Non-elective admissions"
    assert labels.value("ccg", "mid_essex") == "Mid Essex CCG"
    assert labels.value("locality", "chelmsford_1") == "Chelmsford 1"
    assert labels.value("initiative", "frailty_eol") == "Frailty and end of life"
    assert labels.value("factor", "growth") == "Momentum growth"
    assert labels.value("year", "2020/21") == "2020/21"
    assert labels.words("ltc non_elective: fewer") == (
        "Long-term conditions Non-elective admissions: fewer")


def test_frame_renames_columns_and_values(mse):
    shown = labels_for(mse).frame(pd.DataFrame({"pod": ["ae"], "change_vs_momentum_pct": [1.0]}))
    assert list(shown.columns) == ["Point of delivery", "Change vs momentum (%)"]
    assert shown.iloc[0, 0] == "A&E attendances"


def test_money_in_millions():
    assert money(-299_977) == "-£0.3m"
    assert money(43_100_022) == "£43.1m"
