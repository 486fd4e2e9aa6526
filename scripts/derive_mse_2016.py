"""Derive the built-in `mse-2016` scenario's CSV inputs from the transcribed seed tables.

The seeds publish rounded tables (e.g. "5.7K" NEL admissions).  The model needs unrounded
inputs, so each value here is derived from the published figures by a stated rule and carries
that rule in its `source` column.  Re-run this script after changing a transcribed table:

    .venv/bin/python scripts/derive_mse_2016.py

A test (tests/scenario/test_builtin.py) re-runs it and fails if the shipped files drift.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "src/icsplan/scenario/builtin/mse_2016"
PUB = HERE / "published"
YEARS = 5  # 2015/16 -> 2020/21
S003 = "003 Local Health and Care annex"
S002 = "002 STP submission, key facts (by 2020/21)"

LOCALITY_NAMES = {
    "braintree": "Braintree", "witham": "Witham", "chelmsford_1": "Chelmsford 1",
    "chelmsford_2": "Chelmsford 2", "colne_valley": "Colne Valley", "dengie": "Dengie",
    "prosper": "Prosper", "maldon": "Maldon", "south_woodham": "South Woodham",
    "billericay": "Billericay", "brentwood": "Brentwood", "east_basildon": "East Basildon",
    "wickford": "Wickford", "west_basildon": "West Basildon", "grays": "Grays",
    "south_ockendon": "South Ockendon", "tilbury": "Tilbury", "corringham": "Corringham",
    "rochford": "Rochford", "rayleigh": "Rayleigh", "benfleet_hadleigh": "Benfleet and Hadleigh",
    "canvey_island": "Canvey Island", "southend_east": "Southend East",
    "southend_east_central": "Southend East Central", "southend_west": "Southend West",
    "southend_west_central": "Southend West Central",
}
# Archetypes: 003 names five (Rayleigh, Brentwood: urban affluent; Southend EC, Tilbury:
# urban deprived; Dengie: rural) and gives the counts 16 / 8 / 2.  The rest are assigned here.
NAMED_ARCHETYPES = {
    "rayleigh": "urban_affluent", "brentwood": "urban_affluent",
    "southend_east_central": "urban_deprived", "tilbury": "urban_deprived", "dengie": "rural",
}
ASSIGNED_ARCHETYPES = {
    "maldon": "rural",
    "grays": "urban_deprived", "south_ockendon": "urban_deprived",
    "east_basildon": "urban_deprived", "west_basildon": "urban_deprived",
    "southend_east": "urban_deprived", "canvey_island": "urban_deprived",
}


def read(name: str) -> list[dict[str, str]]:
    with open(PUB / name, newline="") as f:
        return list(csv.DictReader(f))


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with open(HERE / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


INFEASIBLE: set[float] = set()  # published baselines no unrounded value could reproduce


def rounds_to(value: float, published: float, unit: float) -> bool:
    """True when `value` displays as `published` at the given rounding unit."""
    return abs(value - published) <= unit / 2 + 1e-9


def middle_feasible(lo: float, hi: float, ok, fallback: float, steps: int = 4000) -> float:
    """The middle of the values in [lo, hi) for which `ok` holds (a fine grid search), or
    `fallback` when none does.  Used to pick an unrounded baseline that reproduces every
    rounded figure of a published row."""
    grid = [lo + (hi - lo) * i / steps for i in range(steps)]
    good = [x for x in grid if ok(x)]
    if not good:
        INFEASIBLE.add(round(fallback, 1))
    return good[len(good) // 2] if good else fallback


def nel_rows() -> list[dict[str, float | str]]:
    out = []
    for r in read("locality_nel.csv"):
        rb, rm = float(r["reduction_vs_baseline"]), float(r["reduction_vs_momentum"])
        growth_abs = rm - rb  # momentum - baseline, exact in the table

        def ok(b: float, r=r, rb=rb, rm=rm, growth_abs=growth_abs) -> bool:
            m = b + growth_abs
            return (rounds_to(m, float(r["momentum_k"]) * 1000, 100)
                    and rounds_to(m - rm, float(r["target_k"]) * 1000, 100)
                    and rounds_to(100 * rb / b, float(r["reduction_vs_baseline_pct"]), 1)
                    and rounds_to(100 * rm / m, float(r["reduction_vs_momentum_pct"]), 1))

        pub = float(r["baseline_k"]) * 1000
        b = middle_feasible(pub - 50, pub + 50, ok, pub)
        annual = ((b + growth_abs) / b) ** (1 / YEARS) - 1
        out.append({"locality": r["locality"], "baseline": round(b, 1),
                    "annual_growth_pct": round(annual * 100, 4), "reduction": rm,
                    "saving_per_unit": float(r["gross_savings_gbp_m"]) * 1e6 / rm})
    return out


def op_rows() -> list[dict[str, float | str]]:
    factor = 1.033**YEARS
    out = []
    for r in read("locality_op.csv"):
        rm = float(r["reduction_vs_momentum_k"]) * 1000

        def ok(b: float, r=r, rm=rm) -> bool:
            m = b * factor
            t = m - rm
            return (rounds_to(m, float(r["momentum_k"]) * 1000, 1000)
                    and rounds_to(t, float(r["target_k"]) * 1000, 1000)
                    and rounds_to(b - t, float(r["reduction_vs_baseline_k"]) * 1000, 1000)
                    and rounds_to(100 * (b - t) / b, float(r["reduction_vs_baseline_pct"]), 1)
                    and rounds_to(100 * rm / m, float(r["reduction_vs_momentum_pct"]), 1))

        pub = float(r["baseline_k"]) * 1000
        b = middle_feasible(pub - 500, pub + 500, ok, pub)
        out.append({"locality": r["locality"], "baseline": round(b, 1),
                    "annual_growth_pct": 3.3, "reduction": rm,
                    "saving_per_unit": float(r["gross_savings_gbp_m"]) * 1e6 / rm})
    return out


def main() -> None:
    nel = read("locality_nel.csv")
    localities = [(r["locality"], r["ccg"], float(r["population_k"]) * 1000) for r in nel]
    total_pop = sum(p for _, _, p in localities)

    write("localities.csv", ["locality", "name", "ccg", "population", "archetype", "source"], [
        [loc, LOCALITY_NAMES[loc], ccg, int(pop),
         NAMED_ARCHETYPES.get(loc) or ASSIGNED_ARCHETYPES.get(loc, "urban_affluent"),
         f"{S003}, locality targets tables (population, 'Pop' column, rounded to 1K); archetype "
         + ("named in 003 locality deep dives" if loc in NAMED_ARCHETYPES else
            "derived: assigned to match 003 archetype counts 16/8/2 (IMD>22 = deprived)")]
        for loc, ccg, pop in localities
    ])

    # System totals for pods with no locality table, from 002's key facts:
    # reduction vs momentum (002) / share removed (003 system table) / momentum factor.
    ae_momentum = 36_000 / 0.1295
    ae_base = ae_momentum / 1.023**YEARS
    # "~13k fewer EL admissions (-6%)" covers elective IP and daycase together; the EL share
    # `a` solves 3.42% * a + 7.08% * (1 - a) = 6%.
    el_share = (7.08 - 6.0) / (7.08 - 3.42)
    eldc_momentum = 13_000 / 0.06
    el_base = eldc_momentum * el_share / 1.033**YEARS
    dc_base = eldc_momentum * (1 - el_share) / 1.033**YEARS
    system = {
        "ae": (ae_base, "derived: 002 '~36k fewer A&E attendances' / 12.95% (003 system "
               "table) / 1.023^5, apportioned to localities by population"),
        "elective": (el_base, "derived: 002 '~13k fewer EL admissions (-6%)' split with "
                     "daycase so 3.42%/7.08% (003) average 6%; / 1.033^5; by population"),
        "daycase": (dc_base, "derived: 002 '~13k fewer EL admissions (-6%)' split with "
                    "elective so 3.42%/7.08% (003) average 6%; / 1.033^5; by population"),
    }
    nel_d, op_d = nel_rows(), op_rows()
    baseline = []
    for loc, _, pop in localities:
        for pod in ("ae", "elective", "daycase"):
            total, src = system[pod]
            baseline.append([loc, pod, "all", "all", round(total * pop / total_pop, 1), src])
        for rows, pod, table, basis in ((nel_d, "non_elective", "NEL", ""),
                                        (op_d, "outpatient", "OP", " at 3.3% growth")):
            value = next(d for d in rows if d["locality"] == loc)["baseline"]
            how = ("no value reproduces every rounded figure of its row, so the published "
                   "2015/16 value is kept" if value in INFEASIBLE else
                   "the unrounded value that reproduces every rounded figure of its row")
            baseline.append([loc, pod, "all", "all", value,
                             f"derived: {S003} locality {table} table{basis}: {how}"])
    write("baseline.csv", ["locality", "pod", "age_band", "segment", "activity", "source"],
          baseline)

    targets = []
    for d, pod, table in ((nel_d, "non_elective", "NEL"), (op_d, "outpatient", "OP")):
        for x in d:
            targets.append([x["locality"], pod, x["reduction"], x["annual_growth_pct"],
                            round(x["saving_per_unit"], 2),
                            f"{S003}, locality {table} table: reduction vs 2020/21E as published; "
                            "growth derived: (reduction vs 2020/21E - reduction vs 2015/16) / "
                            "baseline, annualised" if pod == "non_elective" else
                            f"{S003}, locality {table} table: reduction vs 2020/21E as published; "
                            "growth 3.3% per table note; saving per unit derived: gross savings / "
                            "reduction"])
    write("targets.csv", ["locality", "pod", "reduction_vs_momentum", "annual_growth_pct",
                          "gross_saving_per_unit_gbp", "source"], targets)

    nel_saving = sum(float(r["gross_savings_gbp_m"]) for r in read("locality_nel.csv")) * 1e6 / sum(
        float(r["reduction_vs_momentum"]) for r in read("locality_nel.csv"))
    op_saving = sum(float(r["gross_savings_gbp_m"]) for r in read("locality_op.csv")) * 1e6 / (
        sum(float(r["reduction_vs_momentum_k"]) for r in read("locality_op.csv")) * 1000)
    ae_cost = 5.0e6 / 36_000
    dc_cost = 7.5e6 / (dc_base * 1.033**YEARS * 0.0708)
    el_cost = (65.4e6 - 296_000 * op_saving) / (el_base * 1.033**YEARS * 0.0342)
    write("unit_costs.csv", ["pod", "cost_gbp", "source"], [
        ["ae", round(ae_cost, 2), "derived: 003 urgent care net saving GBP5.0m / 36k A&E "
         "attendances avoided (002)"],
        ["elective", round(el_cost, 2), "derived: 003 specialist pathway gross GBP65.4m less "
         "296K OP x OP unit cost, / elective admissions avoided (3.42% of 2020/21 momentum)"],
        ["daycase", round(dc_cost, 2), "derived: 003 common offer net GBP7.5m / daycases "
         "avoided (7.08% of 2020/21 momentum)"],
        ["non_elective", round(nel_saving, 2), "derived: 003 locality NEL table, total gross "
         "savings / total NEL reduction vs 2020/21E (includes prescribing and CHC savings)"],
        ["outpatient", round(op_saving, 2), "derived: 003 locality OP table, total gross "
         "savings / total OP reduction vs 2020/21E"],
    ])
    assert math.isclose(total_pop, 1_200_000)
    derive_initiative_finance()


def derive_initiative_finance() -> None:
    """Calibrate initiative_finance.csv to 003's gross savings given the activity the model
    removes: non-activity savings (frailty, specialty pathway) and the re-provision share
    of shifted outpatient appointments (LTC).  Runs the model, so it comes last."""
    from icsplan.finance.initiatives import unit_costs
    from icsplan.model import project
    from icsplan.scenario import load_scenario

    scenario = load_scenario(HERE)
    proj = project(scenario)
    cost = unit_costs(scenario, proj)

    def activity(ident: str) -> float:
        return float(proj.removed[ident][-1] @ cost)

    def shifted(ident: str) -> float:
        return float(proj.shifted_by[ident][-1] @ cost)

    t = "003 System wide targets for three initiatives"
    with open(HERE / "initiative_finance.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        ident = row["initiative"]
        if ident == "frailty_eol":
            row["non_activity_saving_gbp"] = str(round(26.3e6 - activity(ident)))
            row["source"] = (
                f"{t}: Frailty and EOL gross GBP26.3M, invest GBP14.5M, acute stranded "
                "GBP6.9M; derived: non-activity saving (prescribing 15% and CHC, 003 initial "
                f"assumptions) = GBP26.3M - NEL removed x NEL unit cost "
                f"(GBP{activity(ident) / 1e6:.2f}M); stranded_share = 6.9 / 26.3")
        elif ident == "ltc":
            row["reprovision_share"] = f"{(activity(ident) - 20.0e6) / shifted(ident):.6f}"
            row["source"] = (
                f"{t}: Long term conditions gross GBP20.0M, invest GBP10.8M, acute stranded "
                "GBP6.8M; derived: stranded_share = 6.8 / 20.0; reprovision_share = share of "
                "the OP unit cost spent re-providing the shifted OP appointments in the "
                f"community, (GBP{activity(ident) / 1e6:.2f}M activity x unit cost - GBP20.0M)"
                f" / GBP{shifted(ident) / 1e6:.2f}M OP shifted")
        elif ident == "specialty_pathway_redesign":
            row["non_activity_saving_gbp"] = str(round(65.4e6 - activity(ident)))
            removed_op = float(proj.removed[ident][-1][
                (proj.cells["pod"] == "outpatient").to_numpy()].sum())
            row["source"] = (
                f"{t}: Specialist pathway redesign gross GBP65.4M, invest GBP21.6M, acute "
                "stranded GBP20.5M; derived: non-activity saving = GBP65.4M - activity x unit "
                f"cost (GBP{activity(ident) / 1e6:.2f}M; the model removes "
                f"{removed_op / 1000:.0f}K OP appointments where 003 says 296K); "
                "stranded_share = 20.5 / 65.4")
    with open(HERE / "initiative_finance.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    derive_demand_pressure()


CCG_DEMAND_STEP = "CCG and other commissioner demand growth pressure"
CCG_DEMAND_GBP = 515.1e6  # 002 Overview: forecast financial system bridge


def derive_demand_pressure() -> None:
    """Make the commissioners' demand growth pressure follow the model: it carries the cost of
    the momentum's activity growth (activity x unit cost, all pods, base year to horizon) and
    a non-activity remainder calibrated so the step still reproduces 002's GBP515.1m."""
    from icsplan.finance.result import activity_growth_cost
    from icsplan.model import project
    from icsplan.scenario import load_scenario

    scenario = load_scenario(HERE)
    growth = activity_growth_cost(scenario, project(scenario))
    with open(HERE / "bridge.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = ["order", "step", "group", "value_gbp", "initiatives", "activity_share",
              "non_activity_gbp", "subtotal_after", "source"]
    for row in rows:
        row.setdefault("activity_share", "")
        row.setdefault("non_activity_gbp", "")
        if row["step"] == CCG_DEMAND_STEP:
            row["value_gbp"] = ""
            row["activity_share"] = "1"
            row["non_activity_gbp"] = f"{CCG_DEMAND_GBP - growth:.2f}"
            row["source"] = (
                "002 Overview: forecast financial system bridge, SR deficit breakdown in "
                "2020/21: CCG and other commissioner demand growth pressure 515.1; derived: "
                "follows the model: the momentum's activity growth 2015/16 to 2020/21 x unit "
                f"cost (GBP{growth / 1e6:.1f}m at the shipped baselines) plus a non-activity "
                f"remainder (GBP{(CCG_DEMAND_GBP - growth) / 1e6:.1f}m: prescribing, "
                "community, mental health and other commissioner cost growth) calibrated so "
                "the step reproduces 515.1")
    with open(HERE / "bridge.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
