"""Working on scenarios in a real browser: a saved version opens in What if with every lever
(the investment level included), undo and reset, a stale save offers the newest version, and
a branch is saved as a new scenario and compared with its parent."""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import wait_ready
from tests.app.test_whatif import lever, set_value

pytestmark = pytest.mark.e2e


def save(page, button: str = "#save-new", message: str = "a change") -> str:
    before = page.locator("#save-status").inner_text()
    page.fill("#save-message", message)
    page.click(button)
    page.wait_for_function("before => { const t = document.querySelector('#save-status')"
                           ".innerText; return t !== before && /Saved|Refused|Nothing|Give/"
                           ".test(t); }", arg=before)
    return page.locator("#save-status").inner_text()


def settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading]')")
    page.wait_for_load_state("networkidle")


def test_a_saved_version_opens_with_its_levers_then_undo_and_reset(served, page):
    page.goto(served.url + "/whatif")
    wait_ready(page)
    set_value(page, page.locator("#lever-investment"), 60)
    set_value(page, lever(page, "delay", "frailty_eol"), 1)
    status = save(page, message="frailty late, 60% of the money")
    version = int(re.search(r"version (\d+)", status).group(1))
    # a new visit shows the published plan; the link from Scenarios opens the version
    page.goto(served.url + "/scenarios")
    wait_ready(page)
    page.click(f"#open-version-{version}")
    page.wait_for_function("() => document.querySelector('#lever-investment') && "
                           "document.querySelector('#lever-investment').value === '60'")
    settled(page)
    assert lever(page, "delay", "frailty_eol").input_value() == "1"
    assert f"Working on version {version}" in page.locator("#whatif-opened-label").inner_text()
    # a link straight to the version does the same
    page.goto(served.url + f"/whatif?version={version}")
    page.wait_for_function("() => document.querySelector('#lever-investment') && "
                           "document.querySelector('#lever-investment').value === '60'")
    settled(page)
    net = page.locator("#whatif-value-net").inner_text()
    set_value(page, lever(page, "achieved", "ltc"), 50)
    page.wait_for_function("net => document.querySelector('#whatif-value-net').innerText "
                           "!== net", arg=net)
    page.click("#whatif-undo")
    page.wait_for_function("() => document.querySelector(`input[id*='\"key\":\"ltc\"']"
                           "[id*='\"type\":\"achieved\"']`).value === '100'")
    settled(page)
    assert page.locator("#whatif-value-net").inner_text() == net
    page.click("#whatif-reset")
    page.wait_for_function("() => document.querySelector('#lever-investment').value === '100'")
    settled(page)
    assert lever(page, "delay", "frailty_eol").input_value() == "0"
    assert "published plan" in page.locator("#whatif-opened-label").inner_text()
    assert page.errors == []


def test_a_stale_save_offers_the_newest_then_a_branch_compares(served, browser, page):
    page.goto(served.url + "/whatif")
    wait_ready(page)
    first = int(re.search(r"version (\d+)", save(page, message="mine")).group(1))
    other = browser.new_context().new_page()
    other.goto(served.url + f"/whatif?version={first}")
    wait_ready(other)
    settled(other)
    newer = int(re.search(r"version (\d+)", save(other, message="theirs")).group(1))
    other.context.close()
    refusal = save(page, "#save-update", "an edit of mine")
    assert refusal.startswith("Refused") and f"version {newer}" in refusal
    page.click("#load-newest")
    page.wait_for_function("v => document.querySelector('#whatif-opened-label').innerText"
                           ".includes('Working on version ' + v)", arg=newer)
    settled(page)
    # branch: a new scenario from the newest version, with frailty a year late
    set_value(page, lever(page, "delay", "frailty_eol"), 1)
    page.fill("#branch-name", "frailty-late")
    status = save(page, "#save-branch", "frailty a year late")
    assert "number 1 of frailty-late" in status, status
    branch = int(re.search(r"version (\d+)", status).group(1))
    page.goto(served.url + "/scenarios")
    wait_ready(page)
    tree = page.locator("#versions-tree").inner_text()
    assert tree.index(f"Version {newer}") < tree.index(f"Version {branch}")
    page.locator(f"#compare-a label:has-text('Version {newer} (')").click()
    settled(page)
    page.locator(f"#compare-b label:has-text('Version {branch} (')").click()
    page.wait_for_function("() => document.querySelector('#compare-bridge')")
    settled(page)
    body = page.locator("#compare-body").inner_text()
    assert "End of life and frailty: delay (years)" in body or "delay (years)" in body
    assert "Gap after the bridge" in body
    assert page.locator("#compare-chart").count() == 1
    assert page.errors == []
