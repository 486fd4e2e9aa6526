"""The mse-2016 register seed: traceable to the seeds, and reproducing their published figures."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from icsplan.register import transaction
from icsplan.register.models import REGISTER_MODELS, Milestone
from icsplan.register.rag import check_published_ratings
from icsplan.register.summary import maturity_shares, qipp_pipeline
from icsplan.register.transfer import LOAD_ORDER

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src/icsplan/register/seeds/mse_2016"
SEEDS = Path("/work/shared/seeds")


@pytest.mark.backtest
def test_the_derivation_script_reproduces_the_shipped_seed(tmp_path):
    if not SEEDS.exists():
        pytest.fail(f"seed documents not found at {SEEDS}")
    subprocess.run([sys.executable, ROOT / "scripts/derive_register_seed.py", SEEDS, tmp_path],
                   check=True)
    for register in [r for r in LOAD_ORDER if (SHIPPED / f"{r}.csv").exists()]:
        assert filecmp.cmp(tmp_path / f"{register}.csv", SHIPPED / f"{register}.csv",
                           shallow=False), register


@pytest.mark.unit
def test_every_seed_row_cites_its_seed():
    for register in [r for r in LOAD_ORDER if (SHIPPED / f"{r}.csv").exists()]:
        frame = pd.read_csv(SHIPPED / f"{register}.csv", dtype=str, keep_default_na=False)
        assert frame.source.str.match(r"^00[1-4] ").all(), register


@pytest.mark.backtest
def test_the_default_banding_reproduces_the_18_published_risk_ratings(seeded):
    with transaction(seeded, "reader") as s:
        checks = check_published_ratings(s.scalars(select(REGISTER_MODELS["risks"])))
    assert len(checks) == 18
    assert [c.key for c in checks if not c.agrees] == []


@pytest.mark.backtest
def test_qipp_planning_gap_and_headroom_match_seed_004(seeded):
    with transaction(seeded, "reader") as s:
        [cpr] = qipp_pipeline(s).to_dict("records")
    # 004 Summary of QIPP Schemes: Planning Gap 406, Aspirational Headroom Target (20%) 1,653
    assert cpr["gap_gbp"] == 406_000
    assert round(cpr["headroom_target_gbp"] / 1000) == 1653
    assert cpr["schemes"] == 26


@pytest.mark.functional
def test_seeded_register_has_26_localities_reaching_level_4_and_the_consultation_date(seeded):
    with transaction(seeded, "reader") as s:
        shares = maturity_shares(s)
        consultation = s.get(Milestone, "M06")
    planned = shares[shares.measure == "planned"]
    assert planned.groupby("quarter").share.sum().round(9).eq(1).loc["2016/17 Q3":].all()
    final = planned[planned.quarter == "2020/21 Q4"]
    assert final.level.tolist() == [4] and final.localities.tolist() == [26]
    assert str(consultation.planned_date) == "2017-01-30"
