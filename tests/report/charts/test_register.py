"""Register charts draw what the register holds, in the house colours."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.report.charts import register as charts
from icsplan.report.style import LEVEL_COLOURS, RAG_COLOURS

pytestmark = pytest.mark.unit


def _heat(counts: dict[tuple[int, int], int]) -> pd.DataFrame:
    from icsplan.register.rag import rag

    rows = [{"impact": i, "likelihood": k, "count": counts.get((i, k), 0), "score": i * k,
             "rag": rag(i * k)} for i in range(1, 6) for k in range(1, 6)]
    return pd.DataFrame(rows)


def test_heat_map_has_25_cells_coloured_by_rating_with_counts():
    fig = charts.risk_heat_map(_heat({(4, 3): 10, (5, 3): 1, (3, 3): 2}))
    assert len(fig.layout.shapes) == 25
    assert {s.fillcolor for s in fig.layout.shapes} <= set(RAG_COLOURS.values())
    labels = sorted(a.text for a in fig.layout.annotations if a.text)
    assert labels == ["<b>10</b>", "<b>1</b>", "<b>2</b>"]
    cell = next(s for s in fig.layout.shapes if s.x0 == 2.5 and s.y0 == 4.5)  # impact 5 x lik 3
    assert cell.fillcolor == RAG_COLOURS["R"]


def test_qipp_chart_stacks_status_and_marks_target_and_headroom():
    qipp = pd.DataFrame([{"organisation": "castle_point_rochford", "year": "2019/20",
                          "target_gbp": 8_264_000, "delivered_gbp": 2_731_000,
                          "in_progress_gbp": 5_127_000, "scoping_gbp": 0.0,
                          "gap_gbp": 406_000, "target_with_headroom_gbp": 9_916_800}])
    fig = charts.qipp_pipeline(qipp)
    bars = {t.name: list(t.x) for t in fig.data if t.type == "bar"}
    assert bars["Delivered"] == [2731] and bars["In progress"] == [5127]
    assert bars["Gap to target"] == [406]
    lines = {t.name: t.x[0] for t in fig.data if t.type == "scatter"}
    assert lines == {"QIPP target": 8264, "Target + headroom": pytest.approx(9916.8)}


def test_maturity_chart_stacks_planned_levels_and_adds_assessed_lines():
    shares = pd.DataFrame([
        {"quarter": "2017/18 Q1", "measure": "planned", "level": 1, "localities": 2, "share": 0.5},
        {"quarter": "2017/18 Q1", "measure": "planned", "level": 2, "localities": 2, "share": 0.5},
        {"quarter": "2017/18 Q1", "measure": "assessed", "level": 1, "localities": 4,
         "share": 1.0}])
    fig = charts.maturity(shares)
    planned = [t for t in fig.data if t.type == "bar"]
    assert [t.marker.color for t in planned] == [LEVEL_COLOURS[k] for k in (1, 2, 3, 4)]
    assert [list(t.y) for t in planned[:2]] == [[50.0], [50.0]]
    assert [t.name for t in fig.data if t.type == "scatter"] == ["Level 1 assessed"]
