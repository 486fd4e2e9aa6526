"""Charts of the RTT waiting list: actual then projected, with the 92% standard."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.report.charts import waiting_list as charts

pytestmark = pytest.mark.unit

ACTUALS = pd.DataFrame({"month": ["2016-06", "2016-07"], "share_within_18_weeks": [90.1, 90.5],
                        "over_52_weeks": [700.0, 680.0], "over_65_weeks": [300.0, 290.0],
                        "over_78_weeks": [float("nan")] * 2})
PROJECTION = ACTUALS.assign(month=["2016-08", "2016-09"], share_within_18_weeks=[91.0, 91.5])


def test_share_chart_draws_actual_projected_and_the_standard():
    fig = charts.share_within_18_weeks(ACTUALS, PROJECTION)
    names = [t.name for t in fig.data]
    assert names == ["Actual", "Projected (the plan)", "Standard 92%"]
    assert list(fig.data[2].y) == [92, 92]
    assert list(fig.data[2].x) == ["2016-06", "2016-09"]


def test_long_waits_skip_measures_the_data_do_not_reach():
    fig = charts.long_waits(ACTUALS, PROJECTION)
    assert [t.name for t in fig.data] == ["52 weeks or more", "65 weeks or more"]
    assert list(fig.data[0].y) == [700.0, 680.0, 700.0, 680.0]
