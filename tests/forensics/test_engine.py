"""The rules engine on small invented plans: each fault class is found and the right reading
proposed; a consistent plan raises no alarm."""

import pandas as pd
import pytest

from icsplan.forensics import build_plan, check_plan, explain

pytestmark = pytest.mark.unit


def plan_of(figures: dict[str, str | tuple[str, str]], rules: list[tuple[str, str]]):
    """A plan from {name: printed or (printed, unit)} and [(kind, check)]."""
    rows = []
    for name, printed in figures.items():
        value, unit = printed if isinstance(printed, tuple) else (printed, "£k")
        rows.append({"figure": name, "printed": value, "unit": unit, "seed": "test",
                     "section": "invented table"})
    rule_rows = [{"rule": f"r{i}", "kind": kind, "check": check}
                 for i, (kind, check) in enumerate(rules)]
    return build_plan("invented", pd.DataFrame(rows), pd.DataFrame(rule_rows))


# An invented CCG budget that adds up: allocation 1,000 = 650 + 250 + 100; surplus 20;
# growth 5.0% from 952.4; QIPP 3% of allocation = 30; the surplus repeated in the text.
CONSISTENT = {"alloc": "1,000", "acute": "650", "community": "250", "running": "100",
              "alloc_last": "952.4", "growth": ("5.0%", "%"), "spend": "980", "surplus": "20",
              "surplus_text": ("£0.02m", "£m"), "qipp": "30", "qipp_pct": ("3%", "%"),
              "savings": "55", "investment": "25", "net": "30",
              "q1": ("20%", "%"), "q2": ("25%", "%"), "q4": ("35%", "%"),
              "target": ("30%", "%")}
RULES = [("sum", "alloc = acute + community + running"),
         ("growth", "growth = 100 * (alloc / alloc_last - 1)"),
         ("net", "surplus = alloc - spend"),
         ("same", "surplus_text = surplus"),
         ("product", "qipp_pct = 100 * qipp / alloc"),
         ("net", "net = savings - investment"),
         ("share", "qipp_pct = 100 * qipp / alloc"),
         ("series", "increasing(q1, q2, q4)"),
         ("target", "q4 >= target"),
         ("whole", "q1 * 20 / 100")]


def test_a_consistent_plan_raises_no_alarm():
    results = check_plan(plan_of(CONSISTENT, RULES))
    assert [r.status for r in results] == ["pass"] * len(RULES)


@pytest.mark.parametrize(("figure", "printed", "fault", "reading"), [
    ("community", "-250", "sign", 250.0),
    ("spend", "908", "swapped digits", 980.0),
    ("acute", "6,500", "misplaced decimal", 650.0),
    ("savings", "550", "misplaced decimal", 55.0),
    ("acute", "650,000", "unit slip", 650.0),
    ("acute", "60", "dropped digit", 650.0),
    ("community", "20", "dropped digit", 250.0),
    ("running", "1,090", "extra digit", 100.0),
    ("investment", "52", "swapped digits", 25.0),
    ("spend", "989", "misread digit", 980.0),
])
def test_each_fault_class_is_found_and_the_right_reading_proposed(figure, printed, fault,
                                                                 reading):
    figures = {**CONSISTENT, figure: printed}
    plan = plan_of(figures, RULES)
    failed = [r for r in check_plan(plan) if not r.passed]
    assert failed, "the fault must be found"
    best = failed[0].proposals[0]
    assert (best.figure, best.reading.fault, best.reading.value) == (figure, fault, reading)
    assert best.reading.fault in explain(plan, failed[0])


def test_a_garbled_figure_is_read_with_the_dropped_digit():
    # 004's respiratory savings: "£5,83.00" is the only reading that makes the net hold
    plan = plan_of({k: (v, "£") for k, v in {
        "nel": "£131,100", "ed": "£5,83.00", "opa": "£149,962", "gpwer": "179,872",
        "invest": "96,000", "net": "£370,017"}.items()},
                   [("net", "net = nel + ed + opa + gpwer - invest")])
    (result,) = check_plan(plan)
    assert result.status == "fail" and result.difference == pytest.approx(-4500, abs=1)
    best = result.proposals[0]
    assert (best.figure, best.reading.text, best.reading.fault) == ("ed", "5,083.00",
                                                                    "dropped digit")


def test_a_percentage_missing_its_leading_digit():
    plan = plan_of({"pct": (".1%", "%"), "new": "24,311", "old": "23,587"},
                   [("growth", "pct = 100 * (new / old - 1)")])
    (result,) = check_plan(plan)
    assert [(p.figure, p.reading.text) for p in result.proposals][:1] == [("pct", "3.1")]


def test_a_reading_that_breaks_a_rule_that_holds_is_not_proposed():
    # the total appears in two rules: reading it differently would break the other one
    plan = plan_of({"a": "10", "b": "20", "total": "30", "c": "5", "d": "29"},
                   [("sum", "total = a + b"), ("sum", "total = c + d")])
    failing = [r for r in check_plan(plan) if not r.passed]
    assert len(failing) == 1
    proposed = {p.figure for p in failing[0].proposals}
    assert proposed and "total" not in proposed


def test_a_reading_that_repairs_two_rules_ranks_first():
    plan = plan_of({"a": "10", "b": "2", "total": "30", "c": "8", "total2": "22"},
                   [("sum", "total = a + b + c"), ("sum", "total2 = a + b")])
    failing = [r for r in check_plan(plan) if not r.passed]
    assert len(failing) == 2
    best = failing[0].proposals[0]
    assert (best.figure, best.reading.value, best.repairs) == ("b", 12.0, 2)


def test_no_single_slip_gives_the_value_each_figure_would_need():
    plan = plan_of({"gross": ("£180,000", "£"), "invest": ("£100,000", "£"),
                    "net": ("£153,000", "£")},
                   [("net", "net = gross - invest / 2")])
    (result,) = check_plan(plan)
    assert result.proposals == ()
    assert dict(result.needed) == pytest.approx({"net": 130000, "gross": 203000,
                                                  "invest": 54000})
    assert "no single slip" in explain(plan, result)


def test_rounding_and_ranges_are_allowed_for():
    plan = plan_of({"total": ("308.9", "£m"), "a": ("108.6", "£m"), "b": ("129.3", "£m"),
                    "c": ("70.9", "£m"), "rounded": ("£309m", "£m"),
                    "range": ("~£35-45M", "£m"), "x": ("43.1", "£m"),
                    "in_k": ("43,100", "£k")},
                   [("sum", "total = a + b + c"), ("same", "rounded = total"),
                    ("sum", "range = x"), ("same", "in_k = x")])
    assert [r.status for r in check_plan(plan)] == ["pass"] * 4


def test_series_target_and_whole_rules_fail_when_they_should():
    plan = plan_of({"q1": ("20%", "%"), "q2": ("15%", "%"), "q4": ("25%", "%"),
                    "target": ("30%", "%"), "pct": ("13%", "%")},
                   [("series", "increasing(q1, q2, q4)"), ("target", "q4 >= target"),
                    ("whole", "pct * 26 / 100")])
    assert [r.status for r in check_plan(plan)] == ["fail", "fail", "fail"]


def test_sum_of_a_pattern_and_division_by_a_zero_figure():
    plan = plan_of({"line_a": "1", "line_b": "2", "line_c": "3", "total": "6", "zero": "0"},
                   [("sum", 'total = sum("line_*")'), ("growth", "total = 100 * (total / zero)")])
    ok, broken = check_plan(plan)
    assert ok.status == "pass" and ok.figures == ("total", "line_a", "line_b", "line_c")
    assert broken.status == "error" and "zero" in broken.error
