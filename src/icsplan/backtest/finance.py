"""Back tests of the finance stage: each published figure of the seeds against icsplan's.

Money is compared in £m (system) or £k (organisation budgets), at the figure's published
rounding.  Where the seeds contradict themselves the finding is "inconsistent" and its note
says which figure the model follows (docs/finance.md lists them): notes that depend on the
run are written here, the others are data in the scenario's published/expectations.csv.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from icsplan.backtest.findings import Finding, compare
from icsplan.finance.bridge import group_totals, subtotals
from icsplan.finance.initiatives import at_horizon
from icsplan.finance.result import Finance
from icsplan.finance.workforce import line_costs
from icsplan.scenario.model import Scenario
from icsplan.vocabulary import MILLION

M = MILLION
ECON = "003 system wide targets for three initiatives"
LHC = "local health and care net savings"
BRIDGE = "002 forecast financial system bridge"
INVEST = "003 pump priming required"
STAFF = "003 summary of workforce implications"
GP = "002 key facts: GP capacity"
BUDGET = "004 CCG operational plans 2019/20"


def inconsistent(f: Finding, note: str) -> Finding:
    """The finding marked as a contradiction in the seeds, with which figure the model follows."""
    return replace(f, status="inconsistent", note=note)


def initiative_findings(scenario: Scenario, economics: pd.DataFrame) -> list[Finding]:
    """003's gross / invest / stranded / net per initiative and in total (full investment)."""
    pub = scenario.published.get("initiative_economics")
    if pub is None:
        return []
    last = at_horizon(economics)
    value = pub.set_index(["initiative", "measure"])["value_gbp"] / M
    named = [i for i in pub["initiative"].unique() if i != "total"]
    column = {"gross": "gross_gbp", "investment": "investment_gbp", "stranded": "stranded_gbp",
              "net": "net_gbp"}
    out: list[Finding] = []
    for ini in [*named, "total"]:
        rows = last.loc[named] if ini == "total" else last.loc[[ini]]
        tol = 0.05 * len(rows) if ini == "total" else 0.05
        pub_net_formula = (value[(ini, "gross")] - value[(ini, "investment")]
                           - value[(ini, "stranded")])
        out.append(compare(ECON, f"{ini}: published gross - invest - stranded vs published net "
                           "(£m)", value[(ini, "net")], pub_net_formula, 0.2))
        for measure, col in column.items():
            out.append(compare(ECON, f"{ini}: {measure} at 2020/21 (£m)",
                               value[(ini, measure)], float(rows[col].sum()) / M, tol))
        if ini != "total":
            activity = float(rows["activity_saving_gbp"].sum())
            f = compare(ECON, f"{ini}: gross from activity x unit cost alone (£m)",
                        value[(ini, "gross")], float(rows["activity_saving_gbp"].sum()) / M, 0.05)
            if f.status != "match":
                gap = value[(ini, "gross")] - activity / M
                what = ("a non-activity saving" if gap >= 0 else
                        "a re-provision cost of shifted activity")
                f = replace(f, note=f"activity removed x unit cost gives "
                            f"£{f.recomputed:.2f}m; the £{abs(gap):.2f}m difference is {what} "
                            "derived in initiative_finance.csv so gross reaches 003's figure")
            out.append(f)
    return out


def lhc_findings(scenario: Scenario, economics: pd.DataFrame,
                 bridge_table: pd.DataFrame) -> list[Finding]:
    """The five local health and care net savings of 003 and 002 against the model."""
    pub = scenario.published.get("lhc_savings")
    if pub is None:
        return []
    net = at_horizon(economics)["net_gbp"] / M
    lhc = bridge_table[bridge_table["group"] == "lhc"]
    given = float(lhc[lhc["initiatives"] == ""]["value_gbp"].sum()) / M
    total = float(lhc["value_gbp"].sum()) / M
    pub = pub.assign(document=pub["document"].astype(str).str.zfill(3))
    p003 = pub[pub["document"] == "003"].set_index("item")["value_gbp"] / M
    out = []
    for rec in pub.to_dict(orient="records"):
        refs = [r for r in str(rec["initiatives"] or "").split(";") if r and r != "nan"]
        published = rec["value_gbp"] / M
        if refs:
            recomputed, tol = float(net.reindex(refs).sum()), 0.05 * len(refs)
        elif rec["item"] == "total":
            recomputed, tol = total, (0.5 if rec["document"] == "002" else 0.05 * 5)
        else:
            recomputed, tol = given, 0.05
        table = f"{rec['document']} {LHC}"
        f = compare(table, f"{rec['item']} (£m)", published, recomputed, tol)
        other = p003.get(rec["item"])
        if rec["document"] == "002" and other is not None and abs(other - published) > 1e-9 \
                and rec["item"] != "total":
            f = inconsistent(f, f"002 key facts say {published:.1f} where 003 says {other:.1f}; "
                             f"the model follows 003's initiative table ({recomputed:.1f})")
        elif f.status != "match" and rec["item"] == "total":
            f = inconsistent(f, f"the model's steps sum to {recomputed:.1f}: specialty pathway "
                             "redesign is 23.3 (003's gross - invest - stranded) not 23.8, and "
                             "complex care 7.3 (4.9 + 2.4) not 7.4")
        elif f.status != "match":
            f = inconsistent(f, "003 gives specialty pathway redesign a net of 23.8 but its "
                             "gross - invest - stranded is 23.3; the model follows the "
                             f"components, so this is {recomputed:.1f}")
        out.append(f)
    return out


def _follows(scenario: Scenario, k: int) -> bool:
    """Whether the k-th bridge step (in order) follows the model (has an activity share)."""
    steps = scenario.table("bridge").sort_values("order", kind="stable")
    share = steps["activity_share"].iloc[k] if "activity_share" in steps else None
    return share is not None and share == share


# One check per published bridge figure, in the chart's order: hence the noqa below.
def bridge_findings(scenario: Scenario, bridge_table: pd.DataFrame) -> list[Finding]:  # noqa: C901, PLR0912
    """002's bridge: its subtotals, steps and gap, and its financial summary."""
    pub = scenario.published.get("bridge")
    if pub is None:
        return []
    value = dict(zip(pub["item"], pub["value_gbp"] / M, strict=True))
    steps = dict(zip(bridge_table["step"], bridge_table["value_gbp"] / M, strict=True))
    sub = {k: v / M for k, v in subtotals(bridge_table).items()}
    groups = {k: v / M for k, v in group_totals(bridge_table).items()}
    gap = float(bridge_table["value_gbp"].sum()) / M
    out = []
    before, after = ("Do nothing, before CIPs and QIPPs 2020/21",
                     "Do nothing, after CIPs and QIPPs 2020/21")
    if before in value and before in sub:
        f = compare(BRIDGE, "do nothing before CIPs and QIPPs (£m)", value[before], sub[before],
                    0.5)
        if f.status != "match":
            f = inconsistent(f, f"the chart's own steps (15/16 position, income, demand growth) "
                             f"sum to {sub[before]:.1f}; the chart and the financial summary "
                             "show (407), the plan on a page (002 line 78) says £406M; the "
                             "model follows the steps")
        out.append(f)
        if "plan_on_a_page:do_nothing" in value:
            out.append(compare(BRIDGE, "do nothing deficit on the plan on a page, line 78 (£m)",
                               value["plan_on_a_page:do_nothing"], sub[before], 0.5))
    if after in value and after in sub:
        f = compare(BRIDGE, "do nothing after CIPs and QIPPs (£m)", value[after], sub[after], 0.5)
        if f.status != "match":
            f = inconsistent(f, f"the chart's steps give {sub[after]:.1f} (-406.3 + 63.3 + "
                             "108.6 + 129.3); -407 + 308.9 would give -98.1; the chart shows "
                             "(100); the model follows the steps")
        out.append(f)
    for k, rec in enumerate(bridge_table.to_dict(orient="records")):
        if rec["group"] == "demand" and rec["step"] in value:
            follows = "follows the model's momentum" if _follows(scenario, k) else "a stated value"
            out.append(compare(BRIDGE, f"{rec['step']} (£m, {follows})", value[rec["step"]],
                               steps[rec["step"]], 0.05))
    for step in ("Complex care", "Specialty pathway redesign", "Common offer", "Urgent care"):
        if step in value and step in steps:
            f = compare(BRIDGE, f"{step} (£m)", value[step], steps[step], 0.05)
            if f.status != "match" and step == "Complex care":
                f = replace(f, tolerance=0.1, status="match" if abs(f.difference) <= 0.1 + 1e-9
                            else "differs", note="two initiatives each rounded to 0.1 "
                            "(4.9 + 2.4)")
            out.append(f)
    if "gap" in value:
        published_steps = bridge_table["value_gbp"].to_numpy() / M
        for k, step in enumerate(bridge_table["step"]):
            if step in value:
                published_steps[k] = value[step]
        chart = float(published_steps.sum())
        out.append(compare(BRIDGE, "gap 2020/21: sum of the chart's own published steps (£m)",
                           value["gap"], chart, 1.0))
        out.append(compare(BRIDGE, "gap 2020/21: model bridge (£m)", value["gap"], gap, 1.0))
        summary = [value.get(k) for k in ("summary:do_nothing", "summary:cips_qipps",
                                          "summary:lhc", "summary:in_hospital", "summary:stf",
                                          "summary:investments")]
        if all(v is not None for v in summary):
            out.append(compare("002 financial summary (2020/21)", "gap: sum of the summary's "
                               "figures (£m)", value["gap"], float(sum(summary)), 1.0))
    eff = groups.get("efficiency")
    if eff is not None and "key_facts:cips_qipps" in value:
        parts = [value.get(k) for k in ("key_facts:commissioner_qipps", "key_facts:trust_cips",
                                        "key_facts:other_org_cips")]
        if all(p is not None for p in parts):
            out.append(compare("002 key facts", "CIPs and QIPPs 308.9 = 108.6 + 129.3 + 70.9 "
                               "(£m)", value["key_facts:cips_qipps"], float(sum(parts)), 0.15))
            out.append(compare(BRIDGE, "other org. / specialised CIPs (£m)",
                               value["key_facts:other_org_cips"],
                               steps.get("Specialised CIPs", 0.0), 0.05))
        out.append(compare(BRIDGE, "CIPs and QIPPs in the bridge vs key facts (£m)",
                           value["key_facts:cips_qipps"], eff, 0.15))
    for key, group, tol in (("key_facts:in_hospital", "in_hospital", 0.05),
                            ("summary:in_hospital", "in_hospital", 0.5),
                            ("summary:lhc", "lhc", 0.5), ("summary:stf", "stf", 0.5),
                            ("summary:investments", "investment", 0.5)):
        if key in value and group in groups:
            out.append(compare(BRIDGE if key.startswith("key") else "002 financial summary "
                               "(2020/21)", f"{key.split(':')[1]} (£m)", value[key],
                               groups[group], tol))
    return out


def phasing_findings(scenario: Scenario) -> list[Finding]:
    """003's pump-priming and capital totals against the sum of their line items."""
    pub = scenario.published.get("investment_totals")
    if pub is None:
        return []
    inv = scenario.table("investments")
    out = []
    for rec in pub.to_dict(orient="records"):
        lines = inv[(inv["category"] == rec["category"]) & (inv["year"] == rec["year"])]
        out.append(compare(INVEST, f"total {rec['category']} {rec['year']}: sum of line items "
                           "(£m)", rec["value_gbp"] / M, float(lines["value_gbp"].sum()) / M,
                           0.05))
    return out


def workforce_findings(scenario: Scenario, staff: pd.DataFrame) -> list[Finding]:
    """003's FTE total and its £m per line against FTE x cost per FTE (its footnotes)."""
    out = []
    costs = line_costs(scenario)
    pub = scenario.published.get("workforce_costs")
    if pub is not None:
        for rec in pub.to_dict(orient="records"):
            mine = costs[costs["line"] == rec["line"]]
            roles = [r for r in str(rec["roles"] or "").split(";") if r and r != "nan"]
            if roles:
                mine = mine[mine["role"].isin(roles)]
            out.append(compare(STAFF, f"{rec['item']}: FTE x cost per FTE vs the table's £m",
                               rec["value_gbp"] / M, float(mine["cost_gbp"].sum()) / M,
                               rec["tolerance_gbp"] / M))
    totals = scenario.published.get("workforce_totals")
    if totals is not None:
        value = totals.set_index("item")
        if "additional_fte" in value.index:
            extra = staff[(staff["kind"] == "additional") & (staff["year"] == scenario.years[-1])]
            out.append(compare(STAFF, "additional FTE by 2020/21", value.loc["additional_fte",
                               "value"], float(extra["fte"].sum()), value.loc["additional_fte",
                               "tolerance"]))
        lines = scenario.published.get("workforce_lines")
        for year in scenario.years:
            key = f"investment_{year}"
            if key in value.index and lines is not None:
                listed = float(lines[lines["year"] == year]["value_gbp"].sum())
                out.append(compare(STAFF, f"total investment {year}: sum of the table's line "
                                   "items (£m)", value.loc[key, "value"] / M, listed / M,
                                   value.loc[key, "tolerance"] / M))
            if key in value.index:
                cost = float(staff[staff["year"] == year]["cost_gbp"].sum())
                out.append(compare(STAFF, f"total investment {year}: model workforce cost (£m)",
                                   value.loc[key, "value"] / M, cost / M,
                                   value.loc[key, "tolerance"] / M))
    return out


def gp_findings(scenario: Scenario, gp: pd.DataFrame) -> list[Finding]:
    """002's GP demand, the ~190 GP gap and the channel-shift split."""
    pub = scenario.published.get("gp_capacity")
    if pub is None or gp.empty:
        return []
    value = pub.set_index("item")
    first = gp.iloc[0]
    shift = float(scenario.table("channel_shift")["share_pct"].sum())
    recomputed = {"demand_appts": float(first["demand_before_shift_appts"]),
                  "gp_fte_gap": float(first["gap_fte_before_shift"]),
                  "avoidable_pct": shift, "released_pct": shift}
    out = []
    for item, rec in value.iterrows():
        if item not in recomputed:
            continue
        label = {"demand_appts": "GP appointments demanded per week",
                 "gp_fte_gap": "GP FTE gap before channel shift"}.get(
                     str(item), f"{item}: channel shift 10 + 8 + 5 (%)")
        out.append(compare(GP, label, float(rec["value"]), recomputed[item],
                           float(rec["tolerance"])))
    return out


def budget_findings(scenario: Scenario, budgets: pd.DataFrame,
                    q: pd.DataFrame) -> list[Finding]:
    """004's allocation, expenditure, surplus and QIPP figures (£k)."""
    pub = scenario.published.get("org_budgets")
    if pub is None:
        return []
    budgets = budgets.set_index(["org", "year"])
    q = q.set_index(["org", "year"])
    out = []
    for rec in pub.to_dict(orient="records"):
        key, item = (rec["org"], rec["year"]), rec["item"]
        if item in ("allocation", "expenditure", "surplus"):
            recomputed = budgets.loc[key, f"{item}_gbp"] if key in budgets.index else None
        elif key in q.index:
            row = q.loc[key]
            gap = pub[(pub["org"] == rec["org"]) & (pub["year"] == rec["year"])
                      & (pub["item"] == "planning_gap")]["value_gbp"]
            recomputed = {"qipp_target": row["identified_gbp"] + float(gap.sum()),
                          "qipp_target_3pct": row["target_from_pct_gbp"],
                          "qipp_identified": row["identified_gbp"],
                          "planning_gap": row["planning_gap_gbp"],
                          "headroom_target": row["headroom_target_gbp"]}.get(item)
        else:
            recomputed = None
        if recomputed is None:
            continue
        f = compare(f"{BUDGET}: {rec['org']}", f"{item} {rec['year']} (£k)",
                    rec["value_gbp"] / 1e3, float(recomputed) / 1e3, rec["tolerance_gbp"] / 1e3)
        if f.status != "match" and item in ("expenditure", "surplus"):
            f = inconsistent(f, "the expenditure lines sum to £1k different from the published "
                             "total (rounding in the seed); the model follows the lines")
        elif f.status != "match" and item == "qipp_target_3pct":
            f = replace(f, note="3% of the allocation is £8,257k; the plan states £8,264k "
                        "(3.003%), which the model uses as the target (qipp_targets.csv)")
        out.append(f)
    return out


def finance_findings(scenario: Scenario, finance: Finance) -> list[Finding]:
    """Every finance back test, on the finance of a run at the planned (full) investment."""
    econ = finance.economics
    out = initiative_findings(scenario, econ)
    if not scenario.table("bridge").empty:
        out += lhc_findings(scenario, econ, finance.bridge)
        out += bridge_findings(scenario, finance.bridge)
    out += phasing_findings(scenario)
    out += workforce_findings(scenario, finance.workforce)
    out += gp_findings(scenario, finance.gp_capacity)
    out += budget_findings(scenario, finance.org_budgets, finance.qipp)
    return out


def activity_independent_findings(scenario: Scenario, finance: Finance) -> list[Finding]:
    """The finance back tests that do not depend on the activity the model projects."""
    return (phasing_findings(scenario) + workforce_findings(scenario, finance.workforce)
            + gp_findings(scenario, finance.gp_capacity)
            + budget_findings(scenario, finance.org_budgets, finance.qipp))
