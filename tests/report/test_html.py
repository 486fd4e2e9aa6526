"""The assembled report: every section in order, plotly.js once, no network needed."""

import re

import pytest

from icsplan.pipeline import run_plan
from icsplan.report.html import default_sections, render_report

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def page(mse):
    return render_report(run_plan(mse))


def test_sections_in_reading_order(mse, page):
    titles = [s.title for s in default_sections(run_plan(mse))]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Population segments and risk" not in titles


def test_plotly_is_embedded_once_and_nothing_is_fetched(page):
    assert len(re.findall(r"Plotly\s*=|define\(\"plotly\"", page)) <= 2
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert page.count("Plotly.newPlot") >= 5
