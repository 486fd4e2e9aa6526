from __future__ import annotations

import pandas as pd
import pytest

from icsplan.model.demand import project
from icsplan.population.baselines import (
    AGE_BANDS,
    BASELINE_COLUMNS,
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
