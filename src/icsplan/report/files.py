"""Write a run's results to a folder: tidy CSVs, manifest.json and report.html."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from icsplan.pipeline import Results
from icsplan.report.excel import write_workbook
from icsplan.report.html import render_report


def write_results(results: Results, out: Path, excel: bool = False) -> list[Path]:
    """Write every table as `<name>.csv`, the manifest and the report into `out`, and with
    `excel` every table on its own formatted sheet of `results.xlsx`.

    Files are written to a temporary folder beside `out` first and moved into place only
    when all succeeded, so a failed run leaves no half-written results.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".icsplan-", dir=out.parent))
    try:
        for name, frame in results.tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, lineterminator="\n")
        (staging / "manifest.json").write_text(json.dumps(
            {**results.manifest, "files": sorted([f"{n}.csv" for n in results.tables]
                                                 + ["report.html"]
                                                 + ["results.xlsx"] * excel)}, indent=2) + "\n")
        (staging / "report.html").write_text(render_report(results), encoding="utf-8")
        if excel:
            write_workbook(results.tables, staging / "results.xlsx")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for path in sorted(staging.iterdir()):
            target = out / path.name
            shutil.move(str(path), target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
