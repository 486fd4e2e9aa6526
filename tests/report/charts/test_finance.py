"""The finance charts: the right kind of figure, NHS colours, sentence-case titles."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from icsplan.finance import plan_finance
from icsplan.finance.phasing import payback_year
from icsplan.report.charts.finance import (
    bridge_waterfall,
    cash_flow_chart,
    investment_curve_chart,
    workforce_table,
)
from icsplan.report.files import finance_tables
from icsplan.report.style import NHS_BLUE, NHS_GREEN, NHS_RED

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def tables(scenario, projection):
    return finance_tables(plan_finance(scenario, projection))


def sentence_case(fig: go.Figure) -> bool:
    words = fig.layout.title.text.split()
    return words[0][0].isupper() and all(not w[0].isupper() for w in words[1:]
                                         if w.isalpha() and len(w) > 3)


def test_bridge_waterfall(tables):
    fig = bridge_waterfall(tables["bridge_detail"])
    trace = fig.data[0]
    assert isinstance(trace, go.Waterfall)
    assert trace.increasing.marker.color == NHS_GREEN
    assert trace.decreasing.marker.color == NHS_RED
    assert trace.totals.marker.color == NHS_BLUE
    # 17 steps, 2 named subtotals and the gap
    assert list(trace.measure).count("total") == 3 and len(trace.y) == 20
    assert trace.orientation == "h"
    assert trace.text[-1] == "-0.3"
    assert fig.layout.font.family.startswith("Arial") and sentence_case(fig)


def test_investment_curve_marks_payback(tables):
    fig = investment_curve_chart(tables["investment_curve"])
    assert len(fig.data) == 4
    assert any("pays back by 2020/21" in a.text for a in fig.layout.annotations)
    assert any("25% invested, 12.5% saved" in a.text for a in fig.layout.annotations)
    assert sentence_case(fig)


def test_cash_flow_chart(tables):
    cash = tables["cash_flow"]
    fig = cash_flow_chart(cash, payback_year(cash))
    assert any(a.text == "payback 2020/21" for a in fig.layout.annotations)


def test_workforce_table(tables):
    fig = workforce_table(tables["workforce"])
    cells = fig.data[0].cells.values
    assert cells[0][-1] == "Total" and cells[1][-1] == "443"
    assert fig.data[0].header.fill.color == NHS_BLUE
    detail = workforce_table(tables["workforce_detail"]).data[0].cells.values
    assert list(detail[0][-2:]) == ["Total additional", "Total up-skilled"]
    assert list(detail[2][-2:]) == ["177", "266"]
