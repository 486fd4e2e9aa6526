"""The Activity page's small charts at a phone's, a tablet's and a desktop's width: no chart
title or axis label overlaps another chart's, and none is clipped by the screen or its box
(the page used to draw the pods as one grid of panels whose titles ran into each other at
390 px)."""

from __future__ import annotations

import pytest

from tests.app.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e

#: each chart's title, axis tick labels and value labels, with the chart they belong to
BOXES = """() => [...document.querySelectorAll('.multiples .cell')].flatMap((cell, i) =>
  [...cell.querySelectorAll('.gtitle, .xtick text, .ytick text, .annotation-text')]
    .map(el => { const r = el.getBoundingClientRect();
                 const c = cell.getBoundingClientRect();
                 return {chart: i, kind: el.getAttribute('class'), text: el.textContent,
                         left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                         cellLeft: c.left, cellRight: c.right}; }))"""


def _overlap(a: dict, b: dict) -> bool:
    return (a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
            and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1)


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_chart_titles_and_labels_do_not_overlap_or_clip(served, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(served.url + "/activity")
    wait_ready(pg)
    pg.wait_for_selector(".multiples .cell .gtitle")
    boxes = pg.evaluate(BOXES)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"activity-charts-{width}.png"), full_page=True)
    context.close()
    titles = [b for b in boxes if b["kind"] == "gtitle"]
    assert len(titles) == 10  # five pods, trajectories and waterfalls
    clipped = [b["text"] for b in boxes
               if b["left"] < b["cellLeft"] - 1 or b["right"] > min(b["cellRight"], width) + 1]
    assert clipped == []
    across = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
              if a["chart"] != b["chart"] and _overlap(a, b)]
    assert across == []
    titles_hit = [(t["text"], b["text"]) for t in titles for b in boxes
                  if b is not t and _overlap(t, b)]
    assert titles_hit == []
