"""Write a run's results to a folder: tidy CSVs, manifest.json, report.html (and
results.xlsx, report.pdf), and read a saved run back for `compare`.  The only place that
knows which table goes to which file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.backtest.findings import findings_frame
from icsplan.finance.result import Finance
from icsplan.pipeline import Plan

if TYPE_CHECKING:
    from icsplan.appraisal.appraise import Appraisal
    from icsplan.compare import Comparison, Side
    from icsplan.register.summary import RegisterSummary
    from icsplan.scenario.model import Scenario
    from icsplan.waiting_list.result import WaitingListResult

MANIFEST = "manifest.json"
# A saved run's files a comparison reads back (`read_run`).
RUN_FILES = ("activity_summary", "bridge", "investment_summary")


def csv_file(name: str) -> str:
    """The file an output table is written to."""
    return f"{name}.csv"


def output_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """Every output table of a run by its file name (without `.csv`), in writing order."""
    tables = {
        "activity": plan.activity.by_locality,
        "activity_summary": plan.activity.summary,
        "activity_by_ccg": plan.activity.by_ccg,
        "change_factors": plan.activity.change_factors,
        "locality_targets": plan.targets,
        "ccg_targets": ccg_targets(plan.targets),
        **finance_tables(plan.finance),
        **delivery_tables(plan),
        **forecast_tables(plan),
        **(register_tables(plan.register) if plan.register is not None else {}),
        **capacity_tables(plan),
        **(appraisal_tables(plan.appraisal) if plan.appraisal is not None else {}),
        **programme_tables(plan),
        **(waiting_list_tables(plan.waiting_list) if plan.waiting_list is not None else {}),
        "findings": findings_frame(list(plan.findings)),
    }
    if not plan.scenario.has_demand_model:  # no activity model: leave out its empty tables
        modelled = {"activity", "activity_summary", "activity_by_ccg", "change_factors",
                    "locality_targets", "ccg_targets", "investment_curve",
                    "investment_summary"}
        tables = {k: v for k, v in tables.items()
                  if k not in modelled and (not v.empty or k == "findings")}
    return tables


def programme_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The programme portfolio and its milestones (none when the plan has no programmes)."""
    p = plan.programmes
    if p is None:
        return {}
    return {"programme_portfolio": p.programmes, "programme_milestones": p.milestones}


def ccg_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The locality targets rolled up to CCGs (sums; population, activity and pounds)."""
    sums = ["population", "baseline", "momentum", "target", "reduction_vs_baseline",
            "reduction_vs_momentum", "gross_savings_gbp"]
    return targets.groupby(["ccg", "pod"], sort=False, as_index=False)[sums].sum()


def delivery_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The delivery output tables by file name (none when no actuals were tracked)."""
    d = plan.delivery
    if d is None:
        return {}
    return {"spc": d.spc.assign(x=d.spc["x"].dt.strftime("%Y-%m-%d")),
            "kpi_summary": d.kpi_summary, "plan_vs_actual": d.plan_vs_actual,
            "kpi_trajectory_ahead": d.future.assign(month=d.future["month"].astype(str))}


def forecast_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The forecast's output tables by file name (none without actuals)."""
    if plan.forecast is None:
        return {}
    from icsplan.forecast.tables import forecast_files

    return forecast_files(plan.forecast)


def register_tables(summary: RegisterSummary) -> dict[str, pd.DataFrame]:
    """The programme register's report tables by file name (`icsplan run --db`, `register
    report`)."""
    return {**({"register_programmes": summary.by_programme}
               if not summary.by_programme.empty else {}),
            "register_qipp_pipeline": summary.qipp,
            "register_schemes_by_programme": summary.programmes,
            "register_milestones": summary.milestones,
            "register_risks": summary.risks.risks,
            "register_risk_heat_map": summary.risks.heat_map,
            "register_maturity": summary.maturity}
def capacity_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """Bed capacity (when the scenario gives lengths of stay) and the Monte Carlo summaries
    (when the run made draws) by file name."""
    out = {}
    if plan.capacity is not None:
        out["capacity"] = plan.capacity
    if plan.uncertainty is not None:
        out["activity_uncertainty"] = plan.uncertainty.activity
        out["finance_uncertainty"] = plan.uncertainty.finance
    return out


def appraisal_tables(result: Appraisal) -> dict[str, pd.DataFrame]:
    """The options-appraisal output tables by file name, rounded to 4 decimals (no float
    noise such as 100.00000000000001 in the CSVs)."""
    tables = {"access": result.access, "flows": result.flows, "beds_by_site": result.beds}
    if result.economics is not None:
        tables["economics"] = result.economics
    if result.scores is not None:
        tables["scores"] = result.scores
        tables["sensitivity"] = result.sensitivity
    return {name: frame.round(4) for name, frame in tables.items()}


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
        "investment_summary": (fin.investment_summary.as_frame() if fin.investment_summary
                               else pd.DataFrame()),
        "investment_curve": fin.investment_curve,
        "org_budgets": fin.org_budgets,
        "qipp": fin.qipp,
        "qipp_schemes": fin.qipp_schemes,
    }


def write_results(plan: Plan, out: Path, excel: bool = False, pdf: bool = False) -> list[Path]:
    """Write every table as `<name>.csv`, the manifest and the report into `out`; with
    `excel` the board workbook `results.xlsx` (cover, every table on its own formatted
    sheet, charts); with `pdf` the report printed as `report.pdf`.

    Files are written to a temporary folder beside `out` first and moved into place only
    when all succeeded, so a failed run leaves no half-written results.
    """
    from icsplan.report.html import render_report
    from icsplan.report.pdf import chromium_path, print_pdf

    if pdf:
        chromium_path()  # no browser: say so before writing anything
    tables = output_tables(plan)
    extra: dict[str, Callable[[Path], object]] = {
        "report.html": lambda path: path.write_text(render_report(plan), encoding="utf-8")}
    if excel:
        from icsplan.report.excel import write_board_workbook  # xlsxwriter: only for --excel

        extra["results.xlsx"] = lambda path: write_board_workbook(plan, tables, path)
    if pdf:  # printed from the staged report.html, written first
        extra["report.pdf"] = lambda path: print_pdf(path.with_name("report.html"), path)
    return _staged(out, tables, extra, plan.manifest.as_dict())


def write_delivery(plan: Plan, out: Path) -> list[Path]:
    """Write only the delivery outputs (spc, kpi_summary, plan_vs_actual, the trajectory
    ahead), the manifest and a report of the Delivery section, staged like `write_results`."""
    from icsplan.report.html import render_report
    from icsplan.report.sections import delivery

    report = {"report.html": lambda path: path.write_text(
        render_report(plan, delivery.SECTIONS), encoding="utf-8")}
    return _staged(out, delivery_tables(plan), report, plan.manifest.as_dict())


def write_actuals(measures: pd.DataFrame, out: Path) -> list[Path]:
    """Write imported actuals (measure, org, period, value, numerator, denominator) as
    `actuals.csv`, staged like every output."""
    table = measures.assign(period=measures["period"].dt.strftime("%Y-%m-%d"))
    return _staged(out, {"actuals": table}, {}, None)


def _staged(out: Path, tables: dict[str, pd.DataFrame], extra: dict[str, Callable[[Path], object]],
            manifest: dict[str, object] | None) -> list[Path]:
    """Write tables as CSV, each extra file (a function given its path) and the manifest into
    a new folder beside `out`, then swap it in by rename (`safety.folders`): `out` is either
    as it was or complete, never a mix of two runs.  A folder holding anything but earlier
    results is refused before anything is written."""
    from icsplan.safety.cells import write_csv
    from icsplan.safety.folders import staging_for, swap_in

    out = Path(out)
    names = [csv_file(n) for n in tables] + list(extra)
    _check_replaceable(out, names + ([MANIFEST] if manifest is not None else []))
    staging = staging_for(out)
    try:
        for name, frame in tables.items():
            write_csv(frame, staging / csv_file(name), table=name)
        if manifest is not None:
            (staging / MANIFEST).write_text(json.dumps(
                {**manifest, "files": sorted(names)}, indent=2) + "\n")
        for name, make in extra.items():
            make(staging / name)
        written = [out / p.name for p in sorted(staging.iterdir())]
        swap_in(staging, out)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_replaceable(out: Path, names: list[str]) -> None:
    """Refuse an output folder holding anything but the files of an earlier output (those
    written now, or listed in its manifest.json)."""
    from icsplan.safety.folders import refuse, replaceable_folder_problems

    allowed = set(names) | {"manifest.json"}
    old = out / "manifest.json"
    if old.is_file():
        try:
            listed = json.loads(old.read_text(encoding="utf-8")).get("files", [])
            allowed |= {str(n) for n in listed if isinstance(n, str)}
        except (ValueError, UnicodeDecodeError, AttributeError):
            pass
    refuse(replaceable_folder_problems(out, allowed, "--out", "icsplan results"),
           "Cannot write the results")


def comparison_tables(c: Comparison) -> dict[str, pd.DataFrame]:
    """The tables of a comparison by file name."""
    tables = {"headline_diff": c.headline, "activity_diff": c.activity,
              "bridge_diff": c.bridge}
    if c.inputs is not None:
        tables["inputs_diff"] = c.inputs
    return tables


def write_comparison(c: Comparison, out: Path) -> list[Path]:
    """Write a comparison's tables and compare.html into `out`, all or nothing."""
    from icsplan.report.comparison import render_comparison

    page = {"compare.html": lambda path: path.write_text(render_comparison(c),
                                                         encoding="utf-8")}
    return _staged(out, comparison_tables(c), page, {"compared": [c.a, c.b]})


def write_forensics(frame: pd.DataFrame, out: Path) -> list[Path]:
    """Write plan forensics' results (one row per rule) as `forensics.csv`, all or nothing;
    text cells made inert by the shared cell module (`safety.cells`)."""
    return _staged(out, {"forensics": frame}, {}, None)


def write_register_report(summary: RegisterSummary, out: Path, source: str) -> list[Path]:
    """Write the register's tables as `register_*.csv` and `register.html` into `out`, staged
    like `write_results` (all or nothing)."""
    from icsplan.report.html import render_register_page

    page = {"register.html": lambda path: path.write_text(render_register_page(summary, source),
                                                          encoding="utf-8")}
    return _staged(out, register_tables(summary), page, None)


def write_appraisal(result: Appraisal, scenario: Scenario, out: Path,
                    manifest: dict[str, object]) -> list[Path]:
    """Write an options appraisal's CSVs, `appraisal.html` and `manifest.json` into `out`,
    staged like `write_results` (all or nothing)."""
    from icsplan.report.html import render_appraisal

    page = {"appraisal.html": lambda path: path.write_text(render_appraisal(result, scenario),
                                                           encoding="utf-8")}
    return _staged(out, appraisal_tables(result), page, manifest)


def waiting_list_tables(w: WaitingListResult) -> dict[str, pd.DataFrame]:
    """The waiting-list (RTT) tables of a run by file name."""
    tables = {"rtt_actuals": w.actuals, "rtt_parameters": w.parameters,
              "rtt_projection": w.projection, "rtt_answers": w.answers,
              "rtt_bridge_option": w.bridge_option, "rtt_odds": w.odds}
    if w.spc is not None:
        tables["rtt_spc"] = w.spc
    return {name: frame.round(6) for name, frame in tables.items()}


def write_waiting_list(tables: dict[str, pd.DataFrame], out: Path,
                       manifest: dict[str, object] | None, plan: Plan | None = None
                       ) -> list[Path]:
    """Write waiting-list tables (and, with a plan, `report.html` of its Waiting lists
    section) into `out`, staged like `write_results` (all or nothing)."""
    extra: dict[str, Callable[[Path], object]] = {}
    if plan is not None:
        from icsplan.report.html import render_report
        from icsplan.report.sections import waiting_list

        extra["report.html"] = lambda path: path.write_text(
            render_report(plan, waiting_list.SECTIONS), encoding="utf-8")
    return _staged(out, tables, extra, manifest)


#: person-level files of a population run: written readable by their owner only (0600)
POPULATION_PERSON_LEVEL = ("cohorts.parquet",)


def population_tables(result) -> dict[str, pd.DataFrame]:
    """The aggregate tables of a population run (`population.run.PopulationRun`) by file
    name; consistency only when the run was checked against a scenario."""
    tables = {"baseline": result.baseline, "costs": result.costs,
              "segments": result.segments, "calibration": result.calibration}
    if result.consistency is not None:
        tables["consistency"] = result.consistency
    return tables


def write_population(result, out: Path) -> list[Path]:
    """Write a population run (`population.run.PopulationRun`): its tables as CSV (cells made
    inert by `safety.cells`), `cohorts.parquet` (person-level: 0600), `risk_model.json` and
    the manifest, staged like `write_results` (all or nothing)."""
    from icsplan.safety.folders import private_file

    def cohorts(path: Path) -> None:
        result.cohorts.to_parquet(private_file(path), index=False)

    def model(path: Path) -> None:
        data = result.model.to_dict()
        data["calibration"] = json.loads(result.calibration.to_json(orient="records"))
        data["outcome"] = "any non-elective admission in the 12 months after the index date"
        data["base_year"] = result.periods.label
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    manifest = {"generator": "icsplan.population.run", "people": result.people,
                "scale": result.scale, "scenario": result.scenario,
                "base_year": result.periods.label, "suppression": result.suppression,
                "suppressed_cells": result.suppressed_cells}
    return _staged(out, population_tables(result),
                   {"cohorts.parquet": cohorts, "risk_model.json": model}, manifest)


def is_saved_run(path: str | Path) -> bool:
    """True when the folder was written by `icsplan run` (it has a manifest and results)."""
    folder = Path(path)
    return (folder / MANIFEST).is_file() and (folder / csv_file("activity_summary")).is_file()


def read_run(folder: str | Path) -> Side:
    """A saved run's outputs as one side of a comparison, checked for the files it needs."""
    from icsplan.compare import Side
    from icsplan.errors import InputError, Problem
    from icsplan.finance.phasing import InvestmentSummary

    folder = Path(folder)
    missing = [f for f in [*map(csv_file, RUN_FILES), MANIFEST] if not (folder / f).is_file()]
    if missing:
        raise InputError([Problem(str(folder), f"is not a complete saved run: {', '.join(missing)}"
                                  " missing (write one with `icsplan run --out`)")],
                         title="Cannot compare")
    manifest = json.loads((folder / MANIFEST).read_text())
    invest = pd.read_csv(folder / csv_file("investment_summary"),
                         keep_default_na=False).to_dict(orient="records")
    return Side(label=f"{folder.name} (run)", scenario=None,
                activity=pd.read_csv(folder / csv_file("activity_summary")),
                bridge=pd.read_csv(folder / csv_file("bridge")),
                investment=InvestmentSummary.from_record(invest[0]) if invest else None,
                scenario_hash=str(manifest.get("scenario_hash", "")))
