"""The report as a PDF board pack, printed by Debian's headless Chromium.

Chromium opens the self-contained report.html (no network), lets Plotly draw within a
virtual time budget, and prints it on A4 with the report's print stylesheet: no toolbar, no
chart split across pages, table headers repeated.  The window is as wide as the printed
page, so charts are drawn at the width they are printed.  Nothing is downloaded: the
browser is the Debian package installed by scripts/ensure-chromium.sh.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from icsplan.errors import InputError, Problem

#: the Debian package's browser; ICSPLAN_CHROMIUM names another
CHROMIUM = "/usr/bin/chromium"
#: A4 width less the print stylesheet's 12 mm side margins, in CSS pixels (96 per inch)
PAGE_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)
#: the browser window: the printed width plus the report's screen margins (2 x 40 px page,
#: 2 x 24 px section) and a 15 px scrollbar, so charts are drawn exactly as wide as the page
WINDOW_WIDTH_PX = PAGE_WIDTH_PX + 2 * 40 + 2 * 24 + 15
#: milliseconds of virtual time Chromium gives the page's scripts (Plotly) before printing
DRAW_BUDGET_MS = 20_000
TIMEOUT_S = 300


class PdfError(InputError):
    """The PDF board pack could not be printed (no browser, or the browser failed)."""

    title = "The PDF report could not be written"


def chromium_path() -> Path:
    """The browser that prints the PDF; a PdfError saying how to install it when missing."""
    path = Path(os.environ.get("ICSPLAN_CHROMIUM", CHROMIUM))
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise PdfError(Problem(
            "report.pdf", f"Chromium is needed to print the PDF report but was not found at "
                          f"{path}; install Debian's chromium package (bash "
                          "scripts/ensure-chromium.sh) or run without --pdf."))
    return path


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print `html_path` to `pdf_path` (A4) with headless Chromium and return `pdf_path`."""
    browser = chromium_path()
    profile = Path(tempfile.mkdtemp(prefix="icsplan-chromium-"))
    try:
        result = subprocess.run(
            [str(browser), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}",
             f"--window-size={WINDOW_WIDTH_PX},1200", f"--virtual-time-budget={DRAW_BUDGET_MS}",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
             Path(html_path).resolve().as_uri()],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise PdfError(Problem("report.pdf", f"Chromium did not finish printing the report "
                                             f"within {TIMEOUT_S} seconds.")) from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if result.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise PdfError(Problem("report.pdf", f"Chromium could not print the report "
                                             f"(exit status {result.returncode}: {detail})."))
    return pdf_path
