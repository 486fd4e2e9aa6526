"""`icsplan run`: the plan on a scenario — activity, targets, finance, reconciliation and the
report, written to a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from icsplan.cli.common import (
    ScenarioArg,
    collector_paused,
    console,
    frozen_heap,
    load,
    no_teardown,
    out_console,
    output_folder,
    require_activity_model,
)
from icsplan.errors import InputError, Problem
from icsplan.run_options import Forecasting, RunOptions, RunOptionsError

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def run(
    scenario: ScenarioArg = "mse-2016",
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")] = Path("out"),
    population: Annotated[Path | None, typer.Option(
        help="A folder written by `icsplan population run`: drive the model from its "
             "patient-level baseline.csv instead of the scenario's.")] = None,
    investment_level: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Share of the planned investment made (0-1); savings follow "
        "investment (1 = the plan; 0.25 releases 12.5% of the savings).")] = 1.0,
    excel: Annotated[bool, typer.Option(
        help="Also write results.xlsx: a cover sheet, charts and every table on its own "
             "formatted sheet.")] = False,
    pdf: Annotated[bool, typer.Option(
        help="Also write report.pdf, the report printed on A4 by headless Chromium "
             "(Debian's chromium package).")] = False,
    actuals: Annotated[Path | None, typer.Option(
        help="Monthly actuals (NHS England A&E format or a long measure table): adds the "
             "Delivery section (SPC of the KPIs, plan vs actual) and its files.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="A programme register (database URL, see `icsplan register`): add its "
                     "QIPP, milestones, risks and maturity to the report.")] = None,
    draws: Annotated[int, typer.Option(
        min=0, help="Monte Carlo draws of the uncertain inputs (intervals.csv); writes "
        "activity_uncertainty.csv, finance_uncertainty.csv and fan charts. 0: none.")] = 0,
    seed: Annotated[int, typer.Option(
        help="The one seed every draw comes from (same seed, same results).")] = 2016,
    poisson: Annotated[bool, typer.Option(
        help="Draw activity as Poisson counts around each draw's expected values.")] = False,
    uncertainty_by: Annotated[list[str] | None, typer.Option(
        "--uncertainty-by", help="Levels of the activity draws besides the system's pods "
        "(always drawn): ccg, locality; repeat the option for several.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Threads drawing blocks of draws at once (default: one per core; the "
        "results do not depend on it).")] = None,
    recover_by: Annotated[str | None, typer.Option(
        help="With --actuals: the year by which the forecast's 'recovers' assumption is back "
             "on plan (default the horizon), e.g. 2019/20.")] = None,
    forecast_measure: Annotated[list[str] | None, typer.Option(
        "--forecast-measure", help="With --actuals: the measures that drive the forecast "
        "(ae_attendances, emergency_admissions_ae; default both); repeat for several.")]
    = None,
    rtt: Annotated[Path | None, typer.Option(
        help="RTT waiting-list counts (see `icsplan waiting-list`): adds the Waiting lists "
             "section and its rtt_*.csv files.")] = None,
) -> None:
    """Run the plan: activity, change factors, locality targets, finance, reconciliation and
    the report."""
    with collector_paused():  # what the imports make lives as long as the process
        from icsplan.appraisal.reference import road_minutes_for
        from icsplan.pipeline import run_plan
        from icsplan.report.files import write_results

    options = run_options(investment_level=investment_level, draws=draws, seed=seed,
                          poisson=poisson, uncertainty_by=tuple(uncertainty_by or ["pod"]),
                          workers=workers,
                          forecasting=Forecasting(recover_by=recover_by,
                                                  measures=tuple(forecast_measure or ())))
    output_folder(out, inputs={**_inputs(scenario, population, actuals, db), "RTT file": rtt})
    with frozen_heap(), Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("Loading scenario", total=None)
        s = load(scenario)
        if draws:
            require_activity_model(s, "a Monte Carlo run (--draws)")
        register = None
        if db is not None:
            from icsplan.cli.register import read_summary

            progress.update(task, description="Reading the programme register")
            register = read_summary(db)
        summary = None
        data = None
        if actuals is not None:
            from icsplan.cli.delivery import read

            progress.update(task, description="Reading actuals")
            data = read(actuals, s.kpi_measures)
        if rtt is not None:
            from icsplan.cli.waiting_list import read as read_rtt

            require_activity_model(s, "a waiting-list projection (--rtt)")

            rtt_counts = read_rtt(rtt)
        if population is not None:
            progress.update(task, description="Loading population baseline")
            from icsplan.population.summary import load_population_summary  # ibis

            summary = load_population_summary(population)
        progress.update(task, description="Running the model")
        if draws:
            progress.update(task, description=f"Running the model and {draws:,} draws")
        plan = run_plan(s, options, population=summary, actuals=data, register=register,
                        road_minutes=road_minutes_for(s))
        if rtt is not None:
            from icsplan.waiting_list.plan_link import attach_waiting_list

            plan = attach_waiting_list(plan, rtt_counts)
        progress.update(task, description="Writing results and report")
        written = write_results(plan, out, excel=excel, pdf=pdf)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]:")
    for path in written:
        out_console.print(f"  {path.name}")
    print_headline(plan)
    if db is None and population is None:  # no database connection or engine left open
        no_teardown()


def _inputs(scenario: str, population: Path | None, actuals: Path | None,
            db: str | None) -> dict[str, Path | None]:
    """The run's inputs on disk, which `--out` must keep clear of."""
    folder = Path(scenario) if Path(scenario).is_dir() else None
    database = None
    if db is not None and db.startswith("sqlite:///"):
        database = Path(db.removeprefix("sqlite:///"))
    elif db is not None and "://" not in db:
        database = Path(db)
    return {"scenario folder": folder, "population folder": population,
            "actuals file": actuals, "register database": database}


def run_options(**values: object) -> RunOptions:
    """Run options from the command line's values; a bad one or a bad combination is
    refused naming its option (`--uncertainty-by`), before anything runs."""
    try:
        return RunOptions(**values)  # type: ignore[arg-type]
    except RunOptionsError as exc:
        raise InputError([Problem(f"--{(p.field or '').replace('_', '-')}", p.message,
                                  value=p.value) for p in exc.problems],
                         title=exc.title) from None


def print_headline(plan: Plan) -> None:
    """The horizon's system activity and the investment summary, on the terminal (for a
    plan without an activity model, its programmes)."""
    if plan.programmes is not None and not plan.scenario.has_demand_model:
        out_console.print(programme_line(plan))
        return
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    table = Table(title=f"System activity in {plan.horizon}")
    for col in ("pod", "baseline", "momentum", "planned", "vs baseline", "vs momentum"):
        table.add_column(col, justify="left" if col == "pod" else "right")
    for r in last.itertuples():
        table.add_row(r.pod, f"{r.baseline:,.0f}", f"{r.momentum:,.0f}", f"{r.planned:,.0f}",
                      f"{r.change_vs_baseline_pct:+.2f}%", f"{r.change_vs_momentum_pct:+.2f}%")
    out_console.print(table)
    m = plan.manifest
    if m.reconciled != "all" and m.population_people is not None:
        out_console.print(
            f"[bold yellow]A scaled or partial population[/]: {m.population_people:,} people "
            f"({(m.population_share or 0):.1%} of the scenario's registered population). "
            "Activity and savings are for them; investment and the bridge's stated steps are "
            "for the whole system. Only activity-independent figures were reconciled.")
    fin = plan.finance
    inv = fin.investment_summary
    if inv is not None:
        from icsplan.headline import gap_words, payback_words

        payback = payback_words(fin.payback_year, float(inv.investment_gbp), plan.horizon)
        out_console.print(
            f"Investment level {inv.investment_level:.0%}: savings {inv.savings_share:.1%} "
            f"of the plan's; net saving in {plan.horizon} "
            f"£{inv.net_saving_gbp / 1e6:,.1f}m; payback year {payback}.")
        if not fin.bridge.empty:
            out_console.print(f"Financial gap after the bridge in {plan.horizon}: "
                              f"{gap_words(float(fin.bridge['value_gbp'].sum()))}.")
    if plan.capacity is not None:
        out_console.print(capacity_line(plan))
    if plan.uncertainty is not None:
        print_uncertainty(plan)
    if plan.forecast is not None:
        from icsplan.cli.forecast import print_forecast

        print_forecast(plan.forecast, plan.horizon)


def programme_line(plan: Plan) -> str:
    """The portfolio in a sentence: programmes, milestones due, risks, KPIs and RAG counts."""
    frame = plan.programmes.programmes
    rags = frame["rag"].value_counts()
    rated = ", ".join(f"{rags.get(r, 0)} {r}" for r in ("R", "A", "G", "not rated"))
    return (f"{len(frame)} programmes in {plan.programmes.quarter}: "
            f"{int(frame['milestones'].sum())} milestones ({int(frame['due_this_quarter'].sum())}"
            f" due this quarter), {int(frame['risks'].sum())} risks "
            f"({int(frame['risks_rated'].sum())} rated), {int(frame['kpis'].sum())} KPIs; "
            f"RAG {rated}.")


def capacity_line(plan: Plan) -> str:
    """Beds needed at the horizon (85% and 92% occupancy) and bed days per 1,000 people."""
    cap = plan.capacity
    row = cap[(cap["level"] == "system") & (cap["year"] == plan.horizon)]
    beds = ", ".join(f"{r.planned_beds:,.0f} at {r.occupancy:.0%}" for r in row.itertuples())
    released = ", ".join(f"{r.released_beds:,.0f}" for r in row.itertuples())
    return (f"Beds needed in {plan.horizon}: {beds} occupancy ({released} released by the "
            f"initiatives); {row['bed_days_per_1000'].iloc[0]:,.1f} bed days per 1,000 people.")


def _m(value: float) -> str:
    """Pounds as £m, sign first: -£57.5m."""
    return f"{'-' if value < 0 else ''}£{abs(value) / 1e6:,.1f}m"


def print_uncertainty(plan: Plan) -> None:
    """The Monte Carlo headline: the gap's range and the probability that it closes."""
    unc = plan.uncertainty
    fin = unc.finance.set_index(["metric", "year"])
    lines = [f"Monte Carlo: {unc.draws:,} draws, seed {unc.seed}"
             + (", Poisson activity" if unc.poisson else "") + "."]
    key = ("bridge_gap_gbp", plan.horizon)
    if key in fin.index:
        g = fin.loc[key]
        lines.append(f"Gap in {plan.horizon}: principal {_m(g['principal'])}, 10th-90th "
                     f"percentile {_m(g['p10'])} to {_m(g['p90'])}; probability the gap "
                     f"closes {g['probability']:.0%}.")
    net = fin.loc[("net_saving_gbp", plan.horizon)]
    lines.append(f"Net saving in {plan.horizon}: 10th-90th percentile "
                 f"{_m(net['p10'])} to {_m(net['p90'])}.")
    for line in lines:
        out_console.print(line, highlight=False)
