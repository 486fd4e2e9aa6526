"""The built-in mse-2016 scenario: provenance on every value, derivation reproducible."""

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from icsplan.scenario.folder import resolve

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.unit
def test_every_row_cites_a_source(mse):
    for name, frame in mse.tables.items():
        assert frame["source"].str.len().gt(10).all(), name
    for ini in mse.initiatives:
        assert ini.source and all(e.source for e in ini.effects)


@pytest.mark.backtest
def test_population_and_archetypes_match_the_seeds(mse):
    loc = mse.localities
    assert loc["population"].sum() == 1_200_000  # 003: population 1.2M
    assert loc.groupby("ccg").size().to_dict() == {
        "basildon_brentwood": 5, "castle_point_rochford": 4, "mid_essex": 9, "southend": 4,
        "thurrock": 4}
    assert loc["archetype"].value_counts().to_dict() == {
        "urban_affluent": 16, "urban_deprived": 8, "rural": 2}  # 003 archetype table


@pytest.mark.functional
def test_derivation_script_reproduces_the_shipped_files(tmp_path):
    """scripts/derive_mse_2016.py regenerates the derived inputs byte for byte."""
    src = resolve("mse-2016")
    copy = tmp_path / "src/icsplan/scenario/builtin/mse_2016"
    shutil.copytree(src, copy)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/derive_mse_2016.py", tmp_path / "scripts")
    subprocess.run([sys.executable, str(tmp_path / "scripts/derive_mse_2016.py")], check=True)
    for name in ("baseline.csv", "targets.csv", "unit_costs.csv", "localities.csv",
                 "initiative_finance.csv"):
        assert filecmp.cmp(src / name, copy / name, shallow=False), name


@pytest.mark.unit
def test_targets_cover_every_locality_for_nel_and_op(mse):
    t = mse.table("targets")
    assert set(t["pod"]) == {"non_elective", "outpatient"}
    assert t.groupby("pod").size().to_dict() == {"non_elective": 26, "outpatient": 26}
    assert not pd.isna(t["reduction_vs_momentum"]).any()
