"""The Forecast, Waiting lists and Programmes pages in a real browser over HTTP, and the app
on mse-2019 (no activity model): controls recompute, bad levers are one problem beside the
lever, every programme has a page."""

from __future__ import annotations

import pytest

from tests.app.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e


def _shots(browser, url: str, name: str) -> None:
    """Screenshots at 1280 and 390 px; the page never wider than the screen."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        pg.goto(url)
        wait_ready(pg)
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        pg.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()


@pytest.mark.slow
def test_the_forecast_page_recomputes_with_the_recovery_year(served_actuals, page, browser):
    page.goto(served_actuals.url + "/forecast")
    wait_ready(page)
    assert page.locator("#content h1").inner_text() == "Forecast outturn"
    assert page.locator("[id^=card-forecast-]").count() == 3
    assert "odds the gap closes" in page.locator("#card-forecast-0").inner_text()
    assert page.locator("#forecast-delivery").count() == 1
    assert page.locator("#forecast-backtest").count() == 1
    before = page.locator("#forecast-headline").inner_text()
    years = page.locator("#forecast-recover-by input[type=radio]")
    assert years.count() >= 2
    years.first.check()
    page.wait_for_function(
        "t => document.querySelector('#forecast-headline').innerText !== t", arg=before,
        timeout=60_000)
    assert page.errors == []
    _shots(browser, served_actuals.url + "/forecast", "forecast-actuals")


def test_without_actuals_the_forecast_page_says_how(served, page):
    page.goto(served.url + "/forecast")
    wait_ready(page)
    assert "--actuals" in page.locator("#forecast-missing").inner_text()


def test_waiting_list_levers_recompute_and_refuse_bad_values(served, page, browser):
    page.goto(served.url + "/waiting-list")
    wait_ready(page)
    story = page.locator("#wl-story").inner_text()
    page.fill("#wl-extra", "300")
    page.press("#wl-extra", "Enter")
    page.wait_for_function(
        "t => document.querySelector('#wl-story').innerText !== t", arg=story,
        timeout=60_000)
    changed = page.locator("#wl-story").inner_text()
    assert changed != story
    page.fill("#wl-growth", "80")
    page.press("#wl-growth", "Enter")
    page.wait_for_selector("#wl-growth-problem:not(:empty)", timeout=60_000)
    assert "between -50% and +50%" in page.locator("#wl-growth-problem").inner_text()
    assert page.locator("#wl-story").inner_text() == changed  # results left as they were
    page.fill("#wl-growth", "5")
    page.press("#wl-growth", "Enter")
    page.wait_for_selector("#wl-growth-problem:empty", state="attached", timeout=60_000)
    assert page.errors == []
    _shots(browser, served.url + "/waiting-list", "waiting-list")


@pytest.mark.slow
def test_the_app_opens_mse_2019_with_its_programmes(served_2019, page, browser):
    page.goto(served_2019.url + "/")
    wait_ready(page)
    assert page.locator("#content h1").inner_text() == "Programmes"
    nav = page.locator("nav").inner_text()
    assert "Programmes" in nav and "Activity" not in nav and "What if" not in nav
    assert "from the register" in page.locator("#programme-source").inner_text()
    page.get_by_role("link", name="Better Births maternity transformation (LMS)").click()
    page.wait_for_selector("#programme-name", timeout=60_000)
    assert "Better Births" in page.locator("#programme-name").inner_text()
    assert page.locator("#programme-kpis").count() == 1
    assert "programme=maternity_lms" in page.url
    page.goto(served_2019.url + "/activity")
    wait_ready(page)
    assert "without an activity model" in page.locator("#content").inner_text()
    assert page.errors == []
    _shots(browser, served_2019.url + "/programmes?programme=maternity_lms",
           "mse-2019-programme")
