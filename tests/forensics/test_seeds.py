"""The seed documents' published figures as back tests: each rule gives the result recorded
beside it (`expected` in rules.csv), every figure cites its document and section."""

import pandas as pd
import pytest

from icsplan.forensics import builtin_documents, check_plan, load_plan, plan_summary
from icsplan.forensics.plan import SEEDS_DIR

pytestmark = pytest.mark.backtest


def test_every_seed_document_ships_its_figures():
    assert builtin_documents() == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("document", ["000", "001", "002", "003", "004"])
def test_each_rule_gives_the_result_recorded_beside_it(document):
    plan = load_plan(document)
    results = check_plan(plan)
    assert results and all(r.rule.expected for r in results), "every rule records its result"
    wrong = [(r.rule.rule, r.status, r.rule.expected) for r in results
             if r.status != r.rule.expected]
    assert wrong == []
    for r in results:
        if r.status == "fail":
            assert r.rule.note, f"{r.rule.rule}: a known failure says how it is read"


@pytest.mark.parametrize("document", ["000", "001", "002", "003", "004"])
def test_every_figure_cites_its_document_and_section(document):
    figures = pd.read_csv(SEEDS_DIR / document / "figures.csv", dtype=str,
                          keep_default_na=False)
    assert (figures["seed"] == document).all()
    assert (figures["section"].str.len() > 3).all() and (figures["note"].str.len() > 0).all()


def test_004_reconciles_at_least_250_figures():
    plan = load_plan("004")
    summary = plan_summary(plan, check_plan(plan))
    assert summary["figures"] >= 250 and summary["figures_checked"] >= 250
    assert summary["failed"] == 9


def test_004_failures_and_the_readings_proposed():
    plan = load_plan("004")
    failed = {r.rule.rule: r for r in check_plan(plan) if r.status == "fail"}
    assert set(failed) == {"cpr_growth_pcc", "resp_net", "carers_net",
                           "mat_choice_2019_trajectory", "le_gap_cp_men", "le_gap_cp_women",
                           "le_gap_r_men", "le_gap_r_women", "pop65_cpr_within_districts"}
    growth = failed["cpr_growth_pcc"].proposals[0]
    assert (growth.figure, growth.reading.text, growth.reading.fault) == (
        "cpr_growth_pcc", "3.1", "dropped digit")
    ed = failed["resp_net"].proposals[0]
    assert (ed.figure, ed.reading.text) == ("resp_ed", "5,083.00")
    assert failed["carers_net"].proposals == ()
    assert dict(failed["carers_net"].needed)["carers_net"] == pytest.approx(130000)


def test_the_004_tables_are_what_the_derivation_script_writes(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "derive_forensics_004.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True,
                   capture_output=True)
    for name in ("figures.csv", "rules.csv"):
        assert (tmp_path / name).read_text() == (SEEDS_DIR / "004" / name).read_text()
