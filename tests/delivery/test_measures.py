"""Derived measures from A&E actuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.delivery.measures import ae_measures, financial_year


def ae_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "period": pd.to_datetime(["2016-04-01"] * 3 + ["2016-05-01"]),
        "org_code": ["RDD", "RQ8", "RQ8", "RQ8"],
        "type": ["1", "1", "other", "other"],
        "attendances": [1000, 800, 200, 0], "breaches": [100, 200, 0, 0],
        "admissions": [250, 300, 0, 0]})


@pytest.mark.unit
def test_four_hour_performance_all_types_and_type_1():
    m = ae_measures(ae_rows()).set_index(["measure", "org", "period"])["value"]
    april = pd.Timestamp("2016-04-01")
    assert m["ae_4hr_all", "RQ8", april] == pytest.approx(80.0)  # 1 - 200/1000
    assert m["ae_4hr_type1", "RQ8", april] == pytest.approx(75.0)  # 1 - 200/800
    assert m["ae_4hr_all", "ENG", april] == pytest.approx(85.0)  # 1 - 300/2000
    assert m["emergency_admissions_ae", "ENG", april] == 550
    assert np.isnan(m["ae_4hr_all", "RQ8", pd.Timestamp("2016-05-01")])  # no attendances


@pytest.mark.unit
def test_financial_years():
    months = pd.Series(pd.to_datetime(["2016-03-01", "2016-04-01", "2017-03-01", "2019-12-01"]))
    assert financial_year(months).tolist() == ["2015/16", "2016/17", "2016/17", "2019/20"]
