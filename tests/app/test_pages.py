"""Every page in a real browser: it loads with no console errors, axe-core finds no serious
or critical accessibility violation, and a screenshot is written for review."""

from __future__ import annotations

import json

import pytest

from icsplan.app.server import pages
from tests.app.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e

PAGES = [m.PATH for m in pages()]  # every page of the menu, new ones included


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


def scenario_codes(scenario) -> set[str]:
    """The codes a person must never read: pods, CCGs, localities, initiatives and register
    statuses (the short pod codes 'ae' and 'gp' are left out: they are also words' parts; so
    is 'elective', the plain English word of its own label, as in the appraisal's "emergency
    and elective admissions")."""
    codes = (set(scenario.tables["growth"]["pod"]) | set(scenario.localities["locality"])
             | set(scenario.table("ccgs")["ccg"]) | {i.id for i in scenario.initiatives}
             | {"in_progress", "non_elective", "gross_savings_gbp"})
    return {c for c in codes if isinstance(c, str) and len(c) > 3 and c != "elective"}


@pytest.mark.parametrize("width", [1280, 768, 390])
def test_every_page_fits_the_screen_and_shows_no_raw_code(served, browser, width):
    import re

    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    codes = scenario_codes(served.ctx.scenario)
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide, raw = {}, {}
    for path in PAGES:
        pg.goto(served.url + path)
        wait_ready(pg)
        scroll = pg.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
        text = pg.locator("body").inner_text()
        found = sorted(c for c in codes
                       if re.search(r"(?<![\w-])" + re.escape(c) + r"(?![\w-])", text))
        if found:
            raw[path] = found
        name = path.strip("/") or "overview"
        pg.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert wide == {}, f"pages wider than {width} px: {wide}"
    assert raw == {}, f"raw codes in visible text: {raw}"
