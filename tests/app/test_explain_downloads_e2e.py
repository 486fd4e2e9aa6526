"""In Chromium against the real app: drill from the Overview's gap card and from a what-if
row to the parts that make the figure; download the current what-if (a non-default
investment level) as the Excel workbook and as the PDF board pack."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from icsplan.vocabulary import MILLION
from tests.app.conftest import wait_ready
from tests.app.test_whatif import set_value

pytestmark = pytest.mark.e2e


def money_text(value_gbp: float) -> str:
    """A £m figure as the what-if table shows it."""
    sign = "-" if value_gbp < 0 else ""
    return f"{sign}£{abs(value_gbp) / MILLION:,.1f}m"


def test_drill_from_the_gap_card_to_steps_and_initiatives(served, page):
    page.goto(served.url + "/")
    wait_ready(page)
    card = page.locator("#card-gap .value").inner_text()
    page.click("#explain-gap")
    page.wait_for_selector("#explain-gap-steps")
    wait_ready(page)
    figure = page.locator("#explain-figure").inner_text()
    assert card.lower() in figure.lower() and "published plan" in figure
    steps = page.locator("#explain-gap-steps").inner_text()
    bridge = served.ctx.base_plan.finance.bridge
    assert all(step in steps for step in bridge["step"])
    total_row = page.locator("#explain-gap-steps tbody tr").last.inner_text()
    assert total_row.startswith("Total: the gap")
    assert f"{bridge['value_gbp'].sum() / MILLION:,.1f}" in total_row
    # the initiatives behind a bridge step, named as planners name them
    first_step = page.locator("[id^='explain-step-']").first.inner_text()
    names = {i.name for i in served.ctx.scenario.initiatives}
    assert any(n in first_step for n in names)
    assert page.errors == []


@pytest.mark.slow
def test_download_the_whatif_as_excel_and_pdf(served, page):
    import openpyxl

    page.goto(served.url + "/whatif")
    wait_ready(page)
    before = page.locator("#whatif-value-net").inner_text()
    set_value(page, page.locator("#lever-investment"), 50)
    page.wait_for_function("b => document.querySelector('#whatif-value-net').innerText !== b",
                           arg=before)
    shown = page.locator("#whatif-value-net").inner_text()
    # the what-if row links to its own drill-down, levers included
    assert "levers=" in page.locator("#whatif-explain-net").get_attribute("href")
    with page.expect_download(timeout=180_000) as info:
        page.click("#download-xlsx")
    download = info.value
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert download.suggested_filename == f"mse-2016_published_what-if_{today}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = book["investment_summary"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    summary = dict(zip(header, row, strict=True))
    assert summary["Investment level"] == 0.5
    assert money_text(summary["Net saving (£)"]) == shown != before
    assert "50%" in [c.value for c in book["cover"]["B"]]
    with page.expect_download(timeout=300_000) as info:
        page.click("#download-pdf")
    pdf = info.value
    assert pdf.suggested_filename == f"mse-2016_published_what-if_{today}.pdf"
    assert Path(pdf.path()).read_bytes()[:5] == b"%PDF-"
    assert page.errors == []
