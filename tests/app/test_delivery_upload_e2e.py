"""Log in, upload a month of KPI actuals on the Register page, then see it on the Delivery
page beside the --actuals file, without restarting the app: in Chromium over HTTP."""

from __future__ import annotations

import pytest

from tests.app.conftest import ACTUALS, PASSWORD, serve_app, wait_ready

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

APRIL_2019 = "measure,org,period,value\nae_4hr_all,RDD,2019-04-01,77.7\n"


@pytest.fixture(scope="module")
def served_both(tmp_path_factory, users_file):
    """The app with the real A&E actuals, a store and a login (its own, as it is written to)."""
    if not ACTUALS.is_file():
        pytest.skip("needs ../shared/data beside the project")
    s = serve_app(tmp_path_factory.mktemp("store") / "store.db", users_file, actuals=ACTUALS)
    yield s
    s.stop()


def _rdd_row(page) -> str:
    return page.locator("#kpi-table tbody tr", has_text="A&E 4-hour performance").filter(
        has_text="Basildon").first.inner_text()


def test_an_uploaded_month_shows_on_the_delivery_page(served_both, page, tmp_path):
    page.goto(served_both.url + "/login")
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    wait_ready(page)
    page.goto(served_both.url + "/delivery")
    wait_ready(page)
    assert page.locator("#delivery-sources").inner_text().startswith(
        "Every series' actuals come from ae_attendances.csv")
    assert "2019-03" in _rdd_row(page)
    upload = tmp_path / "april-2019.csv"
    upload.write_text(APRIL_2019)
    page.click("#nav-register")
    page.wait_for_selector("#actuals-upload input[type=file]", state="attached")
    wait_ready(page)
    page.set_input_files("#actuals-upload input[type=file]", str(upload))
    page.wait_for_function("() => /Stored april-2019.csv|Nothing/.test(document.querySelector("
                           "'#actuals-save-status').innerText)")
    assert "1 new" in page.locator("#actuals-save-status").inner_text()
    page.click("#nav-delivery")  # the same server: no restart
    page.wait_for_selector("#delivery-sources")
    wait_ready(page)
    sources = page.locator("#delivery-sources").inner_text()
    assert "A&E 4-hour performance (all types) at Basildon" in sources
    assert "from the register for the months it holds" in sources
    row = _rdd_row(page)
    assert "2019-04" in row and "77.7%" in row
    assert page.errors == []
