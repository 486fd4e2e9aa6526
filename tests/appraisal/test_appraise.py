"""The mse-2016 appraisal end to end through the library, and its scenario checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from icsplan.appraisal.appraise import appraise
from icsplan.appraisal.reference import road_minutes_for
from icsplan.scenario import ScenarioError, load_scenario

pytestmark = pytest.mark.functional
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def result(mse):
    return appraise(mse, road_minutes=road_minutes_for(mse))


def test_five_options_are_ranked_and_today_is_not(result):
    totals = result.scores[result.scores["criterion"] == "total"]
    assert sorted(totals["option"]) == ["1A", "1B", "1C", "2A", "2B"]
    assert sorted(totals["rank"]) == [1, 2, 3, 4, 5]


def test_no_option_gives_shorter_trips_to_emergency_care_than_today(result):
    seh = result.access[(result.access["service"] == "specialist_emergency")
                        & (result.access["locality"] == "all")].set_index("option")
    assert (seh["mean_minutes"] >= seh.loc["today", "mean_minutes"] - 1e-9).all()
    assert seh.loc["1A", "within_30_pct"] == seh.loc["2A", "within_30_pct"]  # same SEH site


def test_bed_days_are_conserved_across_options(result):
    days = result.beds.groupby("option")["bed_days"].sum()
    assert days.max() - days.min() < 1e-6 * days.max()


def test_weights_not_adding_up_to_100_stop_the_scenario_loading(scenario_copy):
    path = scenario_copy / "criteria.csv"
    path.write_text(path.read_text().replace(",30,access,", ",25,access,"))
    with pytest.raises(ScenarioError) as err:
        load_scenario(scenario_copy)
    assert any("weights add up to 95%, not 100%" in str(p) for p in err.value.problems)


def test_unknown_site_in_an_option_is_reported_with_its_line(scenario_copy):
    path = scenario_copy / "option_services.csv"
    path.write_text(path.read_text().replace("1A,southend,", "1A,colchester,", 1))
    with pytest.raises(ScenarioError) as err:
        load_scenario(scenario_copy)
    assert any("unknown site 'colchester'" in str(p) for p in err.value.problems)


def test_derivation_script_regenerates_areas_csv(tmp_path):
    shipped = ROOT / "src/icsplan/scenario/builtin/mse_2016"
    for name in ("localities.csv", "sites.csv"):
        shutil.copy(shipped / name, tmp_path / name)
    subprocess.run([sys.executable, str(ROOT / "scripts/derive_mse_areas.py"), str(tmp_path)],
                   check=True, capture_output=True)
    assert (tmp_path / "areas.csv").read_bytes() == (shipped / "areas.csv").read_bytes()
