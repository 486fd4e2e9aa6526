"""The output writer: the only place that names files; all or nothing."""

import json

import pytest

from icsplan.pipeline import run_plan
from icsplan.report.files import output_tables, write_results

pytestmark = pytest.mark.functional


def test_every_output_table_is_written_and_listed_in_the_manifest(mse, tmp_path):
    plan = run_plan(mse)
    written = write_results(plan, tmp_path / "out")
    names = {p.name for p in written}
    assert {f"{n}.csv" for n in output_tables(plan)} <= names
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert set(manifest["files"]) == names - {"manifest.json"}


def test_a_failed_write_leaves_nothing_behind(mse, tmp_path, monkeypatch):
    from icsplan.report import html

    def broken(plan):
        raise RuntimeError("disk full")

    monkeypatch.setattr(html, "render_report", broken)
    with pytest.raises(RuntimeError):
        write_results(run_plan(mse), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not any(p.name.startswith(".icsplan-") for p in tmp_path.iterdir())


def test_findings_are_written_as_a_table(mse, tmp_path):
    import pandas as pd

    plan = run_plan(mse)
    write_results(plan, tmp_path / "out")
    findings = pd.read_csv(tmp_path / "out" / "findings.csv")
    assert len(findings) == len(plan.findings)
    assert list(findings.columns[:3]) == ["table", "item", "published"]


def test_no_browser_means_one_clear_problem_and_no_output(mse, tmp_path, monkeypatch):
    from icsplan.report.pdf import PdfError

    monkeypatch.setenv("ICSPLAN_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(PdfError) as caught:
        write_results(run_plan(mse), tmp_path / "out", pdf=True)
    (problem,) = caught.value.problems
    assert "Chromium is needed" in str(problem) and "--pdf" in str(problem)
    assert not (tmp_path / "out").exists()
    assert not any(p.name.startswith(".icsplan-") for p in tmp_path.iterdir())
