"""Back tests of the activity model: published activity tables against the projection.

Each published table a scenario ships under `published/` is recomputed from its own
assumptions and compared figure by figure at its published rounding.  Where the seeds
contradict themselves, both figures are reported with a note on which one the model follows
(notes that depend on the run are written here; the others are data in the scenario's
published/expectations.csv).
Tables a scenario does not publish are simply skipped, so this works for any ICS.
"""

from __future__ import annotations

import pandas as pd

from icsplan.backtest.findings import Finding, compare
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario
from icsplan.targets.locality import locality_table

SYSTEM = "003 system activity table"
IMPACT = "003 initiative impact table"
SHIFT = "003 initiative activity shift"
TOTALS = "002 activity totals"


def activity_findings(scenario: Scenario, projection: Projection) -> list[Finding]:
    """Every published activity figure of the scenario compared with its recomputation."""
    pub = scenario.published
    out: list[Finding] = []
    if "system_activity" in pub:
        out += system_activity(scenario, projection, pub["system_activity"])
    if "initiative_activity" in pub:
        out += initiative_activity(scenario, projection, pub["initiative_activity"])
    if "initiative_shift" in pub:
        out += initiative_shift(projection, pub["initiative_shift"])
    if "activity_totals" in pub:
        out += activity_totals(projection, pub["activity_totals"])
    for pod, name, scale in (("non_elective", "locality_nel", 1.0),
                             ("outpatient", "locality_op", 1000.0)):
        if name in pub:
            out += locality_rows(scenario, projection, pod, pub[name], scale,
                                 pub.get("locality_totals"))
    return out


def _years(projection: Projection) -> int:
    return len(projection.years) - 1


def _pod_totals(projection: Projection, k: int) -> pd.DataFrame:
    pods = projection.cells["pod"].to_numpy()
    frame = pd.DataFrame({"pod": pods, "baseline": projection.baseline,
                          "momentum": projection.momentum[k], "planned": projection.planned[k]})
    for ident, arr in projection.removed.items():
        frame[ident] = arr[k]
    return frame.groupby("pod").sum()


def system_activity(scenario: Scenario, projection: Projection,
                    table: pd.DataFrame) -> list[Finding]:
    """The system activity table: growth per year and % changes at the horizon, by pod."""
    totals = _pod_totals(projection, -1)
    growth = scenario.growth.query("locality == ''").set_index("pod")
    out = []
    for row in table.itertuples():
        if row.pod not in totals.index:
            continue
        t = totals.loc[row.pod]
        value = {
            "momentum_growth_pa": float(growth.loc[row.pod, "annual_growth_pct"]),
            "change_vs_baseline": 100 * (t.planned / t.baseline - 1),
            "change_vs_momentum": 100 * (t.planned / t.momentum - 1),
            "momentum_change_vs_baseline": 100 * (t.momentum / t.baseline - 1),
        }[row.metric]
        out.append(compare(SYSTEM, f"{row.pod}: {row.metric.replace('_', ' ')} (%)",
                           float(row.value_pct), value, 0.5 * 10 ** -int(row.decimals)))
    return out


def initiative_activity(scenario: Scenario, projection: Projection,
                        table: pd.DataFrame) -> list[Finding]:
    """Each initiative's % change vs momentum and vs 2015/16 on its own, and whether the
    published rows agree with each other and with the system total."""
    totals = _pod_totals(projection, -1)
    growth = scenario.growth.query("locality == ''").set_index("pod")
    system = scenario.published.get("system_activity")
    n = _years(projection)
    out = []
    for row in table.itertuples():
        t = totals.loc[row.pod]
        removed = float(t[row.initiative]) if row.initiative in totals.columns else 0.0
        tol_m = 0.5 * 10 ** -int(row.decimals_momentum)
        tol_b = 0.5 * 10 ** -int(row.decimals_baseline)
        if removed == 0.0:
            out.append(Finding(IMPACT, f"{row.initiative} {row.pod}: change vs momentum (%)",
                               float(row.change_vs_momentum_pct), 0.0, tol_m, "inconsistent",
                               "the model gives this initiative no effect on this pod: the "
                               "seed's per-initiative rows for this pod do not add up to its "
                               "system total, and the model follows the system total"))
            continue
        out.append(compare(IMPACT, f"{row.initiative} {row.pod}: change vs momentum (%)",
                           float(row.change_vs_momentum_pct), -100 * removed / t.momentum, tol_m))
        own = 100 * ((t.momentum - removed) / t.baseline - 1)
        implied = 100 * ((1 + growth.loc[row.pod, "annual_growth_pct"] / 100) ** n
                         * (1 + row.change_vs_momentum_pct / 100) - 1)
        finding = compare(IMPACT, f"{row.initiative} {row.pod}: change vs 2015/16 (%)",
                          float(row.change_vs_baseline_pct), own, tol_b)
        if abs(implied - row.change_vs_baseline_pct) > tol_b + 0.05:
            finding = Finding(finding.table, finding.item, finding.published, own, tol_b,
                              "inconsistent", f"the seed's own change vs momentum "
                              f"({row.change_vs_momentum_pct}%) and momentum growth imply "
                              f"{implied:+.2f}%; the model follows the change vs momentum")
        out.append(finding)
    if system is not None:
        pub_total = system.query("metric == 'change_vs_momentum'").set_index("pod")["value_pct"]
        for pod, rows in table.groupby("pod"):
            if len(rows) < 2 or pod not in pub_total.index:
                continue
            added = float(rows["change_vs_momentum_pct"].sum())
            total = float(pub_total[pod])
            tol = 0.05 * len(rows) + 0.005
            if abs(added - total) > tol:
                out.append(Finding(IMPACT, f"{pod}: initiative rows add up to the total (%)",
                                   total, added, tol, "inconsistent",
                                   f"the initiative rows sum to {added:+.2f}% but the system "
                                   f"table gives {total:+.2f}%; the model follows the system "
                                   "table"))
            else:
                out.append(compare(IMPACT, f"{pod}: initiative rows add up to the total (%)",
                                   total, added, tol))
    return out


def initiative_shift(projection: Projection, table: pd.DataFrame) -> list[Finding]:
    """Activity removed by each initiative at the horizon against the published shift."""
    totals = _pod_totals(projection, -1)
    out = []
    for row in table.itertuples():
        removed = float(totals.loc[row.pod, row.initiative])
        out.append(compare(SHIFT, f"{row.initiative} {row.pod}: fewer by 2020/21",
                           float(row.reduction_vs_momentum), removed, row.rounding / 2))
    return out


def activity_totals(projection: Projection, table: pd.DataFrame) -> list[Finding]:
    """The 002 headline: fewer attendances vs momentum at the horizon, by pod and in all."""
    totals = _pod_totals(projection, -1)
    removed = totals["momentum"] - totals["planned"]
    out = []
    for row in table.itertuples():
        pods = list(totals.index) if row.pod == "all" else row.pod.split("+")
        value = float(removed[pods].sum())
        out.append(compare(TOTALS, f"{row.pod}: fewer vs momentum by 2020/21",
                           float(row.reduction_vs_momentum), value, row.rounding / 2))
        if not pd.isna(row.reduction_pct):
            pct = 100 * value / float(totals.loc[pods, "momentum"].sum())
            out.append(compare(TOTALS, f"{row.pod}: fewer vs momentum (%)",
                               float(row.reduction_pct), pct, 0.5))
    return out


def locality_rows(scenario: Scenario, projection: Projection, pod: str, table: pd.DataFrame,
                  scale: float, totals: pd.DataFrame | None) -> list[Finding]:
    """A locality target table recomputed from its own assumptions, cell by cell, then its
    totals, then how the model's own locality figures differ from it."""
    name = f"003 locality {'NEL' if pod == 'non_elective' else 'OP'} table"
    base = projection.cells.assign(b=projection.baseline).query("pod == @pod").groupby(
        "locality")["b"].sum()
    n = _years(projection)
    mine = locality_table(scenario, pod, base, n).set_index("locality")
    k_unit = 100.0 if pod == "non_elective" else 1000.0
    red_unit = 1.0 if pod == "non_elective" else 1000.0
    out = []
    for row in table.itertuples():
        m = mine.loc[row.locality]
        rb = row.reduction_vs_baseline if pod == "non_elective" else row.reduction_vs_baseline_k
        rm = row.reduction_vs_momentum if pod == "non_elective" else row.reduction_vs_momentum_k
        checks = [
            ("population", row.population_k * 1000, m.population, 500),
            ("2015/16", row.baseline_k * 1000, m.baseline, k_unit / 2),
            ("2020/21E", row.momentum_k * 1000, m.momentum, k_unit / 2),
            ("target 2020/21", row.target_k * 1000, m.target, k_unit / 2),
            ("reduction vs 2015/16", rb * scale, m.reduction_vs_baseline, red_unit / 2),
            ("reduction vs 2015/16 (%)", row.reduction_vs_baseline_pct,
             m.reduction_vs_baseline_pct, 0.5),
            ("reduction vs 2020/21E", rm * scale, m.reduction_vs_momentum, 0.5),
            ("reduction vs 2020/21E (%)", row.reduction_vs_momentum_pct,
             m.reduction_vs_momentum_pct, 0.5),
            ("gross savings (GBP)", row.gross_savings_gbp_m * 1e6, m.gross_savings_gbp, 0.05e6),
        ]
        for label, published, value, tol in checks:
            out.append(compare(name, f"{row.locality}: {label}", float(published),
                               float(value), tol))
    if totals is not None:
        sums = mine[["population", "baseline", "momentum", "target", "reduction_vs_baseline",
                     "reduction_vs_momentum", "gross_savings_gbp"]].sum()
        for row in totals[totals["pod"] == pod].itertuples():
            out.append(compare(name, f"total row: {row.column}", float(row.published),
                               float(sums[row.column]), row.rounding / 2))
    # How the model's own figures (system growth and system-wide effects) differ.
    k = -1
    cells = projection.cells
    model_momentum = float(projection.momentum[k][(cells["pod"] == pod).to_numpy()].sum())
    model_removed = float((projection.momentum[k] - projection.planned[k])[
        (cells["pod"] == pod).to_numpy()].sum())
    table_growth = 100 * (mine["momentum"].sum() / mine["baseline"].sum() - 1)
    model_growth = 100 * (model_momentum / float(base.sum()) - 1)
    if abs(table_growth - model_growth) > 0.05:
        out.append(Finding(name, "momentum growth 2015/16 to 2020/21 (%)", round(table_growth, 2),
                           model_growth, 0.05, "inconsistent",
                           "the locality table grows activity at its own rates ('Well' "
                           "categories of the financial bridge deck), the system table at "
                           f"{growth_note(scenario, pod)}; the model follows the system table"))
    table_removed = float(mine["reduction_vs_momentum"].sum())
    if abs(table_removed - model_removed) > 0.005 * table_removed:
        out.append(Finding(name, "reduction vs momentum by 2020/21, all localities",
                           table_removed, model_removed, 0.005 * table_removed, "inconsistent",
                           f"the locality targets add up to {table_removed:,.0f} "
                           f"({100 * table_removed / mine['momentum'].sum():.2f}% of the table's "
                           f"momentum); the system table removes "
                           f"{100 * model_removed / model_momentum:.2f}%. The model follows the "
                           "system table and uses the locality targets only to share it out"))
    return out


def growth_note(scenario: Scenario, pod: str) -> str:
    """The pod's system growth rate as a note, e.g. '3.3% a year'."""
    rate = scenario.growth.query("locality == '' and pod == @pod")["annual_growth_pct"]
    return f"{float(rate.iloc[0]):.1f}% a year" if len(rate) else "its own rate"
