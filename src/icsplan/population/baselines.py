"""Baselines for the demand model from patient-level data.

Base-year activity is counted per locality x pod x age band x segment (people's current
segment, their age at the start of the base year) and written as `baseline.csv` in the
scenario's baseline format, plus `costs.csv` (£ per cell).  Cells of 1-7 activities are
suppressed: left out of baseline.csv (so the model sees 0) and shown as "*" in costs.csv.
`load_population_baseline(seg_dir)` reads baseline.csv back, validated, for `project()`.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import ibis.expr.types as ir
import pandas as pd

from icsplan.errors import Problem
from icsplan.population.privacy import DEFAULT_THRESHOLD, small, suppress
from icsplan.population.schema import PopulationInputError
from icsplan.scenario.folder import in_folder
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import BaselineRow
from icsplan.scenario.tables import TableSpec
from icsplan.scenario.validate import validate_rows

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
    not in `people` is left out (counted by `unmatched_activity`)."""
    a = activity.filter((activity.date >= start) & (activity.date < end))
    p = people.select("patient_id", "locality", "segment",
                      age_band=age_band(ibis.literal(start.year) - people.birth_year))
    joined = a.join(p, "patient_id")
    return joined.group_by(KEYS).aggregate(activity=joined.count(),
                                           cost=joined.cost.sum().round(2))


def unmatched_activity(activity: ir.Table, people: ir.Table, start, end) -> int:
    """Activities in [start, end) whose patient is not in the patients table."""
    a = activity.filter((activity.date >= start) & (activity.date < end))
    return int(a.anti_join(people.select("patient_id"), "patient_id").count().to_pandas())


def baseline_table(cells: pd.DataFrame, source: str,
                   threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """baseline.csv rows: every unsuppressed cell with activity, in the scenario format."""
    keep = cells[(cells["activity"] > 0) & ~small(cells["activity"], threshold)]
    out = keep[KEYS].copy()
    out["activity"] = keep["activity"].astype(float)
    out["source"] = source
    return out.sort_values(KEYS).reset_index(drop=True)[BASELINE_COLUMNS]


def cost_table(cells: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """costs.csv rows: activity and cost (£) per cell, small cells as "*"."""
    out = cells[KEYS + ["activity", "cost"]].sort_values(KEYS).reset_index(drop=True)
    out = out.rename(columns={"cost": "cost_gbp"})
    return suppress(out, "activity", ("cost_gbp",), threshold)


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
