"""The output writer: the only place that names files; all or nothing."""

import json

import pytest

from icsplan.report.files import output_tables, write_results

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def written(mse_plan, tmp_path_factory):
    """The built-in plan's results, written once for the tests that read them."""
    out = tmp_path_factory.mktemp("files") / "out"
    return out, write_results(mse_plan, out)


def test_every_output_table_is_written_and_listed_in_the_manifest(mse_plan, written):
    out, paths = written
    names = {p.name for p in paths}
    assert {f"{n}.csv" for n in output_tables(mse_plan)} <= names
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == names - {"manifest.json"}


def test_a_failed_write_leaves_nothing_behind(mse_plan, tmp_path, monkeypatch):
    from icsplan.report import html

    def broken(plan):
        raise RuntimeError("disk full")

    monkeypatch.setattr(html, "render_report", broken)
    with pytest.raises(RuntimeError):
        write_results(mse_plan, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not any(p.name.startswith(".icsplan-") for p in tmp_path.iterdir())


def test_findings_are_written_as_a_table(mse_plan, written):
    import pandas as pd

    findings = pd.read_csv(written[0] / "findings.csv")
    assert len(findings) == len(mse_plan.findings)
    assert list(findings.columns[:3]) == ["table", "item", "published"]


def test_no_browser_means_one_clear_problem_and_no_output(mse_plan, tmp_path, monkeypatch):
    from icsplan.report.pdf import PdfError

    monkeypatch.setenv("ICSPLAN_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(PdfError) as caught:
        write_results(mse_plan, tmp_path / "out", pdf=True)
    (problem,) = caught.value.problems
    assert "Chromium is needed" in str(problem) and "--pdf" in str(problem)
    assert not (tmp_path / "out").exists()
    assert not any(p.name.startswith(".icsplan-") for p in tmp_path.iterdir())
