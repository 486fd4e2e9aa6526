"""Write a run's results to a folder: tidy CSVs, manifest.json, report.html (and
results.xlsx).  The only place that knows which table goes to which file."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.finance.result import Finance
from icsplan.pipeline import Plan

if TYPE_CHECKING:
    from icsplan.store.summary import RegisterSummary


def output_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """Every output table of a run by its file name (without `.csv`), in writing order."""
    return {
        "activity": plan.activity.by_locality,
        "activity_summary": plan.activity.summary,
        "change_factors": plan.activity.change_factors,
        "locality_targets": plan.targets,
        **finance_tables(plan.finance),
        **(register_tables(plan.register) if plan.register is not None else {}),
    }


def register_tables(summary: RegisterSummary) -> dict[str, pd.DataFrame]:
    """The programme register's report tables by file name (`icsplan run --db`, `register
    report`)."""
    return {"register_qipp_pipeline": summary.qipp,
            "register_schemes_by_programme": summary.programmes,
            "register_milestones": summary.milestones,
            "register_risks": summary.risks.risks,
            "register_risk_heat_map": summary.risks.heat_map,
            "register_maturity": summary.maturity}


def finance_tables(fin: Finance) -> dict[str, pd.DataFrame]:
    """The finance output tables by file name: the agreed summary columns, then the detail."""
    return {
        "initiatives": fin.economics[["initiative", "year", "gross_gbp", "investment_gbp",
                                      "stranded_gbp", "net_gbp"]],
        "bridge": fin.bridge[["step", "order", "value_gbp", "cumulative_gbp", "source"]],
        "workforce": fin.workforce[["role", "year", "fte", "cost_gbp"]],
        "gp_capacity": fin.gp_capacity[["year", "demand_appts", "capacity_appts", "gap_fte"]],
        "initiative_detail": fin.economics,
        "bridge_detail": fin.bridge,
        "workforce_detail": fin.workforce,
        "gp_capacity_detail": fin.gp_capacity,
        "investment_schedule": fin.investment_schedule,
        "cash_flow": fin.cash_flow,
        "investment_summary": fin.investment_summary,
        "investment_curve": fin.investment_curve,
        "org_budgets": fin.org_budgets,
        "qipp": fin.qipp,
        "qipp_schemes": fin.qipp_schemes,
    }


def write_results(plan: Plan, out: Path, excel: bool = False) -> list[Path]:
    """Write every table as `<name>.csv`, the manifest and the report into `out`, and with
    `excel` every table on its own formatted sheet of `results.xlsx`.

    Files are written to a temporary folder beside `out` first and moved into place only
    when all succeeded, so a failed run leaves no half-written results.
    """
    from icsplan.report.excel import write_workbook
    from icsplan.report.html import render_report

    tables = output_tables(plan)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".icsplan-", dir=out.parent))
    try:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, lineterminator="\n")
        files = sorted([f"{n}.csv" for n in tables] + ["report.html"] + ["results.xlsx"] * excel)
        (staging / "manifest.json").write_text(json.dumps(
            {**plan.manifest.as_dict(), "files": files}, indent=2) + "\n")
        (staging / "report.html").write_text(render_report(plan), encoding="utf-8")
        if excel:
            write_workbook(tables, staging / "results.xlsx")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for path in sorted(staging.iterdir()):
            target = out / path.name
            shutil.move(str(path), target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_register_report(summary: RegisterSummary, out: Path, source: str) -> list[Path]:
    """Write the register's tables as `register_*.csv` and `register.html` into `out`.

    Staged like `write_results`: nothing is left half-written if a step fails.
    """
    from icsplan.report.html import render_register_page

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".icsplan-", dir=out.parent))
    try:
        for name, frame in register_tables(summary).items():
            frame.to_csv(staging / f"{name}.csv", index=False, lineterminator="\n")
        (staging / "register.html").write_text(render_register_page(summary, source),
                                               encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for path in sorted(staging.iterdir()):
            target = out / path.name
            shutil.move(str(path), target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
