"""Every page in a real browser: it loads with no console errors, axe-core finds no serious
or critical accessibility violation, and a screenshot is written for review."""

from __future__ import annotations

import json

import pytest

from icsplan.app.server import pages
from tests.app.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e

PAGES = [m.PATH for m in pages()]  # every page of the menu, new ones included
# mse-2019 (no activity model): its own pages, and one it does not have (explained)
PAGES_2019 = ["/", "/programmes", "/programmes?programme=maternity_lms", "/delivery",
              "/register", "/scenarios", "/reconciliation", "/explain", "/glossary", "/activity"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_is_accessible(served, page, path):
    check_page(served, page, path, path.strip("/") or "overview")


@pytest.mark.parametrize("path", PAGES_2019)
def test_mse_2019_page_loads_cleanly_and_is_accessible(served_2019, page, path):
    check_page(served_2019, page, path, "mse-2019-" + (path.strip("/").replace(
        "?programme=", "-") or "home"))


def check_page(served, page, path: str, name: str) -> None:
    """The page loads, has a heading, no console error and no serious axe violation; at
    1280 px it fits the screen and shows no raw code (the narrower widths are checked by
    `check_widths`)."""
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto(served.url + path)
    wait_ready(page)
    assert page.locator("#content h1").inner_text()
    assert "Page not found" not in page.locator("#content h1").inner_text()
    assert fit_problems(page, DESKTOP, scenario_codes(served.ctx.scenario)) == (None, [])
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']} - "
               f"{[n['target'] for n in v['nodes']][:3]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    (SHOTS / f"{name}.axe.json").write_text(json.dumps(
        {"page": path, "violations": [{"id": v["id"], "impact": v["impact"],
                                       "nodes": len(v["nodes"])} for v in violations]},
        indent=1))
    assert serious == []
    assert page.errors == []


def scenario_codes(scenario) -> set[str]:
    """The codes a person must never read: pods, CCGs, localities, initiatives, programmes,
    register and SPC statuses (the short pod codes 'ae' and 'gp' are left out: they are also
    words' parts; so is 'elective', the plain English word of its own label, as in the
    appraisal's "emergency and elective admissions")."""
    growth = scenario.tables.get("growth")
    programmes = scenario.tables.get("programmes")
    codes = (set(growth["pod"] if growth is not None else [])
             | set(scenario.localities["locality"])
             | set(scenario.table("ccgs")["ccg"]) | {i.id for i in scenario.initiatives}
             | {p for p in (programmes["programme"] if programmes is not None else [])
                if "_" in p}  # the others ('cardiology', 'carers') are words too
             | {"in_progress", "non_elective", "gross_savings_gbp", "at_risk",
                "consistent_fail", "special_cause_concern"})
    return {c for c in codes if isinstance(c, str) and len(c) > 3 and c != "elective"}


#: the desktop width: checked page by page above (with axe), the narrower ones below
DESKTOP = 1280


def fit_problems(pg, width: int, codes: set[str]) -> tuple[int | None, list[str]]:
    """(the page's width when wider than `width`, else None; the codes it shows)."""
    import re

    scroll = pg.evaluate("document.documentElement.scrollWidth")
    text = pg.locator("body").inner_text()
    found = sorted(c for c in codes
                   if re.search(r"(?<![\w-])" + re.escape(c) + r"(?![\w-])", text))
    return (scroll if scroll > width else None), found


@pytest.mark.parametrize("width", [768, 390])
def test_every_page_fits_the_screen_and_shows_no_raw_code(served, browser, width):
    check_widths(served, browser, width, PAGES, "")


@pytest.mark.parametrize("width", [390])
def test_every_mse_2019_page_fits_the_screen_and_shows_no_raw_code(served_2019, browser,
                                                                     width):
    check_widths(served_2019, browser, width, PAGES_2019, "mse-2019-")


def check_widths(served, browser, width: int, paths: list[str], prefix: str) -> None:
    """No page wider than the screen; no code a person must never read."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    codes = scenario_codes(served.ctx.scenario)
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide, raw = {}, {}
    for path in paths:
        pg.goto(served.url + path)
        wait_ready(pg)
        scroll, found = fit_problems(pg, width, codes)
        if scroll:
            wide[path] = scroll
        if found:
            raw[path] = found
        name = prefix + (path.strip("/").replace("?programme=", "-") or "overview")
        pg.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert wide == {}, f"pages wider than {width} px: {wide}"
    assert raw == {}, f"raw codes in visible text: {raw}"
