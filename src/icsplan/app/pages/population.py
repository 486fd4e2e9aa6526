"""Population (when a population run is attached with `--population`): segments, the risk
model's AUC and calibration, and cohort counts with small numbers suppressed as in exports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dash import html

from icsplan.app.layout import graph, page, section, table
from icsplan.report.charts.population import calibration_chart
from icsplan.report.labels import labels_for

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/population", "population", "Population"


def cohort_counts(folder: str | Path) -> pd.DataFrame | None:
    """People per locality and cohort from a run's cohorts.parquet.  A cohort's size follows
    from its segment's count (ranks 1-700, 701-1,400, ...), so the counts of a locality's
    cohorts are hidden ('*') exactly where segments.csv hides that segment's count; without
    segments.csv, counts of 1-7 are hidden (`population.privacy.suppress`)."""
    import pandas as pd

    from icsplan.population.privacy import SUPPRESSED, hide, suppress

    path = Path(folder) / "cohorts.parquet"
    if not path.is_file():
        return None
    cohorts = pd.read_parquet(path, columns=["locality", "cohort"])
    counts = cohorts.groupby(["locality", "cohort"]).size().rename("people").reset_index()
    seg_path = Path(folder) / "segments.csv"
    if not seg_path.is_file():
        return suppress(counts, "people")
    segments = pd.read_csv(seg_path, dtype=str, keep_default_na=False)
    hidden = set(zip(segments.loc[segments["people"] == SUPPRESSED, "locality"],
                     segments.loc[segments["people"] == SUPPRESSED, "segment"], strict=True))
    segment_of = counts["cohort"].str.rsplit("_", n=1).str[0]
    mask = [(loc, seg) in hidden for loc, seg in zip(counts["locality"], segment_of,
                                                     strict=True)]
    return hide(counts, mask, "people")


def layout(ctx: AppContext) -> html.Div:
    """The population page, or how to attach a population run."""
    pop = ctx.population
    if pop is None:
        return page("Population", section("No population run attached", html.P(
            "Start the app with --population FOLDER (a folder written by `icsplan population "
            "run`) to see segments, risk and cohorts here."), html.P(
            "Small numbers (1 to 7) are suppressed here exactly as in the exports.",
            className="note")))
    parts = [html.P(f"Baseline activity from the patient-level pipeline in {pop.source}.")]
    if pop.segments is not None:
        parts.append(section("Population segments", table(
            pop.segments, "Population segments, whole system (suppressed cells left out)",
            {"per_50000": ",.0f"}, names=labels_for(ctx.scenario))))
    if pop.auc is not None:
        parts.append(section("Risk model", html.P(
            f"Logistic regression, {pop.risk_terms} terms, fitted on one period and evaluated "
            f"on the next: AUC {pop.auc:.3f} ({pop.evaluation_period})."),
            *([graph(calibration_chart(pop.calibration))] if pop.calibration is not None
              else [])))
    counts = cohort_counts(ctx.population_folder) if ctx.population_folder else None
    if counts is not None:
        parts.append(section("Cohorts", table(counts, "People per locality and cohort "
                                              "(1 to 7 shown as *)", table_id="cohort-counts",
                                              names=labels_for(ctx.scenario))))
    return page("Population", *parts)


def register(app, ctx: AppContext) -> None:
    """The population page has no callbacks."""
