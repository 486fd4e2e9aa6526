"""Programmes as the register's spine, on SQLite and the throw-away PostgreSQL: the mse-2019
seed loads both CCGs' programmes, schemes, milestones, risks (unrated) and KPIs, and the
register reads programme by programme."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from icsplan.register import transaction
from icsplan.register.migrate import head_revision, upgrade
from icsplan.register.models import Kpi, Milestone, Programme, Risk, Scheme
from icsplan.register.rows import validate_row
from icsplan.register.summary import summarise
from icsplan.register.transfer import load_seed


@pytest.fixture
def seeded_2019(engine):
    """A fresh register at the head revision with the mse-2019 seed."""
    upgrade(engine)
    with transaction(engine, "seed:mse-2019") as session:
        counts = load_seed(session, "mse-2019")
    return engine, counts


@pytest.mark.functional
def test_the_2019_seed_loads_programmes_and_what_they_group(seeded_2019):
    engine, counts = seeded_2019
    assert {k: v["added"] for k, v in counts.items() if v["added"]} == {
        "programmes": 39, "schemes": 125, "milestones": 236, "risks": 58, "kpis": 38,
        "qipp_targets": 1}
    with transaction(engine, "reader") as s:
        assert s.scalar(select(func.count()).select_from(Risk).where(Risk.impact.is_(None))) == 58
        orgs = set(s.scalars(select(Scheme.organisation)))
        assert {"castle_point_rochford", "southend", "south_east_essex", "stp"} <= orgs
        assert s.scalar(select(func.count()).select_from(Scheme)
                        .where(Scheme.programme_id.is_(None))) == 0
        ccgs = set(s.scalars(select(Programme.ccgs)))
        assert "castle_point_rochford;southend" in ccgs and "southend" in ccgs
        resp = s.get(Programme, "respiratory")
        assert resp.scope == "ccg"
        kpis = set(s.scalars(select(Kpi.measure).where(Kpi.programme_id == "uec_stp")))
        assert {"sdec_share", "long_stay_reduction", "nhs111_clinical_assessment"} <= kpis
        summary = summarise(s)
    by = summary.by_programme.set_index("programme")
    assert by.loc["qipp_cpr", "planned_net_saving_gbp"] == 7_858_000
    assert by.loc["cancer_stp", "milestones"] == 10
    assert by.loc["workforce_stp", "risks"] == 6 and by.loc["workforce_stp", "risks_rated"] == 0
    assert summary.risks.top.empty  # no rated risk, no "top risks" invented
    assert summary.qipp.iloc[0]["identified_gbp"] == 7_858_000
    assert len(summary.programme_milestones) == 236


@pytest.mark.functional
def test_the_schema_reaches_the_head_with_programme_tables(engine):
    upgrade(engine)
    assert head_revision() == "0004"
    with transaction(engine, "reader") as s:
        assert s.scalar(select(func.count()).select_from(Milestone)) == 0


@pytest.mark.unit
def test_a_risk_is_rated_whole_or_not_at_all():
    base = {"id": "r1", "category": "c", "description": "d"}
    assert validate_row("risks", base, "risks.csv")[1] == []
    _, problems = validate_row("risks", {**base, "impact": 3}, "risks.csv")
    assert "both impact and likelihood" in problems[0].message
    _, problems = validate_row("risks", {**base, "published_rag": "R"}, "risks.csv")
    assert "published rating needs" in problems[0].message


@pytest.mark.functional
def test_the_portfolio_reads_milestone_status_from_the_register(seeded_2019):
    from icsplan.programmes.portfolio import portfolio
    from icsplan.scenario.folder import load_scenario

    engine, _ = seeded_2019
    with transaction(engine, "reader") as s:
        summary = summarise(s)
    p = portfolio(load_scenario("mse-2019"), milestone_status=summary.programme_milestones)
    assert len(p.milestones) == 251  # repeated milestone names stay apart by quarter
    frame = p.programmes.set_index("programme")
    # SPOR's milestones fell due in 2018/19 and are still "planned": overdue, so red
    assert frame.loc["spor", "rag"] == "R" and "overdue" in frame.loc["spor", "rag_reason"]
    # cancer's are all due from 2019/20 Q1 and none assessed yet: nothing to judge by
    assert frame.loc["cancer_stp", "rag"] == "not rated"


@pytest.mark.backtest
def test_the_derivation_script_reproduces_the_shipped_2019_seed(tmp_path):
    import filecmp
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, root / "scripts/derive_register_seed_2019.py", tmp_path],
                   check=True)
    shipped = root / "src/icsplan/register/seeds/mse_2019"
    for path in shipped.glob("*.csv"):
        assert filecmp.cmp(tmp_path / path.name, path, shallow=False), path.name
