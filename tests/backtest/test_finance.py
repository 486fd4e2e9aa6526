"""Back tests: the published financial tables of seeds 002, 003 and 004 recomputed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.backtest


@pytest.fixture(scope="module")
def findings(mse_findings):
    # every figure is a row of published/reconcile.csv, reconciled by the one generic loop
    return {(f.table, f.item): f for f in mse_findings}


def find(findings, table_part: str, item: str):
    hits = [f for (t, i), f in findings.items() if table_part in t and i == item]
    assert len(hits) == 1, (table_part, item, [k for k in findings if table_part in k[0]])
    return hits[0]


@pytest.mark.parametrize(("initiative", "gross", "invest", "stranded"), [
    ("frailty_eol", 26.3, 14.5, 6.9), ("ltc", 20.0, 10.8, 6.8),
    ("specialty_pathway_redesign", 65.4, 21.6, 20.5)])
def test_three_initiatives_components(findings, initiative, gross, invest, stranded):
    for measure, value in (("gross", gross), ("investment", invest), ("stranded", stranded)):
        f = find(findings, "three initiatives", f"{initiative}: {measure} at 2020/21 (£m)")
        assert f.status == "match" and f.recomputed == pytest.approx(value, abs=0.05)


def test_net_follows_components_and_flags_specialty(findings):
    assert find(findings, "three initiatives", "frailty_eol: net at 2020/21 (£m)").status == "match"
    assert find(findings, "three initiatives", "ltc: net at 2020/21 (£m)").status == "match"
    spec = find(findings, "three initiatives", "specialty_pathway_redesign: net at 2020/21 (£m)")
    assert spec.status == "inconsistent" and spec.published == 23.8
    assert spec.recomputed == pytest.approx(23.3, abs=1e-3) and "components" in spec.note
    arith = find(findings, "three initiatives", "specialty_pathway_redesign: published gross - "
                 "invest - stranded vs published net (£m)")
    assert arith.status == "inconsistent"


def test_totals(findings):
    assert find(findings, "three initiatives", "total: gross at 2020/21 (£m)").status == "match"
    assert find(findings, "three initiatives",
                "total: investment at 2020/21 (£m)").status == "match"
    stranded = find(findings, "three initiatives", "total: stranded at 2020/21 (£m)")
    assert stranded.status == "inconsistent"
    assert stranded.recomputed == pytest.approx(34.2, abs=1e-3)


def test_derived_savings_are_visible(findings):
    f = find(findings, "three initiatives",
             "frailty_eol: gross from activity x unit cost alone (£m)")
    assert f.status == "differs" and "non-activity saving" in f.note
    f = find(findings, "three initiatives", "ltc: gross from activity x unit cost alone (£m)")
    assert f.status == "differs" and "re-provision" in f.note


def test_lhc_split(findings):
    assert find(findings, "003 local health", "complex_care (£m)").status == "match"
    for item in ("common_offer (£m)", "system_wide (£m)", "urgent_care (£m)"):
        assert find(findings, "003 local health", item).status == "match"
    assert find(findings, "003 local health", "total (£m)").status == "inconsistent"
    f = find(findings, "002 local health", "specialty_pathway_redesign (£m)")
    assert f.status == "inconsistent" and "23.7" in f.note and "23.8" in f.note
    f = find(findings, "002 local health", "complex_care (£m)")
    assert f.status == "inconsistent" and "7.5" in f.note and "7.4" in f.note


def test_bridge(findings):
    f = find(findings, "financial system bridge", "do nothing before CIPs and QIPPs (£m)")
    assert f.status == "inconsistent" and f.recomputed == pytest.approx(-406.3)
    f = find(findings, "financial system bridge",
             "do nothing deficit on the plan on a page, line 78 (£m)")
    assert f.status == "match"
    f = find(findings, "financial system bridge", "gap 2020/21: sum of the chart's own "
             "published steps (£m)")
    assert f.status == "match" and f.recomputed == pytest.approx(0.3, abs=1e-6)
    f = find(findings, "financial summary", "gap: sum of the summary's figures (£m)")
    assert f.status == "inconsistent" and f.recomputed == pytest.approx(8.0)
    f = find(findings, "financial system bridge", "other org. / specialised CIPs (£m)")
    assert f.status == "inconsistent" and (f.published, f.recomputed) == (70.9, 63.3)
    f = find(findings, "key facts", "CIPs and QIPPs 308.9 = 108.6 + 129.3 + 70.9 (£m)")
    assert f.status == "match" and f.recomputed == pytest.approx(308.8)
    assert find(findings, "financial system bridge", "in_hospital (£m)").status == "match"


def test_pump_priming_lines_add_up(findings):
    for year, total in (("2017/18", 21.2), ("2018/19", 13.8), ("2019/20", 8.1)):
        f = find(findings, "pump priming", f"total pump_priming {year}: sum of line items (£m)")
        assert f.status == "match" and f.recomputed == pytest.approx(total)
        f = find(findings, "pump priming", f"total capital {year}: sum of line items (£m)")
        assert f.status == "match" and f.recomputed == pytest.approx(8.0)


def test_workforce(findings):
    f = find(findings, "workforce", "additional FTE by 2020/21")
    assert f.status == "match" and f.recomputed == 177
    f = find(findings, "workforce", "Change Management: FTE x cost per FTE vs the table's £m")
    assert f.status == "match"
    f = find(findings, "workforce", "Targeted new services: FTE x cost per FTE vs the table's £m")
    assert f.status == "differs" and f.recomputed == pytest.approx(1.6)


def test_gp_capacity(findings):
    f = find(findings, "GP capacity", "GP FTE gap before channel shift")
    assert f.status == "match" and f.recomputed == pytest.approx(191.3, abs=0.05)
    f = find(findings, "GP capacity", "GP appointments demanded per week")
    assert f.status == "match" and f.recomputed == pytest.approx(86_400)


def test_budgets(findings):
    cpr = "castle_point_rochford"
    assert find(findings, cpr, "allocation 2019/20 (£k)").recomputed == pytest.approx(275_220)
    f = find(findings, cpr, "expenditure 2019/20 (£k)")
    assert f.status == "inconsistent" and f.recomputed == pytest.approx(274_640)
    assert find(findings, cpr, "planning_gap 2019/20 (£k)").recomputed == pytest.approx(406)
    assert find(findings, cpr, "qipp_identified 2019/20 (£k)").recomputed == pytest.approx(7_858)
    assert find(findings, cpr, "headroom_target 2019/20 (£k)").status == "match"
    f = find(findings, "southend", "surplus 2019/20 (£k)")
    assert f.status == "match" and f.recomputed == pytest.approx(610)


def test_workforce_table_lines_add_up_to_its_totals(findings):
    for year, total in (("2017/18", 13.9), ("2018/19", 8.3), ("2019/20", 0.5)):
        f = find(findings, "workforce", f"total investment {year}: sum of the table's line "
                 "items (£m)")
        assert f.status == "match" and f.recomputed == pytest.approx(total)


def test_qipp_summary_adds_up(findings):
    f = find(findings, "castle_point_rochford", "qipp_target 2019/20 (£k)")
    assert f.status == "match" and f.recomputed == pytest.approx(8_264)
    f = find(findings, "castle_point_rochford", "qipp_target_3pct 2019/20 (£k)")
    assert f.status == "differs" and f.recomputed == pytest.approx(8_256.6)
