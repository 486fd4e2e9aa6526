"""The Reconciliation page shows plan forensics counted by published document."""

from __future__ import annotations

import pytest

from tests.app.conftest import wait_ready

pytestmark = pytest.mark.e2e


def test_reconciliation_page_counts_the_plans_own_arithmetic(served, page):
    page.goto(served.url + "/reconciliation")
    wait_ready(page)
    forensics = page.locator("#recon-forensics")
    text = forensics.inner_text()
    assert "Plan forensics: rules by document" in text
    rows = forensics.locator("tbody tr")
    assert rows.count() == 5  # documents 000 to 004
    assert "004" in rows.nth(4).inner_text() and "111" in rows.nth(4).inner_text()
