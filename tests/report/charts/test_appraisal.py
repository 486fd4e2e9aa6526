"""Appraisal charts: the access map is a plain scatter on lon/lat axes (no map tiles)."""

from __future__ import annotations

import pytest

from icsplan.appraisal.appraise import appraise
from icsplan.appraisal.reference import road_minutes_for
from icsplan.report.charts.appraisal import access_maps, beds_chart, scores_chart

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def result(mse):
    return appraise(mse, road_minutes=road_minutes_for(mse))


def test_access_map_has_a_panel_per_option_and_no_tiles(mse, result):
    options = [o.option for o in result.option_set.options]
    fig = access_maps(result.area_times, result.option_set.sites, mse.table("option_services"),
                      options)
    assert {t.type for t in fig.data} == {"scatter"}
    layout = fig.to_plotly_json()["layout"]
    assert not {"mapbox", "map", "geo"} & set(layout)
    assert [a.text for a in fig.layout.annotations] == options
    areas = [t for t in fig.data if t.marker.coloraxis == "coloraxis"]
    assert len(areas) == len(options) and all(len(t.x) == 705 for t in areas)


def test_beds_and_scores_charts_show_every_option(mse, result):
    options = [o.option for o in result.option_set.options]
    names = dict(zip(result.option_set.sites["site"], result.option_set.sites["name"],
                     strict=True))
    beds = beds_chart(result.beds, names, options)
    assert len(beds.data) == 3 and list(beds.data[0].x) == options
    scores = scores_chart(result.scores, mse.table("criteria"))
    assert set(scores.data[0].y) == {"1A", "1B", "1C", "2A", "2B"}
