"""Baselines for the demand model from patient-level data.

Base-year activity is counted per locality x pod x age band x segment (people's current
segment, their age at the start of the base year) and written as `baseline.csv` in the
scenario's baseline format, plus `costs.csv` (£ per cell).  Cells of 1-7 activities are
suppressed, and so is a second cell of the same locality x pod wherever one is (complementary
suppression: the scenario's baseline publishes each locality x pod total): hidden cells are
left out of baseline.csv (so the model sees 0) and shown as "*" in costs.csv (a hidden cell
of no activity is listed there as "*" too, since leaving it out would say it is 0).
`load_population_baseline(seg_dir)` reads baseline.csv back, validated, for `project()`.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import ibis.expr.types as ir
import pandas as pd

from icsplan.errors import Problem
from icsplan.population.privacy import DEFAULT_THRESHOLD, grouped_hidden, hide
from icsplan.population.schema import PopulationInputError
from icsplan.scenario.folder import in_folder
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import BaselineRow
from icsplan.scenario.tables import TableSpec
from icsplan.scenario.validate import validate_rows
from icsplan.vocabulary import ACUTE_PODS

AGE_BANDS = ("0-17", "18-44", "45-64", "65-74", "75-84", "85+")
BASELINE_COLUMNS = ["locality", "pod", "age_band", "segment", "activity", "source"]
KEYS = ["locality", "pod", "age_band", "segment"]
# A population baseline is "consistent" with its scenario when every locality x pod total is
# within this percentage of the scenario's (after suppression).
TOLERANCE_PCT = 1.0


def age_band(age: ir.IntegerValue) -> ir.StringValue:
    """The model's age band of an age in years."""
    return ibis.cases((age < 18, "0-17"), (age < 45, "18-44"), (age < 65, "45-64"),
                      (age < 75, "65-74"), (age < 85, "75-84"), else_="85+")


def cell_activity(activity: ir.Table, people: ir.Table, start, end) -> ir.Table:
    """Activity and cost in [start, end) per locality x pod x age band x segment.

    `people` needs patient_id, locality, birth_year and segment; activity of ids that are
    not in `people` is left out.  The pipeline uses `people_cells`, which gives the same
    cells without the join; this is the reference it is tested against."""
    a = activity.filter((activity.date >= start) & (activity.date < end))
    p = people.select("patient_id", "locality", "segment",
                      age_band=age_band(ibis.literal(start.year) - people.birth_year))
    joined = a.join(p, "patient_id")
    return joined.group_by(KEYS).aggregate(activity=joined.count(),
                                           cost=joined.cost.sum().round(2))


def people_cells(people: ir.Table, start) -> pd.DataFrame:
    """The cells of `cell_activity` from each person's activity and cost per pod in the window
    (`people` needs locality, birth_year, segment and `features.BASE_COLUMNS`, as the wide
    features give them): one grouping of the people, no join of the activity to them.  Cells
    with no activity are left out, as the join leaves them out."""
    p = people.mutate(age_band=age_band(ibis.literal(start.year) - people.birth_year))
    sums = {}
    for pod in ACUTE_PODS:
        sums[f"n_{pod}"] = p[f"base__{pod}"].sum().cast("int64")
        sums[f"c_{pod}"] = p[f"base__{pod}_cost"].sum().round(2)
    wide = p.group_by(["locality", "age_band", "segment"]).aggregate(**sums).to_pandas()
    parts = [wide[["locality", "age_band", "segment"]].assign(
        pod=pod, activity=wide[f"n_{pod}"].astype("int64"),
        cost=wide[f"c_{pod}"].astype("float64")) for pod in ACUTE_PODS]
    cells = pd.concat(parts, ignore_index=True)
    cells = cells[cells["activity"] > 0]
    return cells[[*KEYS, "activity", "cost"]].reset_index(drop=True)


def window_activity(activity: ir.Table, start, end) -> int:
    """Activities in [start, end), whoever they belong to (those of ids not in the patients
    table are this less the sum of the cells)."""
    a = activity.filter((activity.date >= start) & (activity.date < end))
    return int(a.count().to_pandas())


def mark_hidden(cells: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The cells completed with every age band x segment of each locality x pod (no activity:
    0), with a `hidden` column: primary and complementary suppression within each locality x
    pod, whose total the scenario's baseline makes public (`privacy.grouped_hidden`)."""
    if "hidden" in cells:
        return cells
    from icsplan.vocabulary import SEGMENTS

    shape = pd.MultiIndex.from_product([AGE_BANDS, SEGMENTS], names=["age_band", "segment"])
    grid = (cells[["locality", "pod"]].drop_duplicates()
            .merge(shape.to_frame(index=False), how="cross"))
    full = grid.merge(cells, on=KEYS, how="outer")
    full["activity"] = full["activity"].fillna(0).astype("int64")
    full["cost"] = full["cost"].fillna(0.0)
    full = full.sort_values(KEYS).reset_index(drop=True)
    if threshold <= 0 or full.empty:
        full["hidden"] = False
        return full
    full["hidden"] = grouped_hidden(full["activity"], full["locality"] + "\x1f" + full["pod"],
                                    threshold)
    return full


def baseline_table(cells: pd.DataFrame, source: str,
                   threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """baseline.csv rows: every cell with activity that is not hidden, in the scenario
    format."""
    marked = mark_hidden(cells, threshold)
    keep = marked[(marked["activity"] > 0) & ~marked["hidden"]]
    out = keep[KEYS].copy()
    out["activity"] = keep["activity"].astype(float)
    out["source"] = source
    return out.sort_values(KEYS).reset_index(drop=True)[BASELINE_COLUMNS]


def cost_table(cells: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """costs.csv rows: activity and cost (£) per cell with activity, and every hidden cell;
    hidden cells as "*"."""
    marked = mark_hidden(cells, threshold)
    marked = marked[(marked["activity"] > 0) | marked["hidden"]]
    out = marked[KEYS + ["activity", "cost", "hidden"]].sort_values(KEYS)
    out = out.reset_index(drop=True).rename(columns={"cost": "cost_gbp"})
    return hide(out, out["hidden"], "activity", ("cost_gbp",)).drop(columns="hidden")


def consistency(baseline: pd.DataFrame, scenario: Scenario, scale: float = 1.0) -> pd.DataFrame:
    """Population-derived vs scenario baseline activity per locality x pod (scenario x scale).

    Columns: locality, pod, population, scenario, difference_pct."""
    ours = baseline.groupby(["locality", "pod"], as_index=False)["activity"].sum()
    theirs = scenario.baseline.groupby(["locality", "pod"], as_index=False)["activity"].sum()
    theirs["activity"] = theirs["activity"] * scale
    out = theirs.merge(ours, on=["locality", "pod"], how="outer", suffixes=("_scenario", ""))
    out = out.fillna(0.0).rename(columns={"activity": "population",
                                          "activity_scenario": "scenario"})
    out["difference_pct"] = (100 * (out["population"] / out["scenario"].where(
        out["scenario"] > 0) - 1)).round(3)
    return out[["locality", "pod", "population", "scenario", "difference_pct"]]


def load_population_baseline(seg_dir: str | Path) -> pd.DataFrame:
    """baseline.csv written by `icsplan population run`, validated, for `project(baseline=)`."""
    path = Path(seg_dir) / "baseline.csv"
    if not path.is_file():
        raise PopulationInputError([Problem(str(path), "no baseline.csv here; run "
                                            "'icsplan population run' first")])
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise PopulationInputError([Problem(path.name, f"cannot be read as CSV: {exc}")]) from None
    problems: list[Problem] = []
    frame = validate_rows(raw, TableSpec("baseline", BaselineRow), problems)
    problems = [in_folder(p) for p in problems]
    if frame is not None and frame.duplicated(KEYS).any():
        problems.append(Problem(path.name, "a locality/pod/age band/segment cell is given twice"))
    if problems or frame is None:
        raise PopulationInputError(problems)
    return frame
