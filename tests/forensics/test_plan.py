"""Reading a plan's forensic tables: every problem reported at once, in the user's terms."""

from pathlib import Path

import pandas as pd
import pytest

from icsplan.forensics import ForensicsError, build_plan, load_plan
from icsplan.forensics.figures import PrintedError, reading_interval

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("printed", "lo", "hi"), [
    ("275,220", 275219.5, 275220.5), ("(406)", -406.5, -405.5), ("-0.2", -0.25, -0.15),
    ("£8.3 million", 8.25, 8.35), ("~£35-45M", 34.5, 45.5), ("12 to 15", 11.5, 15.5),
    (">50%", 49.5, 50.5), ("C.100", 99.5, 100.5), ("eight", 7.5, 8.5), ("-", 0, 0),
    (".1%", 0.05, 0.15), ("£5,83.00", 582.995, 583.005), ("70 hrs/week", 69.5, 70.5)])
def test_printed_figures_read_as_their_rounding(printed, lo, hi):
    got = reading_interval(printed)
    assert (got.lo, got.hi) == pytest.approx((lo, hi))


def test_a_precision_overrides_the_rounding():
    assert reading_interval("~180 FTE", 10).lo == pytest.approx(170)


@pytest.mark.parametrize("printed", ["TBC", "2017/18", "45-35", ""])
def test_unreadable_figures_are_refused(printed):
    with pytest.raises(PrintedError):
        reading_interval(printed)


def test_every_problem_of_both_tables_at_once():
    figures = pd.DataFrame([
        {"figure": "a", "printed": "10", "seed": "x", "section": "s"},
        {"figure": "a", "printed": "11", "seed": "x", "section": "s"},
        {"figure": "1b", "printed": "1", "seed": "x", "section": "s"},
        {"figure": "c", "printed": "TBC", "seed": "x", "section": "s"},
        {"figure": "d", "printed": "4", "seed": "", "section": "s"}])
    rules = pd.DataFrame([
        {"rule": "r1", "kind": "sums", "check": "a = a"},
        {"rule": "r2", "kind": "sum", "check": "a = nobody"},
        {"rule": "r3", "kind": "sum", "check": "a = __import__('os')"},
        {"rule": "r4", "kind": "whole", "check": "a = a"},
        {"rule": "r4", "kind": "same", "check": "a"}])
    with pytest.raises(ForensicsError) as err:
        build_plan("bad", figures, rules)
    text = [str(p) for p in err.value.problems]
    assert any("line 3, field 'figure'" in t and "twice" in t for t in text)
    assert any("line 4, field 'figure'" in t and "'1b'" in t for t in text)
    assert any("line 5, field 'printed'" in t and "'TBC'" in t for t in text)
    assert any("line 6, field 'seed'" in t and "required" in t for t in text)
    assert any("rules.csv, line 2, field 'kind'" in t and "'sums'" in t for t in text)
    assert any("line 3, field 'check'" in t and "'nobody'" in t for t in text)
    assert any("line 4, field 'check'" in t for t in text)
    assert any("line 5, field 'check'" in t and "without =" in t for t in text)
    assert any("line 6, field 'rule'" in t and "twice" in t for t in text)
    assert any("line 6, field 'check'" in t for t in text)


def test_unknown_and_missing_columns(tmp_path: Path):
    (tmp_path / "figures.csv").write_text("figure,printed,seed,secton\na,1,x,s\n")
    (tmp_path / "rules.csv").write_text("rule,kind\nr,sum\n")
    with pytest.raises(ForensicsError) as err:
        load_plan(tmp_path)
    text = " | ".join(str(p) for p in err.value.problems)
    assert "field 'secton'" in text and "field 'section'" in text and "field 'check'" in text


def test_no_such_document():
    with pytest.raises(ForensicsError, match="built-in: 000"):
        load_plan("nowhere-at-all")
