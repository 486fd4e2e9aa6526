"""Fan charts and capacity charts draw what the tables hold."""

from __future__ import annotations

import pytest

from icsplan.finance.result import plan_finance
from icsplan.model.capacity import plan_capacity
from icsplan.montecarlo import monte_carlo
from icsplan.report.charts import capacity as capacity_charts
from icsplan.report.charts import uncertainty as charts


@pytest.fixture(scope="module")
def unc(mse, mse_projection):
    return monte_carlo(mse, mse_projection, plan_finance(mse, mse_projection), 1000, seed=2,
                       levels=("pod", "ccg"))


@pytest.mark.unit
def test_activity_fan_has_bands_median_and_principal_per_pod(unc):
    fig = charts.activity_fan(unc.activity)
    assert len(fig.data) == 5 * 6  # five pods x (2 bands x 2 edges + median + principal)
    principal = [t for t in fig.data if t.name == "Principal run (the plan)"]
    assert len(principal) == 5
    one = charts.activity_fan(unc.activity, level="ccg", where={"ccg": "thurrock"})
    assert max(one.data[-1].y) < max(principal[-1].y)  # a CCG is smaller than the system


@pytest.mark.unit
def test_money_fan_and_gap_range(unc):
    fig = charts.money_fan(unc.finance)
    upper, lower = fig.data[2].y, fig.data[3].y  # 10th-90th band edges
    assert all(u >= lo for u, lo in zip(upper, lower, strict=True))
    gap = charts.gap_range(unc.finance)
    assert "probability" in gap.layout.title.text


@pytest.mark.unit
def test_bed_days_chart_shows_published_targets(mse, mse_projection):
    cap = plan_capacity(mse, mse_projection)
    targets = mse.tables["kpi_trajectories"].rename(columns={"target": "value"})
    fig = capacity_charts.bed_days_per_1000(
        cap, targets[targets["measure"] == "bed_days_per_1000"])
    assert [t.name for t in fig.data] == ["Momentum", "Planned", "Published target"]
    assert capacity_charts.beds_by_area(cap, "2020/21").data[0].x.tolist() == [
        "BTUHFT", "MEHT", "SUHFT"]
