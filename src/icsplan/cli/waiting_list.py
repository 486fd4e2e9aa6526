"""`icsplan waiting-list`: RTT waiting lists by months waited (NHSRtt-compatible): import
counts, calibrate and project, and answer the planner's questions joined to the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from icsplan.cli.common import ScenarioArg, fail, load, out_console, output_file, output_folder

if TYPE_CHECKING:
    from icsplan.waiting_list.data import RttCounts

app = typer.Typer(help="Waiting lists (referral to treatment): import RTT counts, calibrate "
                  "and project them, and answer the planner's questions under the plan.",
                  no_args_is_help=True)

RttArg = Annotated[Path, typer.Argument(help="RTT counts: a long CSV/Excel file (period, "
                                        "months_waited, referrals, completes, incompletes; "
                                        "optional provider, specialty) or NHS England's "
                                        "monthly RTT CSV.")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")]
Calibration = Annotated[str, typer.Option(
    help="reference (NHSRtt: mean of monthly ratios) or pooled (ratio of sums).")]
Redistribution = Annotated[str, typer.Option(
    help="More treatment than patients in a compartment: none, evenly, prioritise (NHSRtt) "
    "or capped (icsplan: never negative).")]


def read(path: Path, sheet: str | None = None) -> RttCounts:
    """Read and check an RTT file (its problems exit 2 through the one error path)."""
    from icsplan.waiting_list.data import RttDataError, read_rtt

    try:
        return read_rtt(path, sheet)
    except RttDataError as exc:
        raise RttDataError(exc.problems, title=f"RTT file {path} is not valid") from None


def _check_choice(value: str, choices: tuple[str, ...], option: str) -> None:
    if value not in choices:
        fail([f"{option}: '{value}' is not one of {', '.join(choices)}"], "Bad option")


def _manifest(**values: object) -> dict[str, object]:
    from datetime import UTC, datetime

    from icsplan import __version__

    return {"icsplan_version": __version__, **values,
            "created": datetime.now(UTC).isoformat(timespec="seconds")}


@app.command("import")
def import_rtt(file: RttArg, out: OutOption = Path("rtt"),
               sheet: Annotated[str | None, typer.Option(help="Excel sheet (default: the "
                                                         "first).")] = None) -> None:
    """Check an RTT file and write it as one tidy long table (rtt.csv) with its measures by
    month for the whole system (rtt_actuals.csv)."""
    from icsplan.report.files import write_waiting_list
    from icsplan.waiting_list.plan_link import measures_frame

    counts = read(file, sheet)
    output_folder(out)
    total = counts.total()
    actuals = measures_frame(total.periods, total.incompletes[0])
    written = write_waiting_list({"rtt": counts.to_long(), "rtt_actuals": actuals}, out,
                                 _manifest(rtt=file.name))
    out_console.print(f"{file.name}: {len(counts.series)} series, {len(counts.periods)} months "
                      f"({counts.periods[0]:%b %Y} to {counts.periods[-1]:%b %Y}), months "
                      f"waited 0 to {counts.max_months_waited} or more.")
    out_console.print(f"Wrote {', '.join(str(p) for p in written)}")


@app.command()
def synth(
    file: Annotated[Path, typer.Argument(help="The CSV to write.")],
    providers: Annotated[int, typer.Option(min=1)] = 3,
    specialties: Annotated[int, typer.Option(min=1)] = 4,
    months: Annotated[int, typer.Option(min=2)] = 25,
    max_months_waited: Annotated[int, typer.Option(min=2, max=120)] = 24,
    referrals: Annotated[float, typer.Option(min=1)] = 400.0,
    seed: int = 2016,
    start: str = "2015-04-01",
) -> None:
    """Write a synthetic RTT system (seeded) in the long layout."""
    from icsplan.waiting_list.synthetic import synthetic_rtt

    output_file(file, ".csv", "The synthetic RTT file")
    counts = synthetic_rtt(providers, specialties, months, max_months_waited, referrals, seed,
                           start)
    from icsplan.safety.cells import write_csv

    tmp = file.with_name(f".{file.name}.tmp")
    write_csv(counts.to_long(), tmp, table=file.stem)
    tmp.replace(file)
    out_console.print(f"Wrote {file}: {len(counts.series)} series x {months} months (seed "
                      f"{seed}).")


@app.command()
def project(
    file: RttArg,
    out: OutOption = Path("rtt-projection"),
    months: Annotated[int, typer.Option(min=1, max=240, help="Months to project.")] = 24,
    referral_growth: Annotated[float, typer.Option(help="Referral growth a year, e.g. 0.03."
                                                   )] = 0.0,
    capacity_change: Annotated[float, typer.Option(help="Capacity against the last 12 "
                                                   "months' mean clock stops, e.g. 0.05.")
                               ] = 0.0,
    calibration: Calibration = "pooled",
    redistribution: Redistribution = "capped",
    sheet: Annotated[str | None, typer.Option(help="Excel sheet.")] = None,
    full_breakdown: Annotated[bool, typer.Option(
        help="Also write rtt_calibration.csv: each month's inflow, clock stops, reneges and "
        "ratios by series and months waited.")] = False,
) -> None:
    """Calibrate every series and project it: rtt_parameters.csv (renege and capacity
    parameters by series and months waited) and rtt_projection.csv (measures by series and
    month)."""
    import numpy as np
    import pandas as pd

    from icsplan.report.files import write_waiting_list
    from icsplan.waiting_list import measures
    from icsplan.waiting_list.model import CALIBRATION, REDISTRIBUTION, calibrate
    from icsplan.waiting_list.model import project as run_projection

    _check_choice(calibration, CALIBRATION, "--calibration")
    _check_choice(redistribution, REDISTRIBUTION, "--redistribution")
    counts = read(file, sheet)
    output_folder(out)
    params = calibrate(counts.referrals, counts.completes, counts.incompletes, calibration)
    t = np.arange(1, months + 1) / 12
    refs = counts.referrals[:, -1:] * (1 + referral_growth) ** t[None]
    caps = np.repeat(counts.completes[:, -12:].sum(-1).mean(1, keepdims=True)
                     * (1 + capacity_change), months, axis=1)
    proj = run_projection(counts.incompletes[:, -1], refs, caps, params, redistribution)
    s, k1 = params.renege.shape
    param_table = counts.series.loc[np.repeat(np.arange(s), k1)].reset_index(drop=True)
    param_table["months_waited"] = np.tile(np.arange(k1), s)
    param_table["renege_param"] = params.renege.reshape(-1)
    param_table["capacity_param"] = params.capacity.reshape(-1)
    periods = pd.date_range(counts.periods[-1] + pd.offsets.MonthBegin(1), periods=months,
                            freq="MS")
    table = counts.series.loc[np.repeat(np.arange(s), months)].reset_index(drop=True)
    table["month"] = np.tile(periods.strftime("%Y-%m"), s)
    table["referrals"] = refs.reshape(-1)
    table["capacity"] = caps.reshape(-1)
    for name, values in measures.summary(proj.incompletes).items():
        table[name] = values.reshape(-1)
    table["share_within_18_weeks"] *= 100
    table["negative_stock"] = (proj.incompletes < -1e-9).any(-1).reshape(-1)
    tables = {"rtt_parameters": param_table.round(6), "rtt_projection": table.round(6)}
    if full_breakdown:
        tables["rtt_calibration"] = _breakdown_table(counts)
    written = write_waiting_list(
        tables, out,
        _manifest(rtt=file.name, calibration=calibration, redistribution=redistribution,
                  months=months, referral_growth=referral_growth,
                  capacity_change=capacity_change))
    last = table.groupby("month", sort=False)[["waiting_list", "within_18_weeks",
                                               "over_52_weeks"]].sum().iloc[-1]
    share = (f"{100 * last['within_18_weeks'] / last['waiting_list']:.1f}%"
             if last["waiting_list"] > 0 else "all")
    out_console.print(f"{s} series projected {months} months: in {periods[-1]:%b %Y} "
                      f"{last['waiting_list']:,.0f} waiting, {share} within 18 weeks, "
                      f"{last['over_52_weeks']:,.0f} over 52 weeks.")
    if table["negative_stock"].any():
        out_console.print(f"{table['negative_stock'].sum()} series-months have negative stocks "
                          f"(the '{redistribution}' method); --redistribution capped avoids "
                          "them.")
    out_console.print(f"Wrote {', '.join(str(p) for p in written)}")


def _breakdown_table(counts: RttCounts) -> object:
    """The calibration's monthly flows as a long table."""
    import numpy as np

    from icsplan.waiting_list.model import breakdown

    flows = breakdown(counts.referrals, counts.completes, counts.incompletes)
    s, t, k1 = flows["inflow"].shape
    idx = np.indices((s, t, k1)).reshape(3, -1)
    table = counts.series.loc[idx[0]].reset_index(drop=True)
    table["period"] = counts.periods[1:][idx[1]].strftime("%Y-%m")
    table["months_waited"] = idx[2]
    for name, values in flows.items():
        table[name] = values.reshape(-1)
    return table.round(6)


@app.command()
def plan(
    scenario: ScenarioArg = "mse-2016",
    rtt: Annotated[Path | None, typer.Option(help="RTT counts (see `import`); without it, "
                                             "--seeds or nothing.")] = None,
    seeds: Annotated[bool, typer.Option(help="Use the RTT system derived from seeds 002 and "
                                        "004 (mse-2016).")] = False,
    out: OutOption = Path("waiting-list"),
    target_month: Annotated[str, typer.Option(help="Month (YYYY-MM) by whose end 92% within "
                                              "18 weeks is to be met.")] = "2018-03",
    zero_52_month: Annotated[str, typer.Option(help="Month (YYYY-MM) by whose end no one "
                                               "waits 52 weeks or more.")] = "2020-03",
    calibration: Calibration = "pooled",
    redistribution: Redistribution = "capped",
    capacity_change: Annotated[float, typer.Option(help="Extra capacity on top of the plan's "
                                                   "(share), e.g. 0.05.")] = 0.0,
    referral_growth: Annotated[float | None, typer.Option(help="Referral growth a year "
                                                          "instead of the plan's.")] = None,
    draws: Annotated[int, typer.Option(min=1, help="Monte Carlo draws.")] = 2000,
    seed: int = 2016,
) -> None:
    """The waiting list under the plan: projection, the planner's questions, the cost of
    extra capacity beside the bridge, the odds of meeting the standard, SPC of the actuals
    and a report (rtt_*.csv, report.html, manifest.json)."""
    from dataclasses import replace

    from icsplan.pipeline import run_plan
    from icsplan.report.files import waiting_list_tables, write_waiting_list
    from icsplan.waiting_list.model import CALIBRATION, REDISTRIBUTION
    from icsplan.waiting_list.plan_link import Settings, plan_waiting_list

    _check_choice(calibration, CALIBRATION, "--calibration")
    _check_choice(redistribution, REDISTRIBUTION, "--redistribution")
    if (rtt is None) == (not seeds):
        fail(["give either --rtt FILE or --seeds"], "Bad option")
    s = load(scenario)
    assumptions: tuple[str, ...] = ()
    if seeds:
        from icsplan.waiting_list.seeds import SOURCES, seeded_system

        counts, assumptions = seeded_system(), SOURCES
    else:
        counts = read(rtt)  # type: ignore[arg-type]
    output_folder(out)
    the_plan = run_plan(s)
    settings = Settings(target_month=target_month, zero_52_month=zero_52_month,
                        calibration=calibration, redistribution=redistribution,  # type: ignore[arg-type]
                        capacity_change=capacity_change, referral_growth=referral_growth,
                        draws=draws, seed=seed, assumptions=assumptions)
    result = plan_waiting_list(counts, the_plan.activity.summary, s.unit_costs,
                               float(the_plan.finance.bridge["cumulative_gbp"].iloc[-1]),
                               the_plan.projection.horizon, settings, spc_points=not seeds)
    the_plan = replace(the_plan, waiting_list=result)
    written = write_waiting_list(
        waiting_list_tables(result), out,
        _manifest(scenario=s.name, rtt=rtt.name if rtt else "seeds 002/004 (derived)",
                  calibration=calibration, redistribution=redistribution, draws=draws,
                  seed=seed), the_plan)
    print_answers(result)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]: "
                      + ", ".join(p.name for p in written))


def print_answers(result: object) -> None:
    """The answers and the odds as console tables."""
    table = Table(title="Waiting list: the planner's questions")
    for col in ("question", "value", "unit", "status"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for r in result.answers.itertuples(index=False):  # type: ignore[attr-defined]
        table.add_row(r.question, f"{r.value:,.1f}", r.unit, r.status)
    out_console.print(table)
    odds = Table(title="Odds of meeting the standard (Monte Carlo)")
    for col in ("measure", "month", "probability", "p10", "p50", "p90"):
        odds.add_column(col)
    for r in result.odds.itertuples(index=False):  # type: ignore[attr-defined]
        odds.add_row(r.measure, r.month, f"{r.probability_met:.0%}", f"{r.p10:,.1f}",
                     f"{r.p50:,.1f}", f"{r.p90:,.1f}")
    out_console.print(odds)
    for line in result.assumptions:  # type: ignore[attr-defined]
        out_console.print(f"- {line}")
