from __future__ import annotations

import pandas as pd
import pytest

from icsplan.model.demand import project
from icsplan.population.baselines import (
    AGE_BANDS,
    BASELINE_COLUMNS,
    KEYS,
    consistency,
    load_population_baseline,
)
from icsplan.population.run import write_outputs
from icsplan.population.schema import PopulationInputError

from .conftest import SMALL_SCALE


@pytest.mark.functional
def test_baseline_matches_the_scenario_per_locality_and_pod(duck_run, scenario):
    check = duck_run.consistency
    assert (check["population"] - check["scenario"]).abs().max() <= 0.5
    base = duck_run.baseline
    assert list(base.columns) == BASELINE_COLUMNS
    assert set(base["age_band"]) <= set(AGE_BANDS)
    assert set(base["segment"]) == {"high_risk", "rising_risk", "mostly_healthy"}
    assert base["source"].str.startswith("derived: icsplan population run on").all()


@pytest.mark.functional
def test_written_baseline_loads_and_projects(duck_run, scenario, tmp_path):
    write_outputs(duck_run, tmp_path)
    baseline = load_population_baseline(tmp_path)
    projection = project(scenario, baseline=baseline)
    ours = projection.activity().groupby("year")["baseline"].sum().iloc[0]
    theirs = scenario.baseline["activity"].sum() * SMALL_SCALE
    assert ours == pytest.approx(theirs, rel=0.001)


@pytest.mark.unit
def test_load_population_baseline_rejects_bad_files(tmp_path):
    with pytest.raises(PopulationInputError, match="no baseline.csv"):
        load_population_baseline(tmp_path)
    pd.DataFrame({"locality": ["x"], "pod": ["teleport"], "age_band": ["0-17"],
                  "segment": ["high_risk"], "activity": [1.0], "source": ["s"]}).to_csv(
        tmp_path / "baseline.csv", index=False)
    with pytest.raises(PopulationInputError) as info:
        load_population_baseline(tmp_path)
    assert "pod" in str(info.value)


@pytest.mark.unit
def test_consistency_reports_differences(scenario):
    base = scenario.baseline.copy()
    base.loc[0, "activity"] *= 1.1
    check = consistency(base, scenario)
    assert check["difference_pct"].abs().max() == pytest.approx(10, abs=0.01)


@pytest.mark.functional
def test_cells_from_each_persons_activity_equal_the_join_of_the_activity(small_pop, tmp_path,
                                                                         duck_run):
    """The pipeline sums each person's base-year activity and cost per pod (no join of the
    activity); the cells equal those of joining every activity to its person, and the
    activity of ids not in patients is counted as left out."""
    import ibis
    import pyarrow as pa
    import pyarrow.parquet as pq

    from icsplan.population.baselines import cell_activity, people_cells
    from icsplan.population.features import BASE_COLUMNS, At, at, wide_features
    from icsplan.population.run import run_population
    from icsplan.population.schema import read_population
    from icsplan.population.segments import with_segment

    periods = duck_run.periods
    folder = tmp_path / "pop"
    folder.mkdir()
    for name in ("patients", "conditions"):
        (folder / f"{name}.parquet").write_bytes((small_pop / f"{name}.parquet").read_bytes())
    activity = pq.read_table(small_pop / "activity.parquet")
    strangers = activity.slice(0, 9).set_column(0, "patient_id", pa.array(["nobody"] * 9))
    strangers = strangers.set_column(1, "date", pa.array([periods.base_start] * 9))
    pq.write_table(pa.concat_tables([activity, strangers]), folder / "activity.parquet")
    con = ibis.duckdb.connect()
    tables = read_population(folder, con)
    base = (periods.base_start, periods.score_index)
    when = At("score", periods.score_index, (("prior", 6), ("last12", 12)), outcome=False)
    wide = wide_features(tables, periods.score_index.year, (when,), base)
    people = with_segment(at(wide, when, keep=BASE_COLUMNS).mutate(
        efi=lambda t: t.deficits.cast("float64") / 36))
    ours = people_cells(people, base[0]).sort_values(KEYS).reset_index(drop=True)
    want = (con.to_pandas(cell_activity(tables["activity"], people, *base))
            .sort_values(KEYS).reset_index(drop=True))
    pd.testing.assert_frame_equal(ours, want, check_dtype=False)
    run = run_population(folder, con, threshold=0)
    assert run.unmatched_activity == 9
    assert run.costs["activity"].astype(int).sum() == duck_run.costs["activity"].astype(
        int).sum()
