"""The What if page in a real browser: a lever moves the headline to the library's value, an
invalid lever shows its problem and changes nothing, saving lists the version, two users
saving from the same version both keep theirs, and a stale edit is refused."""

from __future__ import annotations

import dataclasses
import re

import pytest

from icsplan.app.compute import headline
from icsplan.app.levers import apply_levers, base_levers
from icsplan.pipeline import run_plan
from icsplan.run_options import RunOptions
from tests.app.conftest import wait_ready

pytestmark = pytest.mark.e2e


def lever(page, kind: str, key: str):
    return page.locator(f'input[id*=\'"key":"{key}"\'][id*=\'"type":"{kind}"\']')


def set_value(page, locator, value) -> None:
    locator.fill(str(value))
    locator.press("Enter")  # debounce: the value is sent on Enter or blur
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading]')")


def library_figure(scenario, key: str, **changes) -> str:
    base = base_levers(scenario)
    levers = dataclasses.replace(base, **{k: {**getattr(base, k), **v} if isinstance(v, dict)
                                          else v for k, v in changes.items()})
    plan = run_plan(apply_levers(scenario, levers),
                    RunOptions(investment_level=levers.investment_level,
                               appraise_options=False))
    return next(f.text() for f in headline(plan) if f.key == key)


@pytest.mark.slow  # the heaviest browser journeys: left out by `make test-fast`
def test_moving_a_lever_gives_the_library_figure(served, page):
    page.goto(served.url + "/whatif")
    wait_ready(page)
    before = page.locator("#whatif-value-net").inner_text()
    set_value(page, lever(page, "achieved", "frailty_eol"), 50)
    want = library_figure(served.ctx.scenario, "net", achieved_pct={"frailty_eol": 50.0})
    page.wait_for_function(
        "want => document.querySelector('#whatif-value-net').innerText === want", arg=want)
    assert page.locator("#whatif-value-net").inner_text() == want != before
    set_value(page, page.locator("#lever-investment"), 50)
    want = library_figure(served.ctx.scenario, "net", achieved_pct={"frailty_eol": 50.0},
                          investment_pct=50)
    page.wait_for_function(
        "want => document.querySelector('#whatif-value-net').innerText === want", arg=want)
    assert page.errors == []


def test_an_invalid_lever_shows_its_problem_and_changes_nothing(served, page):
    page.goto(served.url + "/whatif")
    wait_ready(page)
    values = page.locator("#whatif-table").inner_text()
    set_value(page, lever(page, "growth", "ae"), 150)
    problem = page.locator('[id*=\'"key":"growth-ae"\']')
    problem.wait_for(state="visible")
    # the folder check's message (test_levers), spoken of the lever, not of growth.csv
    assert problem.inner_text() == ("A&E attendances growth (% a year): Input should be less "
                                    "than or equal to 100 (got '150').")
    assert page.locator("#whatif-table").inner_text() == values
    assert "nothing is recomputed" in page.locator("#whatif-stale").inner_text()
    set_value(page, lever(page, "growth", "ae"), 2.3)
    problem.wait_for(state="hidden")
    assert page.locator("#whatif-stale").inner_text() == ""
    assert page.errors == []


def save(page, message: str) -> str:
    page.fill("#save-message", message)
    page.click("#save-new")
    page.wait_for_function("() => /Saved|Refused|Nothing/.test("
                           "document.querySelector('#save-status').innerText)")
    return page.locator("#save-status").inner_text()


@pytest.mark.slow
def test_save_then_reload_lists_the_version(served, page):
    page.goto(served.url + "/whatif")
    wait_ready(page)
    set_value(page, lever(page, "delay", "ltc"), 1)
    status = save(page, "LTC a year late")
    assert status.startswith("Saved as version")
    page.goto(served.url + "/scenarios")
    wait_ready(page)
    assert "LTC a year late" in page.locator("#versions-table").inner_text()


@pytest.mark.slow
def test_two_users_from_the_same_version_both_save_and_a_stale_edit_is_refused(
        served, browser):
    pages = []
    for _ in range(2):
        context = browser.new_context()
        pg = context.new_page()
        pg.errors = []
        pg.on("console", lambda m, pg=pg: pg.errors.append(m.text) if m.type == "error" else None)
        pg.goto(served.url + "/whatif")
        wait_ready(pg)
        pages.append(pg)
    alice, bob = pages
    assert alice.locator("#save-update").inner_text() == bob.locator("#save-update").inner_text()
    set_value(alice, lever(alice, "achieved", "urgent_care"), 80)
    set_value(bob, lever(bob, "achieved", "urgent_care"), 60)
    a = save(alice, "urgent care at 80%")
    b = save(bob, "urgent care at 60%")
    assert a.startswith("Saved as version") and b.startswith("Saved as version")
    va, vb = (int(re.search(r"version (\d+)", s).group(1)) for s in (a, b))
    assert va != vb
    # alice now edits the version she saved, but bob's is newer: refused, nothing saved
    set_value(alice, lever(alice, "achieved", "urgent_care"), 90)
    alice.click("#save-update")
    alice.wait_for_function("() => /Refused/.test(document.querySelector('#save-status')"
                            ".innerText)")
    refusal = alice.locator("#save-status").inner_text()
    assert "newer versions" in refusal and f"version {vb}" in refusal
    from icsplan.register import list_versions

    with served.ctx.transaction("reader") as session:
        messages = [v.message for v in list_versions(session, "mse-2016")]
    assert "urgent care at 80%" in messages
    assert any(m.startswith("urgent care at 60%") for m in messages)
    assert not any("90" in m for m in messages)
    for pg in pages:
        assert pg.errors == []
        pg.context.close()
