"""Add a risk, close it and see the audit rows; upload actuals with one bad row and see its
problem (and that nothing was stored): in Chromium against the real app over HTTP."""

from __future__ import annotations

import pytest

from tests.app.test_register_items import BAD_ROW, GOOD, stored

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_add_a_risk_close_it_and_see_the_audit_rows_in_the_browser(served, page):
    from tests.app.conftest import wait_ready

    page.goto(served.url + "/register")
    wait_ready(page)

    def field(name: str):
        return page.locator(f'input[id*=\'"field":"{name}"\']')

    field("id").fill("R_BROWSER")
    field("category").fill("Workforce")
    field("description").fill("Locum costs rise")
    field("impact").fill("4")
    field("likelihood").fill("2")
    page.click("#register-add")
    page.wait_for_function("() => /Added|Nothing/.test(document.querySelector("
                           "'#register-add-save-status').innerText)")
    assert page.locator("#register-add-save-status").inner_text().startswith("Added R_BROWSER")
    # the new risk opens in the edit form, its history the insert
    page.wait_for_function("() => document.querySelector('#register-read') && document"
                           ".querySelector('#register-read').innerText.startsWith('R_BROWSER')")
    page.wait_for_selector("#register-close")
    page.click("#register-close")
    page.wait_for_function("() => /Closed|Refused|Nothing/.test(document.querySelector("
                           "'#register-close-save-status').innerText)")
    assert page.locator("#register-close-save-status").inner_text().startswith(
        "Closed R_BROWSER as closed")
    page.wait_for_function("() => /closed/.test(document.querySelector("
                           "'#register-history-table').innerText)")
    history = page.locator("#register-history-table").inner_text()
    assert "status" in history and "open" in history and "closed" in history
    # a bad new item: one sentence per bad field, beside the form
    field("id").fill("R_BAD")
    field("category").fill("Finance")
    field("description").fill("x")
    field("impact").fill("9")
    field("likelihood").fill("1")
    page.click("#register-add")
    page.wait_for_function("() => /Nothing/.test(document.querySelector("
                           "'#register-add-save-status').innerText)")
    assert "Impact (1 to 5): must be 5 or less (got '9')." in page.locator(
        "#register-add-save-status").inner_text()
    assert page.errors == []


def test_upload_actuals_with_one_bad_row_shows_its_problem_and_stores_nothing(served, page,
                                                                              tmp_path):
    from tests.app.conftest import wait_ready

    bad = tmp_path / "april.csv"
    bad.write_text(BAD_ROW)
    good = tmp_path / "may.csv"
    good.write_text(GOOD.replace("2017-04-01", "2017-05-01"))
    before = stored(served.ctx)
    page.goto(served.url + "/register")
    wait_ready(page)
    page.set_input_files("#actuals-upload input[type=file]", str(bad))
    page.wait_for_function("() => /stored/.test(document.querySelector("
                           "'#actuals-save-status').innerText)")
    status = page.locator("#actuals-save-status").inner_text()
    assert "Nothing was stored: the file has 1 problem." in status
    assert "april.csv, line 5, field 'value': 'lots' is not a number." in status
    assert stored(served.ctx) == before
    page.set_input_files("#actuals-upload input[type=file]", str(good))
    page.wait_for_function("() => /Stored may.csv/.test(document.querySelector("
                           "'#actuals-save-status').innerText)")
    assert stored(served.ctx) == before + 3
    page.wait_for_selector("#actuals-stored")
    assert "May 2017" in page.locator("#actuals-stored").inner_text()
    assert page.errors == []
