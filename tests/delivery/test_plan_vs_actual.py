"""Plan against actual: actual activity indexed beside momentum and planned."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.delivery.plan_vs_actual import plan_vs_actual


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
