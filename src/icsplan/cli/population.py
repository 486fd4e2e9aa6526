"""`icsplan population`: make a synthetic population, and run the population pipeline.

Mounted by the main CLI as `icsplan population`; bad input gives one line per problem and
exit code 2, never a traceback (cli.common's one error path).
"""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from icsplan.cli.common import (
    collector_paused,
    fail,
    frozen_heap,
    load,
    no_teardown,
    require_activity_model,
)
from icsplan.population.settings import DEFAULT_THRESHOLD, ENGINES

app = typer.Typer(help="Patient-level population: synthetic data, segments, risk, cohorts "
                  "and baselines for the model.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)
log = logging.getLogger(__name__)




def _fail(problems: list[str]) -> None:
    fail(problems, "The population input is not valid")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=console, transient=False)


@app.command()
def synth(
    out: Annotated[Path, typer.Option(help="Folder to write patients/conditions/activity "
                                      "Parquet files and manifest.json to.")],
    scenario: Annotated[str, typer.Option(help="Built-in scenario name or scenario folder: "
                                          "its localities, archetypes and baseline.")]
    = "mse-2016",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same "
                                      "files.")] = 2016,
    scale: Annotated[float, typer.Option(help="Fraction of each locality's population (and "
                                         "activity) to make, e.g. 0.01 for a quick test, "
                                         "47.5 for England's ~57M people (at most 50).")]
    = 1.0,
    chunk_people: Annotated[int | None, typer.Option(help="Make localities in chunks of at "
                                                     "most this many people, each written as "
                                                     "its own Parquet part (bounds memory; "
                                                     "e.g. 1000000 for England).")] = None,
    id_key_file: Annotated[Path | None, typer.Option(help="Secret key file of the "
                                                     "pseudonymised ids (made, 0600, on first "
                                                     "use; default ICSPLAN_ID_KEY_FILE or "
                                                     "~/.config/icsplan/id.key; never inside "
                                                     "--out). ICSPLAN_ID_KEY gives the key "
                                                     "itself.")] = None,
) -> None:
    """Write a seeded synthetic population: the scenario's localities, two years of activity
    matching its baseline (base year within 0.5 of an activity per locality x pod)."""
    from icsplan.population.synth import MAX_SCALE, synthesise

    loaded = load(scenario)
    require_activity_model(loaded, "a synthetic population")
    if not 0 < scale <= MAX_SCALE:
        _fail([f"--scale must be above 0 and at most {MAX_SCALE:g}; got {scale}"])
    if chunk_people is not None and chunk_people < 1:
        _fail([f"--chunk-people must be at least 1; got {chunk_people}"])
    with _progress() as progress:
        task = progress.add_task("Synthesising localities", total=len(loaded.localities))
        summary = synthesise(loaded, out, seed=seed, scale=scale, chunk_people=chunk_people,
                             on_locality=lambda _: progress.advance(task),
                             key_file=id_key_file)
    console.print(f"Wrote {summary.people:,} people, {summary.conditions:,} conditions and "
                  f"{summary.activity:,} activities ({' and '.join(summary.years)}) to {out}")


def _show(result) -> None:
    from icsplan.population.baselines import TOLERANCE_PCT

    console.print(f"Risk of a non-elective admission in 12 months: AUC "
                  f"[bold]{result.auc:.3f}[/] (evaluated on the next period)")
    table = Table(title="Calibration by decile of predicted risk")
    for col in ("decile", "people", "events", "mean predicted", "observed"):
        table.add_column(col, justify="right")
    for row in result.calibration.itertuples(index=False):
        pred = f"{row.mean_predicted:.4f}"
        obs = row.observed_rate
        obs = obs if isinstance(obs, str) else f"{obs:.4f}"
        table.add_row(str(row.decile), f"{row.people:,}", str(row.events), pred, obs)
    console.print(table)
    seg = Table(title="Segments (system, per 50,000 people)")
    for col in ("segment", "people", "share %", "per 50,000"):
        seg.add_column(col, justify="right")
    for row in result.segments[result.segments["locality"] == "all"].itertuples(index=False):
        seg.add_row(row.segment, f"{row.people}", f"{row.share_pct}", f"{row.per_50000}")
    console.print(seg)
    if result.consistency is not None:
        check = result.consistency
        worst = check["difference_pct"].abs().max()
        total = 100 * (check["population"].sum() / check["scenario"].sum() - 1)
        style = "green" if worst <= TOLERANCE_PCT else "yellow"
        console.print(f"Baseline vs scenario: system {total:+.2f}%, largest locality x pod "
                      f"difference [{style}]{worst:.2f}%[/] (tolerance {TOLERANCE_PCT:.0f}%; "
                      "consistency.csv)")
    console.print(f"Baseline cells suppressed (1-{result.suppression} activities and the cells "
                  "hidden beside them, left out of baseline.csv): "
                  f"{result.suppressed_cells}")


def _scenario(name: str):
    """The scenario a population run is checked against (problems raise InputError)."""
    checked = load(name)
    require_activity_model(checked, "a population run")
    return checked


def _connect(checked: Future | None, engine: str, *args, **options):
    """The engine's connection; its problems (a bad --memory-limit, no PySpark) are reported
    after those of the scenario being loaded (`checked`), if any, as they were before."""
    from icsplan.population.engine import connect

    try:
        return connect(engine, *args, **options)
    except (ValueError, ImportError) as exc:
        if checked is not None:
            checked.result()
        if isinstance(exc, ValueError):
            _fail([f"--memory-limit: {exc}"])
        _fail([f"the spark engine needs PySpark (pip install 'icsplan[spark]'): {exc}"])


@app.command()
def run(
    folder: Annotated[Path, typer.Argument(help="Folder with patients, conditions and "
                                           "activity (.parquet or .csv).")],
    out: Annotated[Path, typer.Option(help="Folder for baseline.csv, segments.csv, "
                                      "cohorts.parquet, risk_model.json and calibration.csv.")],
    engine: Annotated[str, typer.Option(help="duckdb (embedded) or spark.")] = "duckdb",
    spark_master: Annotated[str | None, typer.Option(help="Spark master URL (default "
                                                     "local[2]).")] = None,
    spark_memory: Annotated[str, typer.Option(help="Spark driver memory (local mode does all "
                                              "the work there; 1.2M people need ~4g).")]
    = "4g",
    memory_limit: Annotated[str | None, typer.Option(help="DuckDB's memory limit, e.g. 4GB: "
                                                     "what does not fit spills to disk, so a "
                                                     "population larger than memory runs "
                                                     "out of core.")] = None,
    spill_dir: Annotated[Path | None, typer.Option(help="Folder DuckDB spills to (default: "
                                                   "a temporary folder, removed after).")]
    = None,
    cohorts: Annotated[str, typer.Option(help="Complex-care cohorts per locality: "
                                         "segment:TEAMSxSIZE, comma-separated.")]
    = "high_risk:2x700,rising_risk:1x800",
    suppress: Annotated[int, typer.Option(help="Suppress counts from 1 to this number in "
                                          "aggregate outputs (0 turns it off: only for data "
                                          "that never leaves the secure environment).")]
    = DEFAULT_THRESHOLD,
    scenario: Annotated[str | None, typer.Option(help="Scenario to check the baseline against "
                                                 "(default: the one in manifest.json, if "
                                                 "any).")] = None,
) -> None:
    """Segment the population, fit and evaluate the risk model, pick cohorts and write the
    model's baseline (locality x pod x age band x segment)."""
    with collector_paused():  # what the imports make lives as long as the process
        from icsplan.population.cohorts import parse_cohorts
        from icsplan.population.run import STAGES, read_manifest, run_population, write_outputs

    if engine not in ENGINES:
        _fail([f"--engine must be one of {', '.join(ENGINES)}; got '{engine}'"])
    if suppress < 0:
        _fail([f"--suppress must be 0 or more; got {suppress}"])
    try:
        specs = parse_cohorts(cohorts)
    except ValueError as exc:
        _fail([str(exc)])
    with frozen_heap():  # the libraries' objects left out of full collections
        checked = None
        name = scenario or read_manifest(folder).get("scenario") if folder.is_dir() else scenario
        if name:  # loaded in a thread while the engine reads and checks the input
            checked = ThreadPoolExecutor(1, "icsplan-load-scenario").submit(_scenario, name)
        with tempfile.TemporaryDirectory(prefix="icsplan-") as tmp:
            con = _connect(checked, engine, spark_master, tmp_dir=tmp,
                           spark_memory=spark_memory, memory_limit=memory_limit,
                           spill_dir=spill_dir)
            try:
                with _progress() as progress:
                    task = progress.add_task("Population pipeline", total=len(STAGES))
                    result = run_population(folder, con, cohort_specs=specs, threshold=suppress,
                                            scenario=checked,
                                            on_stage=lambda s: progress.update(
                                                task, advance=1, description=f"Done: {s}"))
            except ValueError as exc:  # InputErrors go to the one error path; these are the rest
                _fail([str(exc)])
            finally:
                if engine == "spark":
                    con.disconnect()
        write_outputs(result, out)
        _show(result)
        console.print(f"{result.people:,} people; outputs in {out}")
    if engine == "duckdb" and spill_dir is None:
        # nothing left to release: DuckDB's connection is in memory and its spill folder
        # was the temporary one (a --spill-dir of the user's is left for DuckDB to clear,
        # and Spark's JVM to be stopped); tearing the interpreter down cost ~0.5 CPU s
        no_teardown()
