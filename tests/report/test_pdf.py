"""The PDF board pack, printed by Debian's headless Chromium (scripts/ensure-chromium.sh)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf") / "out"
    result = runner.invoke(app, ["run", "mse-2016", "--out", str(folder), "--pdf", "--excel"])
    assert result.exit_code == 0, result.output
    return folder


def test_run_pdf_prints_the_report_on_several_a4_pages(out):
    reader = PdfReader(out / "report.pdf")
    assert len(reader.pages) > 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    first = " ".join(reader.pages[0].extract_text().split())  # lines as the page wraps them
    assert "Summary" in first and "Contents" in first
    assert "system financial gap in 2020/21" in first and "Deficit of £0.3m" in first
    assert "pays back in" in first


def test_the_pdf_has_every_section_and_no_toolbar(out):
    text = "\n".join(p.extract_text() for p in PdfReader(out / "report.pdf").pages)
    for title in ("The financial bridge", "Locality targets", "Reconciliation with the "
                  "published plan"):
        assert title in text
    assert "Data behind this chart" not in text  # collapsed blocks are not printed
    assert "Download plot as a png" not in text


def test_the_pdf_and_the_workbook_are_listed_in_the_manifest(out):
    import json

    import pandas as pd

    manifest = json.loads((out / "manifest.json").read_text())
    assert "report.pdf" in manifest["files"] and "results.xlsx" in manifest["files"]
    sheets = pd.read_excel(out / "results.xlsx", sheet_name=None)
    assert {"initiatives", "bridge", "workforce", "gp_capacity", "activity"} <= set(sheets)


def test_no_browser_exits_2_with_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("ICSPLAN_CHROMIUM", str(tmp_path / "missing"))
    result = runner.invoke(app, ["run", "mse-2016", "--out", str(tmp_path / "o"), "--pdf"])
    assert result.exit_code == 2
    assert "Chromium is needed to print the PDF report" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "o").exists()
