"""The population pipeline end to end: read -> features -> risk -> segments -> cohorts -> baselines.

`run_population` is what `icsplan population run` and the benchmark call.  Every step is an
Ibis expression on the chosen backend; only the risk model's fit sample (at most 300,000
people, taken in the engine and counted there as a frequency table of distinct rows) and the
final, small outputs come back to pandas.
`write_outputs` writes the files of a run.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pandas as pd

from icsplan.errors import Problem
from icsplan.population import baselines as B
from icsplan.population.cohorts import DEFAULT_COHORTS, CohortSpec, cohorts
from icsplan.population.engine import materialise
from icsplan.population.features import BASE_COLUMNS, At, at, materialise_wide
from icsplan.population.frailty import with_frailty
from icsplan.population.nel_risk import (
    MAX_FIT_ROWS,
    RiskModel,
    evaluate_table,
    first_by_id,
    fit,
    fit_counts,
    preload_solver,
    score,
)
from icsplan.population.periods import Periods
from icsplan.population.privacy import DEFAULT_THRESHOLD, grid_hidden, hide, listed_hidden
from icsplan.population.schema import (
    PopulationInputError,
    check_against_scenario,
    find_file,
    read_population,
)
from icsplan.population.segments import SegmentRules, with_segment
from icsplan.scenario.schema import year_start
from icsplan.vocabulary import SEGMENTS

log = logging.getLogger(__name__)
STAGES = ("read", "risk", "segments", "cohorts", "baselines")
PER = 50_000
FIT, EVAL, SCORE = "fit", "eval", "score"  # tags of the index dates


@dataclass
class PopulationRun:
    """The outputs of one run (pandas frames, already privacy-safe) and stage timings (s)."""

    people: int
    periods: Periods
    baseline: pd.DataFrame
    costs: pd.DataFrame
    consistency: pd.DataFrame | None
    segments: pd.DataFrame
    cohorts: pd.DataFrame
    model: RiskModel
    calibration: pd.DataFrame
    auc: float
    timings: dict[str, float] = field(default_factory=dict)
    suppressed_cells: int = 0
    suppression: int = DEFAULT_THRESHOLD
    unmatched_activity: int = 0
    scale: float = 1.0  # share of the scenario's population the input stands for (synthetic)
    scenario: str | None = None  # the scenario the input was made for or checked against


def read_manifest(folder: Path) -> dict:
    """The manifest.json of a population folder, or {} if it has none."""
    path = folder / "manifest.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def infer_periods(activity: ir.Table, file: str = "activity",
                  base_year: int | None = None) -> Periods:
    """Periods from the activity dates: the base year is the scenario's (`base_year`, the
    calendar year it starts in) or else the last financial year present; the data must
    cover it and the year before."""
    span = activity.aggregate(first=activity.date.min(), last=activity.date.max()).to_pandas()
    first, last = (pd.Timestamp(span["first"].iloc[0]).date(),
                   pd.Timestamp(span["last"].iloc[0]).date())
    base = base_year if base_year is not None else (
        last.year if last.month >= 4 else last.year - 1)
    periods = Periods(base)
    if first > date(base - 1, 4, 30) or last < date(base + 1, 3, 1):
        raise PopulationInputError([Problem(file, "activity must cover two whole financial "
                                            f"years ({base - 1}/{base % 100:02d} and "
                                            f"{periods.label}); it runs from {first:%B %Y} to "
                                            f"{last:%B %Y}", field="date")])
    return periods


def segment_table(counts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """People per locality x segment with share and rate per 50,000; system rows as 'all'.

    Small counts are hidden with complementary suppression across localities (the `all`
    row) and segments (each locality's total, which its shares reveal); a locality whose
    total must be hidden has every share and rate hidden (`privacy.grid_hidden`)."""
    full = (counts.pivot_table(index="locality", columns="segment", values="people",
                               aggfunc="sum", fill_value=0)
            .reindex(columns=list(SEGMENTS), fill_value=0))
    cell_hidden, total_hidden = grid_hidden(full, threshold)
    full.loc["all"] = full.sum()
    hidden = pd.DataFrame(cell_hidden, index=full.index, columns=full.columns)
    row_total_hidden = pd.Series(total_hidden, index=full.index)
    long = full.reset_index().melt(id_vars="locality", var_name="segment", value_name="people")
    totals = long.groupby("locality")["people"].transform("sum")
    long["share_pct"] = (100 * long["people"] / totals).round(1)
    long["per_50000"] = (PER * long["people"] / totals).round(0).astype(int)
    long["people"] = long["people"].astype(int)
    long["hidden"] = [bool(hidden.at[loc, seg]) for loc, seg in
                      zip(long["locality"], long["segment"], strict=True)]
    long["total_hidden"] = long["locality"].map(row_total_hidden).astype(bool)
    order = {s: i for i, s in enumerate(SEGMENTS)}
    long = long.sort_values(["locality", "segment"], key=lambda s: s.map(order)
                            if s.name == "segment" else s.map(lambda v: (v == "all", v)))
    long = long.reset_index(drop=True)
    out = hide(long, long["hidden"], "people", ("share_pct", "per_50000"))
    out = hide(out, long["total_hidden"], "share_pct", ("per_50000",))
    return out.drop(columns=["hidden", "total_hidden"])


def calibration_table(calib: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The calibration deciles with small people and event counts hidden, and a second decile
    hidden wherever one is, since risk_model.json publishes their totals (`evaluated_on`);
    the observed rate of a hidden decile is hidden too."""
    out = calib.round({"mean_predicted": 6, "observed_rate": 6})
    if threshold <= 0:
        return out
    people = listed_hidden(out["people"], threshold)
    events = listed_hidden(out["events"], threshold)
    out = hide(out, people, "people", ("observed_rate", "mean_predicted"))
    return hide(out, events, "events", ("observed_rate",))


def _nel_risk_model(con: ibis.BaseBackend, wide: ir.Table, periods: Periods):
    """The NEL (non-elective admission) risk model fitted on one period and evaluated on the
    next: (model with its evaluation, AUC, calibration by decile).

    `wide` holds every person's features at every index date (`wide_features`, computed once).
    The fit sample is the first MAX_FIT_ROWS people by id, taken in the engine and counted
    there as a frequency table of distinct rows (no id, no person's row leaves it); AUC and
    calibration are computed in the engine too."""
    fit_at, eval_at, _ = index_dates(periods)
    # the sample is chosen on the wide table, so only its people's features are computed
    train = fit_counts(at(first_by_id(wide, MAX_FIT_ROWS), fit_at))
    model = fit(train)
    del train
    test_table = at(wide, eval_at)
    test = test_table.select("patient_id", risk=score(test_table, model),
                             outcome=(test_table.nel_next > 0).cast("int64"))
    test = materialise(con, test, "icsplan_evaluation")
    auc, calib, tested, tested_events = evaluate_table(test, con=con)
    model.evaluation = {
        "auc": round(auc, 4),
        "fit_period": f"features {periods.fit_index:%Y-%m-%d} (6 months before), outcome "
                      "12 months after",
        "evaluation_period": f"features {periods.eval_index:%Y-%m-%d} (6 months before), "
                             "outcome 12 months after",
        "evaluated_on": {"people": tested, "events": tested_events},
    }
    return model, auc, calib


def index_dates(periods: Periods) -> tuple[At, At, At]:
    """The three dates features are wanted at: fit, evaluation and score (see periods.py)."""
    return (At(FIT, periods.fit_index), At(EVAL, periods.eval_index),
            At(SCORE, periods.score_index, (("prior", 6), ("last12", 12)), outcome=False))


def _current(con: ibis.BaseBackend, now: ir.Table, model: RiskModel,
             rules: SegmentRules, scored: tuple[str, ...]) -> ir.Table:
    """Everyone as at the score date with their segment and their base-year activity and cost
    per pod, and the risk of the people in the segments `scored` (the cohorts' segments:
    nobody else's risk at the score date is used), kept in the engine."""
    current = with_segment(with_frailty(now), rules)
    none = ibis.null("float64")
    current = current.mutate(risk=ibis.ifelse(current.segment.isin(scored),
                                              score(current, model), none) if scored else none)
    return materialise(con, current.select("patient_id", "locality", "birth_year", "segment",
                                           "risk", *BASE_COLUMNS),
                       "icsplan_current")


def _checked_periods(folder: Path, tables: dict[str, ir.Table], scenario) -> Periods:
    """The run's periods, after the checks of the input against `scenario` (if given)."""
    if scenario is None:
        return infer_periods(tables["activity"])
    base = year_start(scenario.meta.base_year)
    files = {name: (find_file(folder, name) or Path(name)).name for name in tables}
    problems = check_against_scenario(tables, set(scenario.localities["locality"]), base,
                                      files)
    if problems:
        raise PopulationInputError(problems)
    return infer_periods(tables["activity"], files["activity"], base_year=base)


def _loaded(scenario):
    """The scenario itself, if `scenario` is one still being loaded (a Future)."""
    return scenario.result() if isinstance(scenario, Future) else scenario


def run_population(folder: str | Path, con: ibis.BaseBackend | None = None, *,
                   cohort_specs: tuple[CohortSpec, ...] = DEFAULT_COHORTS,
                   rules: SegmentRules | None = None, threshold: int = DEFAULT_THRESHOLD,
                   scenario=None, scale: float | None = None,
                   on_stage: Callable[[str], None] | None = None) -> PopulationRun:
    """Run the pipeline on a folder of patient-level data with the Ibis backend `con`.

    `scenario` (a loaded Scenario) turns on the check of the baseline against the scenario's,
    at `scale` (default: the synthetic population's scale from manifest.json, else 1).  It
    may be a Future of one (the command loads it in a thread while the engine reads and
    checks the input here; its errors are raised here, before the input's own)."""
    folder = Path(folder)
    con = con or ibis.duckdb.connect()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def done(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now
        log.info("stage %s took %.2f s", stage, timings[stage])
        if on_stage:
            on_stage(stage)

    try:
        tables = read_population(folder, con)
    except PopulationInputError:
        _loaded(scenario)  # a scenario that cannot be used is reported first, as before
        raise
    scenario = _loaded(scenario)
    manifest = read_manifest(folder)  # once: the synthetic population's scale and scenario
    periods = _checked_periods(folder, tables, scenario)
    score_year = periods.score_index.year
    done("read")
    preload_solver()  # scikit-learn's import overlaps the features pass below

    ats = index_dates(periods)
    base = (periods.base_start, periods.score_index)
    wide = materialise_wide(con, tables, score_year, ats, base)
    model, auc, calib = _nel_risk_model(con, wide, periods)
    done("risk")

    current = _current(con, at(wide, ats[2], keep=BASE_COLUMNS), model,
                       rules or SegmentRules(),
                       tuple(sorted({spec.segment for spec in cohort_specs})))
    counts = current.group_by(["locality", "segment"]).aggregate(people=current.count())
    counts = counts.to_pandas()
    people = int(counts["people"].sum())
    segments = segment_table(counts, threshold)
    done("segments")

    members = cohorts(current, cohort_specs).to_pandas()
    members = members.sort_values(["locality", "cohort", "rank"]).reset_index(drop=True)
    done("cohorts")

    cells = B.people_cells(current, periods.base_start)
    cells = cells.sort_values(B.KEYS).reset_index(drop=True)
    unmatched = (B.window_activity(tables["activity"], *base)
                 - int(cells["activity"].sum()))
    source = f"derived: icsplan population run on {folder.name}, base year {periods.label}"
    cells = B.mark_hidden(cells, threshold)
    baseline = B.baseline_table(cells, source, threshold)
    suppressed = int((cells["hidden"] & (cells["activity"] > 0)).sum())
    check = None
    if scenario is not None:
        if scale is None:
            scale = float(manifest.get("scale", 1.0))
        check = B.consistency(baseline, scenario, scale)
        off = int((check["difference_pct"].abs() > B.TOLERANCE_PCT).sum())
        if off:
            log.warning("%d locality x pod baseline totals differ from the scenario's by more "
                        "than %.0f%% (see consistency.csv)", off, B.TOLERANCE_PCT)
    done("baselines")
    log.info("baseline: %d cells, %d suppressed (1-%d activities, and complementary) and left "
             "out", int((cells["activity"] > 0).sum()), suppressed, threshold)
    if unmatched:
        log.warning("%d base-year activities have a patient_id not in patients; left out",
                    unmatched)
    calib_out = calibration_table(calib, threshold)
    return PopulationRun(people=people, periods=periods, baseline=baseline,
                         costs=B.cost_table(cells, threshold), consistency=check,
                         segments=segments, cohorts=members, model=model,
                         calibration=calib_out, auc=auc, timings=timings,
                         suppressed_cells=suppressed, suppression=threshold,
                         unmatched_activity=unmatched,
                         scale=float(manifest.get("scale", 1.0)),
                         scenario=scenario.name if scenario is not None else
                         manifest.get("scenario"))


def write_outputs(result: PopulationRun, out: str | Path) -> list[Path]:
    """Write the run's files to `out` (`report.files.write_population`: all at once, CSVs
    inert, person-level files 0600)."""
    from icsplan.report.files import write_population

    files = write_population(result, Path(out))
    log.info("wrote population outputs to %s", out)
    return files
