"""Every page in a real browser: it loads with no console errors, axe-core finds no serious
or critical accessibility violation, and a screenshot is written for review."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e

PAGES = ["/", "/activity", "/whatif", "/finance", "/population", "/delivery", "/scenarios",
         "/reconciliation"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_is_accessible(served, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(served.url + path)
    wait_ready(page)
    assert page.locator("#content h1").inner_text()
    assert "Page not found" not in page.locator("#content h1").inner_text()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']} - "
               f"{[n['target'] for n in v['nodes']][:3]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/") or "overview"
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    (SHOTS / f"{name}.axe.json").write_text(json.dumps(
        {"page": path, "violations": [{"id": v["id"], "impact": v["impact"],
                                       "nodes": len(v["nodes"])} for v in violations]},
        indent=1))
    assert serious == []
    assert page.errors == []
