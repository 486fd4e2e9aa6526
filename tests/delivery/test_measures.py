"""Derived measures from A&E actuals, and plan against actual."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.delivery.measures import ae_measures, financial_year
from icsplan.delivery.plan_vs_actual import plan_vs_actual


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


@pytest.mark.functional
def test_share_of_planned_reduction_achieved():
    periods = pd.date_range("2016-04-01", "2018-03-01", freq="MS")
    values = np.r_[np.full(12, 100.0), np.full(12, 101.0)]  # +1% a year
    measures = pd.DataFrame({"measure": "ae_attendances", "org": "RDD", "period": periods,
                             "value": values})
    summary = pd.DataFrame({"pod": "ae", "year": ["2016/17", "2017/18"],
                            "momentum": [1000.0, 1030.0], "planned": [1000.0, 1000.0]})
    out = plan_vs_actual(measures, summary, ["RDD"]).set_index("year")
    assert out.loc["2017/18", "actual_index"] == pytest.approx(101.0)
    assert out.loc["2017/18", "momentum_index"] == pytest.approx(103.0)
    assert out.loc["2017/18", "share_of_planned_reduction_achieved"] == pytest.approx(2 / 3)
    assert np.isnan(out.loc["2016/17", "share_of_planned_reduction_achieved"])
    partial = measures.iloc[:-1]  # 11 months of 2017/18: not a whole year
    assert plan_vs_actual(partial, summary, ["RDD"])["year"].tolist() == ["2016/17"]
