"""The Register page: edit a risk through the page's functions (audited, refused if stale,
bad values in the register's words) on SQLite and PostgreSQL, and in a real browser."""

from __future__ import annotations

import pytest

from icsplan.app.pages import register as reg
from tests.app.conftest import wait_ready


@pytest.fixture
def ctx(register_ctx):
    return register_ctx


@pytest.mark.functional
def test_an_edit_is_audited_and_a_stale_one_refused(ctx):
    values, version = reg.read_item(ctx, "risks", "R01")
    text, ok = reg.save_item(ctx, None, "risks", "R01",
                             {**values, "impact": 5, "mitigation": "weekly review"}, version)
    assert ok and "now version" in text
    history = reg.item_history(ctx, "risks", "R01")
    assert set(history["field"]) >= {"impact", "mitigation"}
    assert history[history["field"] == "mitigation"]["to"].iloc[0] == "weekly review"
    # a second edit from the version read before is refused, naming the change since
    text, ok = reg.save_item(ctx, None, "risks", "R01", {**values, "likelihood": 1}, version)
    assert not ok and text.startswith("Refused") and "mitigation" in text
    # a bad value is refused in the register's words, nothing saved
    _, now = reg.read_item(ctx, "risks", "R01")
    text, ok = reg.save_item(ctx, None, "risks", "R01", {"impact": 9}, now)
    assert not ok and "impact" in text
    assert reg.read_item(ctx, "risks", "R01")[1] == now


@pytest.mark.e2e
def test_edit_a_risk_in_the_browser_and_see_the_audit_row(served, page):
    page.goto(served.url + "/register")
    wait_ready(page)
    page.wait_for_selector("#register-read")  # the first risk, picked for the user
    page.fill("#register-key", "R02")
    page.press("#register-key", "Enter")
    page.wait_for_function("() => document.querySelector('#register-read') && "
                           "document.querySelector('#register-read').innerText"
                           ".startsWith('R02')")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading]')")
    mitigation = page.locator('input[id*=\'"key":"mitigation"\']')
    mitigation.fill("escalated to the board")
    mitigation.press("Enter")
    page.click("#register-save")
    page.wait_for_function("() => /Saved|Refused|Nothing/.test("
                           "document.querySelector('#register-save-status').innerText)")
    assert page.locator("#register-save-status").inner_text().startswith("Saved mitigation")
    page.wait_for_selector("#register-history-table")
    history = page.locator("#register-history-table").inner_text()
    assert "escalated to the board" in history and "mitigation" in history
    assert page.errors == []
