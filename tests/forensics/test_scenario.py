"""A scenario's forensic tables: problems stop the run with one sentence each (exit 2)."""

import pytest
from typer.testing import CliRunner

from icsplan.cli import app

pytestmark = pytest.mark.functional


def test_bad_forensic_tables_are_problems_of_the_scenario(scenario_copy):
    published = scenario_copy / "published"
    (published / "forensic_documents.csv").write_text("document,source\n009,nowhere\n")
    (published / "forensic_figures.csv").write_text(
        "figure,printed,unit,seed,section,note,precision\na,TBC,£k,x,s,n,\n")
    (published / "forensic_rules.csv").write_text(
        "rule,kind,check,tolerance,section,description,expected,note\nr,sum,a = b,,s,d,,\n")
    (published / "reconcile.csv").write_text(
        "table,item,published,output,where,column,scale,tolerance,expected,note,source\n"
        "t,i,1,qipp,org southend,target_gbp,1,0,,,s\n")
    result = CliRunner().invoke(app, ["check", str(scenario_copy)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "published/forensic_documents.csv, line 2, field 'document'" in text
    assert "published/forensic_figures.csv, line 2, field 'printed': 'TBC'" in text
    assert "published/reconcile.csv, line 2, field 'where'" in text
    assert "Traceback" not in result.output


def test_forensics_command_on_a_folder_and_its_csv(tmp_path):
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "figures.csv").write_text("figure,printed,unit,seed,section\n"
                                      "a,10,£k,x,p.1\nb,20,£k,x,p.1\ntotal,33,£k,x,p.1\n")
    (plan / "rules.csv").write_text("rule,kind,check,expected\nt,sum,total = a + b,fail\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["forensics", str(plan), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "total printed 33 read as 30" in " ".join(result.output.split())
    rows = (out / "forensics.csv").read_text().splitlines()
    assert len(rows) == 2 and ",fail," in rows[1]
    bad = CliRunner().invoke(app, ["forensics", str(tmp_path / "missing")])
    assert bad.exit_code == 2 and "no folder with figures.csv" in " ".join(bad.output.split())
