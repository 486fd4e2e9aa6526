# ruff: noqa: E501  (a transcription: the seed's long labels and checks stay on one line)
"""Write seed 004's plan-forensics tables (src/icsplan/forensics/seeds/004/figures.csv and
rules.csv) from the seed's tables, transcribed here as printed.

The CSVs are the data icsplan ships; this script records how they were written (its tables
repeat without typing each row by hand) and a test checks that it reproduces them:
    .venv/bin/python scripts/derive_forensics_004.py [OUT_FOLDER]
"""

import csv
import sys
from pathlib import Path

OUT = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else (
        Path(__file__).resolve().parent.parent / "src" / "icsplan" / "forensics" / "seeds" / "004"
    )
)
F, R = [], []


def fig(name, printed, unit, section, note="", precision=""):
    F.append(
        dict(
            figure=name,
            printed=printed,
            unit=unit,
            seed="004",
            section=section,
            note=note,
            precision=precision,
        )
    )


def rule(name, kind, check, section, description, expected="pass", note="", tolerance=""):
    R.append(
        dict(
            rule=name,
            kind=kind,
            check=check,
            tolerance=tolerance,
            section=section,
            description=description,
            expected=expected,
            note=note,
        )
    )


# --- Primary care financial bridges -------------------------------------------------------
YEARS = ["1718", "1819", "1920", "2021"]
LABEL = {"1718": "2017/18", "1819": "2018/19", "1920": "2019/20", "2021": "2020/21"}
bridges = {
    "cpr": (
        "Castle Point & Rochford CCG",
        {
            "income": ["22.9", "23.6", "24.4", "25.4"],
            "expenditure": ["21.8", "23.6", "24.5", "25.7"],
            "inyear": ["1.1", "0.0", "-0.2", "-0.3"],
            "workforce": [None, "-0.8", "-2.0", "-2.8"],
            "estates": [None, "-0.1", "-0.1", "-0.1"],
            "other": [None, "-0.5", "-0.5", "-0.5"],
            "future": [None, "-1.4", "-2.6", "-3.4"],
            "baseline": [None, "2.0", "2.1", "2.3"],
            "stf": [None, "0.0", "0.0", "2.5"],
            "endstate": [None, "0.6", "-0.6", "1.1"],
        },
    ),
    "sth": (
        "Southend CCG",
        {
            "income": ["24.2", "24.8", "25.6", "26.8"],
            "expenditure": ["22.9", "24.8", "25.7", "27.0"],
            "inyear": ["1.3", "0.0", "-0.1", "-0.2"],
            "workforce": [None, "-0.4", "-2.3", "-3.0"],
            "estates": [None, "-0.1", "-0.1", "-0.1"],
            "other": [None, "-0.9", "-0.5", "-0.4"],
            "future": [None, "-1.4", "-2.9", "-3.5"],
            "baseline": [None, "1.8", "2.5", "2.7"],
            "stf": [None, "0.0", "0.0", "2.6"],
            "endstate": [None, "0.5", "-0.5", "1.6"],
        },
    ),
}
ROWNAME = {
    "income": "Income",
    "expenditure": "Expenditure",
    "inyear": "In-year Position",
    "workforce": "Workforce",
    "estates": "Estates",
    "other": "Other Enablers",
    "future": "Future model",
    "baseline": "CCG baseline funding",
    "stf": "STF allocation (GPFV)",
    "endstate": "End-state 20/21",
}
for ccg, (title, rows) in bridges.items():
    sec = f"Strengthened GP services: Costs and Financial benefits, Primary care financial bridge: {title}"
    for row, values in rows.items():
        for y, v in zip(YEARS, values, strict=True):
            if v is None:
                continue
            note = f"{ROWNAME[row]} {LABEL[y]} (£m)"
            if row in ("baseline", "stf"):
                printed_col = LABEL[YEARS[YEARS.index(y) - 1]]
                note += (
                    f"; printed in the {printed_col} column (the row has three figures "
                    "under the first three years), read one column right like the rows "
                    "from Workforce to End-state, which start in 2018/19"
                )
            fig(f"pcb_{ccg}_{row}_{y}", v, "£m", sec, note)
    for y in YEARS:
        rule(
            f"pcb_{ccg}_inyear_{y}",
            "net",
            f"pcb_{ccg}_inyear_{y} = pcb_{ccg}_income_{y} - pcb_{ccg}_expenditure_{y}",
            sec,
            f"{title} {LABEL[y]}: in-year position = income - expenditure",
        )
    for y in YEARS[1:]:
        rule(
            f"pcb_{ccg}_future_{y}",
            "sum",
            f"pcb_{ccg}_future_{y} = pcb_{ccg}_workforce_{y} + pcb_{ccg}_estates_{y} + pcb_{ccg}_other_{y}",
            sec,
            f"{title} {LABEL[y]}: future model = workforce + estates + other enablers",
        )
        rule(
            f"pcb_{ccg}_endstate_{y}",
            "sum",
            f"pcb_{ccg}_endstate_{y} = pcb_{ccg}_inyear_{y} + pcb_{ccg}_future_{y} + pcb_{ccg}_baseline_{y} + pcb_{ccg}_stf_{y}",
            sec,
            f"{title} {LABEL[y]}: end state = in-year + future model + baseline funding + STF",
        )
    rule(
        f"pcb_{ccg}_income_series",
        "series",
        f"increasing(pcb_{ccg}_income_1718, pcb_{ccg}_income_1819, pcb_{ccg}_income_1920, pcb_{ccg}_income_2021)",
        sec,
        f"{title}: income rises year on year",
    )
    rule(
        f"pcb_{ccg}_expenditure_series",
        "series",
        f"increasing(pcb_{ccg}_expenditure_1718, pcb_{ccg}_expenditure_1819, pcb_{ccg}_expenditure_1920, pcb_{ccg}_expenditure_2021)",
        sec,
        f"{title}: expenditure rises year on year",
    )

# --- Allocations, expenditure, QIPP ------------------------------------------------------
fin = {
    "cpr": dict(
        title="Castle Point & Rochford CCG",
        alloc={
            "programme": ("233,332", "247,026"),
            "running": ("3,882", "3,883"),
            "pcc": ("23,587", "24,311"),
            "total": ("260,801", "275,220"),
        },
        growth={"programme": "5.9%", "pcc": ".1%", "total": "5.5%"},
        exp=[
            ("acute", "Acute Services", "141,916"),
            ("eeast", "EEAST Services", "7,923"),
            ("mh", "Mental Health Services", "19,175"),
            ("community", "Community Services", "10,087"),
            ("chc", "Continuing Care Services", "14,518"),
            ("prescribing", "Prescribing", "29,373"),
            ("other_pc", "Other Primary Care Services", "3,024"),
            ("pcc", "Primary Care Co-Commissioning", "24,311"),
            ("bcf", "BCF", "11,718"),
            ("other_prog", "Other Programme Services", "8,139"),
            ("running", "Running Costs", "3,486"),
            ("contingency", "Contingency Reserve", "1,376"),
            ("unidentified_qipp", "Unidentified QIPP", "(406)"),
        ],
        total_exp="274,641",
        surplus="579",
        surplus_text="£579k",
    ),
    "sth": dict(
        title="Southend CCG",
        alloc={
            "programme": ("245,794", "260,733"),
            "running": ("3,919", "3,933"),
            "pcc": ("24,764", "25,575"),
            "total": ("274,477", "290,241"),
        },
        growth={"programme": "6.1%", "pcc": "3.3%", "total": "5.7%"},
        exp=[
            ("acute", "Acute Services", "137,323"),
            ("eeast", "EEAST Services", "9,497"),
            ("mh", "Mental Health Services", "29,350"),
            ("community", "Community Services", "10,802"),
            ("chc", "Continuing Care Services", "23,166"),
            ("prescribing", "Prescribing", "28,282"),
            ("other_pc", "Other Primary Care Services", "3,117"),
            ("pcc", "Primary Care Co-Commissioning", "25,575"),
            ("bcf", "BCF", "12,604"),
            ("other_prog", "Other Programme Services", "5,180"),
            ("running", "Running Costs", "3,519"),
            ("contingency", "Contingency Reserve", "1,451"),
            ("unidentified_qipp", "Unidentified QIPP", "(235)"),
        ],
        total_exp="289,631",
        surplus="610",
        surplus_text="£610k",
    ),
}
ALLOC = {
    "programme": "Total Programme Allocation",
    "running": "Total Running Costs Allocation",
    "pcc": "Total Primary Care Co-Commissioning Allocation",
    "total": "GRAND TOTAL ALLOCATION",
}
GROWTH = {
    "programme": "Programme growth",
    "pcc": "Primary Care Co-Commissioning growth",
    "total": "Overall allocation growth",
}
for ccg, d in fin.items():
    t = d["title"]
    sec_a = f"Finance - {t}: Resource Allocation"
    sec_e = f"Finance - {t}: 2019/20 Expenditure"
    for k, (a, b) in d["alloc"].items():
        fig(f"{ccg}_alloc_{k}_1819", a, "£k", sec_a, f"{ALLOC[k]} 18/19")
        fig(f"{ccg}_alloc_{k}_1920", b, "£k", sec_a, f"{ALLOC[k]} 19/20")
    for k, v in d["growth"].items():
        note = f"{GROWTH[k]} of {v}"
        if v == ".1%":
            note += " (printed without a leading digit)"
        fig(f"{ccg}_growth_{k}", v, "%", sec_a, note)
    for y in ("1819", "1920"):
        rule(
            f"{ccg}_alloc_total_{y}",
            "sum",
            f"{ccg}_alloc_total_{y} = {ccg}_alloc_programme_{y} + {ccg}_alloc_running_{y} + {ccg}_alloc_pcc_{y}",
            sec_a,
            f"{t} {LABEL[y]}: grand total allocation = programme + running costs + primary care co-commissioning",
        )
    for k in d["growth"]:
        rule(
            f"{ccg}_growth_{k}",
            "growth",
            f"{ccg}_growth_{k} = 100 * ({ccg}_alloc_{k}_1920 / {ccg}_alloc_{k}_1819 - 1)",
            sec_a,
            f"{t}: {GROWTH[k].lower()} = 19/20 ÷ 18/19 − 1",
            expected="fail" if d["growth"][k] == ".1%" else "pass",
            note=(
                "24,311 ÷ 23,587 − 1 = 3.07%: the printed '.1%' has lost its leading 3"
                if d["growth"][k] == ".1%"
                else ""
            ),
        )
    rule(
        f"{ccg}_running_no_change",
        "growth",
        f"100 * ({ccg}_alloc_running_1920 / {ccg}_alloc_running_1819 - 1) <= 1",
        sec_a,
        f"{t}: running costs allocation, 'no material change' (under 1%)",
    )
    fig(
        f"{ccg}_exp_total_allocation",
        d["alloc"]["total"][1],
        "£k",
        sec_e,
        "TOTAL ALLOCATION at the head of the expenditure table",
    )
    for k, label, v in d["exp"]:
        fig(f"{ccg}_exp_{k}", v, "£k", sec_e, f"{label} 19/20 Plan £k")
    fig(f"{ccg}_exp_total", d["total_exp"], "£k", sec_e, "TOTAL EXPENDITURE")
    fig(f"{ccg}_surplus", d["surplus"], "£k", sec_e, "Surplus/(Deficit)")
    fig(
        f"{ccg}_surplus_text",
        d["surplus_text"],
        "£k",
        f"Finance - {t}",
        "the plan ... by generating a surplus of " + d["surplus_text"],
    )
    lines = " + ".join(f"{ccg}_exp_{k}" for k, _, _ in d["exp"])
    rule(
        f"{ccg}_exp_total",
        "sum",
        f"{ccg}_exp_total = {lines}",
        sec_e,
        f"{t}: total expenditure = the sum of its lines",
        note=(
            "the lines add up to 274,640, £1k short of the printed total: within the rounding of 13 lines in £k (icsplan check's budget findings flag it; the budgets follow the lines)"
            if ccg == "cpr"
            else ""
        ),
    )
    rule(
        f"{ccg}_surplus",
        "net",
        f"{ccg}_surplus = {ccg}_exp_total_allocation - {ccg}_exp_total",
        sec_e,
        f"{t}: surplus = total allocation − total expenditure",
    )
    rule(
        f"{ccg}_surplus_text",
        "same",
        f"{ccg}_surplus_text = {ccg}_surplus",
        f"Finance - {t}",
        f"{t}: the surplus in the text and in the table",
    )
    rule(
        f"{ccg}_allocation_repeated",
        "same",
        f"{ccg}_exp_total_allocation = {ccg}_alloc_total_1920",
        sec_e,
        f"{t}: total allocation at the head of the expenditure table = grand total allocation 19/20",
    )
    rule(
        f"{ccg}_pcc_spent",
        "same",
        f"{ccg}_exp_pcc = {ccg}_alloc_pcc_1920",
        sec_e,
        f"{t}: primary care co-commissioning expenditure = its allocation",
    )
    rule(
        f"{ccg}_running_within_allocation",
        "target",
        f"{ccg}_exp_running <= {ccg}_alloc_running_1920",
        sec_e,
        f"{t}: running costs within the running costs allocation",
    )
    sec_r = f"Finance - {t}: Reserves Utilisation"
    fig(
        f"{ccg}_contingency_pct",
        "0.5%",
        "%",
        sec_r,
        "We have established a 0.5% contingency reserve",
    )
    rule(
        f"{ccg}_contingency_share",
        "share",
        f"{ccg}_contingency_pct = 100 * {ccg}_exp_contingency / {ccg}_exp_total_allocation",
        sec_r,
        f"{t}: contingency reserve = 0.5% of the allocation",
    )

sec_q = "QIPP Challenge - Castle Point & Rochford CCG"
fig(
    "cpr_qipp_target_text",
    "£8.3 million",
    "£m",
    sec_q,
    "an £8.3 million gross QIPP target for 2019/20",
)
fig("cpr_qipp_target_pct", "3%", "%", sec_q, "equating to 3% of allocation")
fig(
    "cpr_qipp_headroom_pct",
    "20%",
    "%",
    sec_q,
    "a QIPP programme of at least 20% higher than the QIPP target",
)
sec_s = "QIPP Challenge - Castle Point & Rochford CCG: Summary of QIPP Schemes"
for k, label, v in [
    ("acute", "Acute Services", "4,681"),
    ("chc", "Continuing Care Services", "1,000"),
    ("prescribing", "Prescribing", "1,712"),
    ("other_prog", "Other Programme Services", "65"),
    ("running", "Running Costs", "400"),
    ("planning_gap", "Planning Gap", "406"),
    ("total", "GRAND TOTAL", "8,264"),
    ("headroom", "Aspirational Headroom Target (20%)", "1,653"),
]:
    fig(f"cpr_qipp_{k}", v, "£k", sec_s, f"{label} QIPP Value (£k)")
rule(
    "cpr_qipp_total",
    "sum",
    "cpr_qipp_total = cpr_qipp_acute + cpr_qipp_chc + cpr_qipp_prescribing + cpr_qipp_other_prog + cpr_qipp_running + cpr_qipp_planning_gap",
    sec_s,
    "Castle Point & Rochford: QIPP grand total = the sum of the categories",
)
rule(
    "cpr_qipp_target_text",
    "same",
    "cpr_qipp_target_text = cpr_qipp_total",
    sec_q,
    "£8.3 million in the text = 8,264 in the table",
)
rule(
    "cpr_qipp_3pct",
    "product",
    "cpr_qipp_target_pct = 100 * cpr_qipp_total / cpr_alloc_total_1920",
    sec_q,
    "the QIPP target is 3% of the allocation",
    note="8,264 ÷ 275,220 = 3.003%",
)
rule(
    "cpr_qipp_headroom",
    "product",
    "cpr_qipp_headroom = cpr_qipp_headroom_pct / 100 * cpr_qipp_total",
    sec_s,
    "aspirational headroom = 20% of the QIPP target",
)
rule(
    "cpr_planning_gap_unidentified",
    "same",
    "cpr_qipp_planning_gap = -cpr_exp_unidentified_qipp",
    sec_s,
    "the planning gap (406) is the expenditure table's unidentified QIPP (406)",
)
rule(
    "cpr_qipp_running_budget",
    "target",
    "cpr_qipp_running <= cpr_exp_running",
    sec_s,
    "the running-cost QIPP is within the running-cost budget",
)
sec_p = "2019/20 QIPP Projects - Castle Point & Rochford CCG"
projects = [
    ("fye_1819", "FYE of 18/19 schemes", "1,045"),
    ("ebi_msb", "Evidence Based Interventions – MSB", "811"),
    ("high_cost_drugs", "High Cost Drugs – SUHFT/EPUT/MEHT", "726"),
    ("avastin", "Avastin", "84"),
    ("garfield", "Garfield House", "65"),
    ("prescribing", "Prescribing", "1,712"),
    ("decommission", "Decommission / recommission acute to community", "1,000"),
    ("chc_assessments", "CHC Assessments Review", "450"),
    ("running", "Running Cost Efficiencies", "400"),
    ("ebi_non_msb", "Evidence Based Interventions – Non MSB", "302"),
    ("fu_op", "Follow Up – Outpatients", "300"),
    ("hilton", "Use of Hilton Nursing Services (Pilot)", "250"),
    ("hospice", "Development of hospice partnerships", "150"),
    ("phb", "Extend PHB Focus", "150"),
    ("working_age", "Working Age Adults", "100"),
    ("lptp", "LPTP Acute Review", "100"),
    ("op_primary", "Outpatient – Primary Care", "58"),
    ("paeds_0_4", "0-4 Paediatric Clinics", "55"),
    ("minor_ops", "Minor Ops Review", "50"),
    ("wound", "Wound Care", "50"),
    ("chc_office", "CHC Office efficiencies", "-"),
    ("std_pc", "Standardising Primary Care", "-"),
    ("payments", "Review of payments", "-"),
    ("msk", "MSK", "-"),
    ("msk_rheum", "MSK – Rheumatology", "-"),
    ("rawreth", "Rawreth and Clifton", "-"),
]
for k, label, v in projects:
    fig(
        f"cpr_project_{k}",
        v,
        "£k",
        sec_p,
        f"{label}: Net QIPP Saving £000" + ("; '-' (scoping) read as nil" if v == "-" else ""),
    )
rule(
    "cpr_projects_identified",
    "sum",
    'sum("cpr_project_*") = cpr_qipp_total - cpr_qipp_planning_gap',
    sec_p,
    "the QIPP projects add up to the identified QIPP (grand total − planning gap)",
)
rule(
    "cpr_project_prescribing",
    "same",
    "cpr_project_prescribing = cpr_qipp_prescribing",
    sec_p,
    "prescribing: the project and the category agree",
)
rule(
    "cpr_project_running",
    "same",
    "cpr_project_running = cpr_qipp_running",
    sec_p,
    "running cost efficiencies: the project and the category agree",
)
rule(
    "cpr_project_garfield",
    "same",
    "cpr_project_garfield = cpr_qipp_other_prog",
    sec_p,
    "Garfield House is the other programme services QIPP",
)
rule(
    "cpr_project_chc",
    "sum",
    "cpr_qipp_chc = cpr_project_chc_assessments + cpr_project_hilton + cpr_project_hospice + cpr_project_phb",
    sec_p,
    "continuing care QIPP = CHC assessments + Hilton nursing + hospice partnerships + PHB focus",
    note="icsplan's reading of which projects are continuing care: the seed does not map projects to categories",
)
sec_m = "Creating efficiencies: Medicines Management"
fig("med_savings_cpr", "£1.7m", "£m", sec_m, "Savings: £1.7m CPR")
fig("med_savings_sth", "£1.6m", "£m", sec_m, "Savings: £1.6m Southend")
rule(
    "med_savings_cpr_budget",
    "target",
    "med_savings_cpr <= cpr_exp_prescribing",
    sec_m,
    "CPR's medicines savings are within its prescribing budget",
)
rule(
    "med_savings_sth_budget",
    "target",
    "med_savings_sth <= sth_exp_prescribing",
    sec_m,
    "Southend's medicines savings are within its prescribing budget",
)
rule(
    "med_savings_cpr_qipp",
    "same",
    "med_savings_cpr = cpr_qipp_prescribing",
    sec_m,
    "medicines savings £1.7m CPR = prescribing QIPP 1,712",
)
sec_rc = "Creating efficiencies: 20% Reduction on Running Costs"
fig(
    "running_cost_cut_pct",
    "20%",
    "%",
    sec_rc,
    "Programme Objective: Reduce running costs by 20% by 2021",
)
fig("running_cost_cut_pct_again", "20%", "%", sec_rc, "Savings: 20% against running costs by 2021")
fig(
    "running_cost_cut_per_ccg",
    "£750k",
    "£k",
    sec_rc,
    "(£750k per CCG); a round figure, read as ±£50k",
    "50",
)
rule(
    "running_cost_cut_cpr_on_way",
    "target",
    "cpr_qipp_running <= running_cost_cut_per_ccg",
    sec_rc,
    "CPR's 2019/20 running-cost QIPP (400) is on the way to, not past, the £750k by 2021",
)
rule(
    "running_cost_cut_repeated",
    "same",
    "running_cost_cut_pct_again = running_cost_cut_pct",
    sec_rc,
    "20% in the objective and the savings",
)
for ccg in ("cpr", "sth"):
    rule(
        f"running_cost_cut_{ccg}",
        "product",
        f"running_cost_cut_per_ccg = running_cost_cut_pct / 100 * {ccg}_alloc_running_1920",
        sec_rc,
        f"£750k per CCG = 20% of the {fin[ccg]['title']} running costs allocation",
    )

# --- Programme costs and benefits -----------------------------------------------------------
sec = "Improved care in the community: Respiratory, Costs and Financial benefits"
for k, v, note in [
    ("gpwer_cost", "£96,000", "GPwER Costs - £96,000"),
    ("investment", "96,000", "Total investment = 96,000"),
    ("nel", "£131,100", "COPD/Asthma NELs= £131,100"),
    ("ed", "£5,83.00", "All Respiratory ED attendances: = £5,83.00 (garbled as printed)"),
    ("opa", "£149,962", "OPA - £149,962"),
    ("gpwer_saving", "179,872", "GPwER – 179,872"),
    ("net", "£370,017", "Total Net Cost Benefit = £370,017"),
]:
    fig(f"resp_{k}", v, "£", sec, note)
rule(
    "resp_investment",
    "sum",
    "resp_investment = resp_gpwer_cost",
    sec,
    "respiratory: total investment = GPwER costs",
)
rule(
    "resp_net",
    "net",
    "resp_net = resp_nel + resp_ed + resp_opa + resp_gpwer_saving - resp_investment",
    sec,
    "respiratory: net cost benefit = savings − investment",
    expected="fail",
    note="the ED saving printed £5,83.00 is garbled",
)
sec = "Improved care in the community: Carers, Costs and Financial benefits"
for k, v, u, note in [
    ("investment", "£100,000", "£", "Investments Required: £100,000"),
    ("admissions", "100", "count", "100 admissions will be saved"),
    ("cost", "£1,800", "£", "at avg. cost of £1,800 per admission"),
    ("gross", "£180,000", "£", "Gross saving £180,000"),
    (
        "net",
        "£153,000",
        "£",
        "net saving £153,000 (investment cost is split equally between SCCG and SBC)",
    ),
]:
    fig(f"carers_{k}", v, u, sec, note)
rule(
    "carers_gross",
    "product",
    "carers_gross = carers_admissions * carers_cost",
    sec,
    "carers: gross saving = 100 admissions × £1,800",
)
rule(
    "carers_net",
    "net",
    "carers_net = carers_gross - carers_investment / 2",
    sec,
    "carers: net saving = gross − the CCG's half of the £100,000 investment",
    expected="fail",
    note="180,000 − 50,000 = 130,000; the printed 153,000 implies a CCG share of £27,000",
)
sec = "Supporting self care and prevention: Cardiology, Costs and Financial benefits"
fig("cardio_investment", "£269,642", "£", sec, "Investments Required: £269,642")
fig("cardio_net", "£219,517", "£", sec, "Net Savings: £219,517")
sec = "Children's services: Children's Transformation Programme, Costs and Financial benefits"
fig("cyp_investment", "£2,121,916", "£", sec, "Investments Required: £2,121,916")
fig("cyp_reductions", "£1,997,878", "£", sec, "Total potential reductions are £1,997,878")
fig(
    "cyp_prescribing",
    "£255,000+",
    "£",
    sec,
    "as well as potential £255,000+ reduction in prescription costs",
)
for k, v in [
    ("ae", "13%"),
    ("nel", "10%"),
    ("paed_op", "28%"),
    ("vb09z_vb11z", "17%"),
    ("lighthouse", "10%"),
]:
    fig(f"cyp_reduction_{k}", v, "%", sec, f"%age reduction {k.replace('_', ' ')}")
sec = "Children's services: Children's Transformation Programme, Key Projects and Timescales"
fig(
    "cyp_clinic_localities_1920",
    "6",
    "count",
    sec,
    "Joint Paediatric Clinic operational in 6 localities by end of 19/20",
)
fig(
    "cyp_clinic_localities_2021",
    "8",
    "count",
    sec,
    "fully operational in 8 localities by Q1 2020/21",
)
rule(
    "cyp_clinic_rollout",
    "series",
    "increasing(cyp_clinic_localities_1920, cyp_clinic_localities_2021)",
    sec,
    "joint paediatric clinic roll-out: 6 then 8 localities",
)
sec_l = "Improved care in the community: Localities - Implementation"
fig("localities_outcomes", "8", "count", sec_l, "residents living in each of the 8 localities")
fig("localities_design", "8", "count", sec_l, "design groups across 8 localities")
fig(
    "localities_enhanced_access",
    "eight",
    "count",
    "Strengthened GP services: Key Projects and Timescales",
    "Locality Enhanced Access Services ... in all eight Localities (a word)",
)
rule(
    "localities_repeated",
    "same",
    "localities_design = localities_outcomes",
    sec_l,
    "8 localities, stated twice",
)
rule(
    "localities_children",
    "same",
    "cyp_clinic_localities_2021 = localities_outcomes",
    sec,
    "the paediatric clinic's full roll-out covers the 8 localities",
)
sec = "Mental health: Parity Esteem/Physical Health of People with SMI"
fig(
    "smi_target",
    "60%",
    "%",
    sec,
    "by 2020/21, at least 60% of people with SMI ... have their physical health needs met",
)
fig(
    "smi_target_again",
    "60%",
    "%",
    sec,
    "Expected Outcome ... to achieve at least national target of 60%",
)
fig("smi_investment", "£250k", "£k", sec, "Investment required: £250k in 19/20")
rule(
    "smi_target_repeated",
    "same",
    "smi_target_again = smi_target",
    sec,
    "the SMI health check target, stated twice",
)
sec = "Mental health: Dementia Pathway"
fig(
    "dementia_target",
    "66.7%",
    "%",
    sec,
    "constitutional target that of 66.7% of all diagnosed with dementia",
)
fig(
    "dementia_target_again",
    "66.7%",
    "%",
    sec,
    "the national ambition of 66.7% for dementia diagnosis rates",
)
rule(
    "dementia_target_repeated",
    "same",
    "dementia_target_again = dementia_target",
    sec,
    "the dementia diagnosis ambition, stated twice",
)
sec = "Mental health: STP-wide programme, Key Projects and Timescales"
fig("iapt_access_target", "22%", "%", sec, "Q4: Delivery of 22% IAPT access target")
sec = "Workforce: CCG Programme, Costs and Financial benefits"
fig("gp_retention_fund", "£ 132,975", "£", sec, "GP Retention fund from NHSE 2019/20 £ 132,975")
fig("gpriss_bf", "£300k", "£k", sec, "GPRISS B/F approx. £300k")
fig(
    "it_capital",
    "£1m",
    "£m",
    "Technology: IT: Improve Primary Care IT Provision",
    "STP Capital plan of £1m",
)

# --- KPI trajectories and targets -----------------------------------------------------------
sec = "Maternity services: LMS Plan 2019/20"
fig("mat_choice_q", "70%", "%", sec, "choice of midwife units: Q1 Q2 Q3 Q4 trajectory 70%")
for y, v in [("1819", "70%"), ("1920", "80%"), ("2021", "90%")]:
    fig(f"mat_choice_{y}", v, "%", sec, f"choice of midwife units: Target {LABEL[y]}: {v}")
rule(
    "mat_choice_series",
    "series",
    "increasing(mat_choice_1819, mat_choice_1920, mat_choice_2021)",
    sec,
    "choice of midwife units: targets rise 70%, 80%, 90%",
)
rule(
    "mat_choice_2019_trajectory",
    "target",
    "mat_choice_q <= mat_choice_1920",
    sec,
    "choice of midwife units: the 2019/20 trajectory (70%) reaches the 2019/20 target (80%)",
    expected="fail",
    note="read as the 2019/20 quarterly trajectory: the Q1-Q4 column prints 70%, the 2018/19 target, where the 2019/20 target is 80%",
)
R[-1]["check"] = "mat_choice_q >= mat_choice_1920"
for q, v in zip("1234", ["20%", "25%", "30%", "35%"], strict=True):
    fig(f"mat_cofc_q{q}", v, "%", sec, f"women offered continuity of carer: Q{q} {v}")
fig("mat_cofc_end", "35%", "%", sec, "(end of Q4 35%)")
rule(
    "mat_cofc_series",
    "series",
    "increasing(mat_cofc_q1, mat_cofc_q2, mat_cofc_q3, mat_cofc_q4)",
    sec,
    "continuity of carer: the quarterly trajectory rises",
)
rule(
    "mat_cofc_end",
    "same",
    "mat_cofc_end = mat_cofc_q4",
    sec,
    "continuity of carer: end of Q4 = the Q4 point",
)
for q, v in zip("1234", ["20%", "50%", "75%", "95%"], strict=True):
    fig(f"mat_careplan_q{q}", v, "%", sec, f"personalised care plan: Q{q} {v}")
fig("mat_careplan_end", "95%", "%", sec, "(end of Q4 95%)")
rule(
    "mat_careplan_series",
    "series",
    "increasing(mat_careplan_q1, mat_careplan_q2, mat_careplan_q3, mat_careplan_q4)",
    sec,
    "personalised care plans: the quarterly trajectory rises",
)
rule(
    "mat_careplan_end",
    "same",
    "mat_careplan_end = mat_careplan_q4",
    sec,
    "personalised care plans: end of Q4 = the Q4 point",
)
rule(
    "mat_careplan_all_by_2021",
    "target",
    "mat_careplan_q4 + 4 * (mat_careplan_q4 - mat_careplan_q3) >= 100",
    sec,
    "all women have a personalised care plan by 2021: reachable at the last quarter's pace",
)
fig("mat_units", "3", "count", sec, "3 MSB maternity units have delivered HEE funded CofC training")
fig("mat_units_again", "3", "count", sec, "Fully implemented in 3 MSB maternity units from Q4")
rule(
    "mat_units_repeated",
    "same",
    "mat_units_again = mat_units",
    sec,
    "three MSB maternity units, stated twice",
)
fig(
    "stillbirth_rate",
    "4.98",
    "count",
    sec,
    "4.98 Based on 2015 MBBRACE data combined neonatal and still birth rate",
)
fig("stillbirth_cut_2020", "20%", "%", sec, "reduce stillbirths ... by 20% (2020 ambition)")
fig("stillbirth_cut_2025", "50%", "%", sec, "and by 50% in 2025")
rule(
    "stillbirth_ambition",
    "series",
    "increasing(stillbirth_cut_2020, stillbirth_cut_2025)",
    sec,
    "the safety ambition deepens from 2020 to 2025",
)
sec = "Urgent & emergency care: STP-wide programme"
fig(
    "uec_111_assessed",
    ">50%",
    "%",
    sec,
    "ensuring >50% of appropriate callers receive a clinical assessment",
)
fig(
    "uec_111_assessed_q1",
    "> 50%",
    "%",
    "Urgent & emergency care: 2019/20 Deliverables",
    "Q1: Delivery of > 50% callers receiving clinical assessment",
)
rule(
    "uec_111_repeated",
    "same",
    "uec_111_assessed_q1 = uec_111_assessed",
    sec,
    "111 clinical assessment: >50% in the programme and the Q1 deliverable",
)
fig("uec_dos_default", "<1%", "%", sec, "<1% of 111 dispositions are 'A&E by default'")
fig(
    "uec_sdec_share",
    "30%",
    "%",
    sec,
    "30% of current non-elective admissions are treated via SDEC by end of March 2020",
)
fig(
    "uec_long_stay_cut",
    "40%",
    "%",
    sec,
    "reduction in long-stay patients by 40% by the end of March 2020",
)
rule(
    "uec_sdec_on_path_low",
    "target",
    "uec_sdec_share >= 100 / 5",
    "National Planning Guidance",
    "the local SDEC share (30%) is above the guidance's starting point (1/5)",
)
rule(
    "uec_sdec_on_path_high",
    "target",
    "uec_sdec_share <= 100 / 3",
    "National Planning Guidance",
    "the local SDEC share (30%) does not pass the guidance's ambition (1/3)",
)
fig(
    "uec_ambulatory_hours",
    "70 hrs/week",
    "count",
    "Urgent & emergency care: 2019/20 Deliverables",
    "Q2: Extended hours for ambulatory – 70 hrs/week each site",
)
fig(
    "uec_frailty_hours",
    "70 hours/week",
    "count",
    "Urgent & emergency care: 2019/20 Deliverables",
    "Q3: Extended hours for frailty - 70 hours/week each site",
)
rule(
    "uec_extended_hours",
    "same",
    "uec_frailty_hours = uec_ambulatory_hours",
    "Urgent & emergency care: 2019/20 Deliverables",
    "ambulatory and frailty: the same 70 hours a week",
)
sec = "Learning disabilities: STP-wide programme: Transforming Care"
fig(
    "ld_ahc_target",
    "75%",
    "%",
    sec,
    "75% of people with learning disabilities receiving an Annual Health Check by March 2019",
)
fig("ld_ahc_target_again", "75%", "%", sec, "improve the uptake of Annual Health Checks to 75%")
fig(
    "ld_ahc_guidance",
    "75%",
    "%",
    "National Planning Guidance: Learning Disability and Autism",
    "Annual health check s (75% of people on register)",
)
rule(
    "ld_ahc_repeated",
    "same",
    "ld_ahc_target_again = ld_ahc_target",
    sec,
    "the annual health check target, stated twice",
)
rule(
    "ld_ahc_guidance",
    "same",
    "ld_ahc_guidance = ld_ahc_target",
    sec,
    "the local target equals the national guidance",
)
fig(
    "ld_adults_per_million",
    "30",
    "count",
    sec,
    "no more than 30 adults per million ... in an inpatient facility",
)
fig("ld_children_per_million", "12 to 15", "count", sec, "12 to 15 children per million")
sec = "Cancer services: STP-wide Programme"
fig(
    "cancer_early_stage",
    "62%",
    "%",
    sec,
    "62% of cancers are diagnosed at stages 1 and 2 by end of 2020/21",
)
fig("cancer_fit_negative", "2,680", "count", sec, "FIT ... with estimated 2,680 negative results")
sec = "Technology: STP programme, 2019/20 Deliverables"
fig("online_booking", "25%", "%", sec, "at least 25% of appointments available for on-line booking")
sec = "Strengthened GP services: Local Implementation of Primary Care Strategy"
for k, v in [("capacity", "81%"), ("triage", "12%"), ("proactive", "3%"), ("admin", "3%")]:
    fig(f"pc_strategy_{k}", v, "%", sec, f"share of solutions: {k}")
R.append(
    dict(
        rule="pc_strategy_shares",
        kind="sum",
        check="pc_strategy_capacity + pc_strategy_triage + pc_strategy_proactive + pc_strategy_admin <= 100",
        tolerance="",
        section=sec,
        description="the shares of the strategy's solutions do not exceed 100% (collaboration is unstated)",
        expected="pass",
        note="81 + 12 + 3 + 3 = 99; collaboration, listed without a share, would be about 1%",
    )
)
sec = "Strengthened GP services: STP-wide programme"
fig(
    "pcns",
    "26",
    "count",
    sec,
    "26 geographically aligned 'Primary Care Networks' in place by 15th May",
)
fig(
    "practice_staff_navigation",
    "350",
    "count",
    sec,
    "350 practice staff have undertaken care navigation training",
)
fig(
    "additional_gp_staff",
    "C.100",
    "count",
    sec,
    "C.100 additional staff working in General Practice",
    "10",
)

# --- Challenges, public health, system schemes --------------------------------------------------
sec = "Our role in wider system working"
fig("trusts", "6", "count", sec, "6 x NHS Trusts")
fig("trusts_hospital", "3", "count", sec, "3 x hospital")
fig("trusts_community_mh", "2", "count", sec, "2 x community/mental health")
fig("trusts_ambulance", "1", "count", sec, "1 x ambulance trust")
rule(
    "trusts_parts",
    "sum",
    "trusts = trusts_hospital + trusts_community_mh + trusts_ambulance",
    sec,
    "6 NHS trusts = 3 hospital + 2 community/MH + 1 ambulance",
)
fig("ccgs", "5", "count", sec, "5 Clinical Commissioning Groups (CCGs)")
fig("councils", "3", "count", sec, "3 x Councils")
sec = "Challenges Faced by Local Providers of Care"
fig(
    "ae_growth_pct",
    "3.56%",
    "%",
    sec,
    "Emergency care demand (in Southend's A&E department) increased by 3.56% in 2018/19",
)
fig("ae_attendances_1718", "101,044", "count", sec, "from 101,044")
fig("ae_attendances_1819", "104,645", "count", sec, "to 104,645")
rule(
    "ae_growth",
    "growth",
    "ae_growth_pct = 100 * (ae_attendances_1819 / ae_attendances_1718 - 1)",
    sec,
    "Southend A&E demand growth = 104,645 ÷ 101,044 − 1",
)
fig(
    "gp_appts_gap_2018",
    "20k",
    "count",
    sec,
    "demand for approximately 20k more appointments in GP practices per week (2018)",
    "2",
)
fig("gp_appts_gap_2021", "60k", "count", sec, "could become 60k by 2020/21", "5")
rule(
    "gp_appts_gap_grows",
    "series",
    "increasing(gp_appts_gap_2018, gp_appts_gap_2021)",
    sec,
    "the GP appointment gap grows if nothing is done",
)
fig("funded_vacancies", "2,500", "count", sec, "about 2,500 funded vacancies (2018)", "50")
fig("gp_workforce_loss", "50%", "%", sec, "we could lose up to 50% of our GP workforce")
fig(
    "nursing_workforce_loss",
    "25%",
    "%",
    sec,
    "and 25% of our primary care nursing workforce by 2020/21",
)
sec = "Public health issues in Southend"
fig(
    "le_gap_men_headline",
    "11 YEARS FOR MALES",
    "count",
    sec,
    "life expectancy gap, males (headline)",
)
fig(
    "le_gap_women_headline",
    "10 YEARS FOR FEMALES.",
    "count",
    sec,
    "life expectancy gap, females (headline)",
)
sec2 = "Challenges & Opportunities: Money & Resources (Southend)"
fig(
    "le_gap_men",
    "11.1",
    "count",
    sec2,
    "Life expectancy is 11.1 years lower for men ... in Southend",
)
fig("le_gap_women", "9.7", "count", sec2, "and 9.7 years lower for women")
rule(
    "le_gap_men",
    "same",
    "le_gap_men_headline = le_gap_men",
    sec,
    "Southend life expectancy gap for men: 11 (headline) and 11.1",
)
rule(
    "le_gap_women",
    "same",
    "le_gap_women_headline = le_gap_women",
    sec,
    "Southend life expectancy gap for women: 10 (headline) and 9.7",
)
sec = "High Level STP System Transformation Schemes"
for k, v, u, note in [
    ("op_cut", "240k", "count", "Reduce 240k face to face OP appointments over three years"),
    ("prescribing", "c£2 million", "£m", "Prescribing/high cost drugs: c£2 million reduction"),
    ("cvd_diabetes", "c£5m", "£m", "CVD Diabetes: overall CVD opportunity of c£5m"),
    ("cvd_stroke", "c£5m", "£m", "CVD Stroke/AF: overall CVD opportunity of c£5m"),
    ("respiratory", "c£4million", "£m", "Respiratory: overall opportunity of c£4million"),
    ("cancer", "c£5.4 million", "£m", "Cancer: opportunity of c£5.4 million"),
    ("hiu", "c£900k", "£k", "High Intensity Users: c£900k across STP"),
    ("mh_crisis", "£3 million", "£m", "Mental health crisis: £3 million investment"),
    ("avastin", "500k", "£k", "Avastin: an ambition of 500k"),
    ("ebi_procedures", "c. 3,700", "count", "EBI: reduction of c. 3,700 procedures"),
    ("ebi_value", "c£3.2 million", "£m", "EBI: overall financial value of c£3.2 million"),
    (
        "ebi_skin_procedures",
        "c1,500",
        "count",
        "EBI: removal of benign skin lesions additional c1,500 procedures",
    ),
    ("ebi_skin_value", "c£200k", "£k", "EBI: at c£200k"),
]:
    fig(f"stp_{k}", v, u, sec, note)
rule(
    "stp_cvd_repeated",
    "same",
    "stp_cvd_stroke = stp_cvd_diabetes",
    sec,
    "the overall CVD opportunity (c£5m) is the same in both CVD schemes",
)
rule(
    "stp_avastin_cpr",
    "target",
    "cpr_project_avastin <= stp_avastin",
    sec,
    "Castle Point & Rochford's Avastin QIPP (84) is within the STP's 500k ambition",
)
sec = "STP-wide Activity Assumptions"
growth = {
    "SUFT": ["3.40", "2.70", "2.80", "-", "2.00", "2.00", "5.50"],
    "BTUH": ["4.50", "1.00", "1.00", "3.80", "2.60", "4.50", "0.30"],
    "MEHT": ["4.70", "3.10", "4.10", "-", "4.60", "1.80", "1.80"],
}
pods = [
    "A&E",
    "First OP",
    "Follow-up OP",
    "Elective Totals",
    "Daycase Totals",
    "Emergency Excluding Zero LOS Totals",
    "Emergency Zero LOS Totals",
]
for trust, vals in growth.items():
    for pod, v in zip(pods, vals, strict=True):
        if v == "-":
            continue
        key = pod.lower().replace("&", "").replace(" ", "_").replace("-", "_")
        fig(f"growth_{trust.lower()}_{key}", v, "%", sec, f"{trust} Growth % {pod}")


# --- Castle Point and Rochford public health: the headline blocks against the later pages ----
sec_b = "Public health issues in Castle Point and Rochford"
layout = (
    "; the page prints two blocks each followed by its place name (as the Southend page "
    "does): read as the {} block"
)
fig(
    "le_gap_cp_men_headline",
    "6.6",
    "count",
    sec_b,
    "LIFE EXPECTANCY 6.6 YEARS LOWER (MEN)" + layout.format("Castle Point"),
)
fig(
    "le_gap_cp_women_headline",
    "3.6",
    "count",
    sec_b,
    "3.6 YEARS LOWER (WOMEN) IN MOST DEPRIVED AREAS" + layout.format("Castle Point"),
)
fig(
    "le_gap_r_men_headline",
    "3.9",
    "count",
    sec_b,
    "LIFE EXPECTANCY 3.9 YEARS LOWER (MEN)" + layout.format("Rochford"),
)
fig(
    "le_gap_r_women_headline",
    "5.4",
    "count",
    sec_b,
    "5.4 YEARS LOWER (WOMEN)" + layout.format("Rochford"),
)
fig(
    "pop65_cp_2034",
    "7.7%",
    "%",
    sec_b,
    "% OF THOSE AGED 65+ IS EXPECTED TO INCREASE BY 7.7% BY 2034" + layout.format("Castle Point"),
)
fig(
    "pop65_r_2035",
    "7.1%",
    "%",
    sec_b,
    "BY 2035, THIS AGE GROUP WILL INCREASE TO 7.1%; read as an increase of 7.1%"
    + layout.format("Rochford"),
)
fig(
    "low_income_r_headline",
    "10%",
    "%",
    sec_b,
    "10% OF CHILDREN LIVE IN LOW INCOME FAMILIES" + layout.format("Rochford"),
)
sec_c = "Challenges & Opportunities (Castle Point and Rochford)"
fig(
    "le_gap_cp_men",
    "6",
    "count",
    sec_c + ": We need to look at the bigger picture",
    "Life expectancy is 6 years lower in Castle Point for men",
)
fig(
    "le_gap_r_men",
    "3.2",
    "count",
    sec_c + ": We need to look at the bigger picture",
    "(3.2 years in Rochford)",
)
fig(
    "le_gap_cp_women",
    "4.3",
    "count",
    sec_c + ": We need to look at the bigger picture",
    "and 4.3 years lower for women",
)
fig(
    "le_gap_r_women",
    "4.4",
    "count",
    sec_c + ": We need to look at the bigger picture",
    "(4.4 years in Rochford)",
)
fig(
    "pop65_cpr_2030",
    "19%",
    "%",
    sec_c + ": Family, Friends & Communities",
    "The over 65 population in Castle Point and Rochford is projected to increase by 19% by 2030",
)
fig(
    "low_income_r",
    "10%",
    "%",
    sec_c + ": Money & Resources",
    "About 10% of children in Rochford ... live in low-income families",
)
fig("low_income_cp", "14%", "%", sec_c + ": Money & Resources", "and 14% in Castle Point")
fig(
    "pop65_southend_2031",
    "4%",
    "%",
    "Challenges & Opportunities (Southend): Family, Friends & Communities",
    "The over 65 population in Southend is projected to increase by 4% by 2031",
)
fig(
    "pop65_see",
    "12.5%",
    "%",
    "Demographics in south east Essex",
    "EXPECTED 12.5% INCREASE IN THOSE AGED 65+ (no year printed)",
)
note_le = (
    "the headline block and the later page disagree; they may use different years of "
    "data, and which block is Castle Point is read from the page layout"
)
for who, sex, a, b in [
    ("cp", "men", "le_gap_cp_men_headline", "le_gap_cp_men"),
    ("cp", "women", "le_gap_cp_women_headline", "le_gap_cp_women"),
    ("r", "men", "le_gap_r_men_headline", "le_gap_r_men"),
    ("r", "women", "le_gap_r_women_headline", "le_gap_r_women"),
]:
    place = "Castle Point" if who == "cp" else "Rochford"
    rule(
        f"le_gap_{who}_{sex}",
        "same",
        f"{a} = {b}",
        sec_b,
        f"{place} life expectancy gap for {sex}: the headline and the later page",
        expected="fail",
        note=note_le,
    )
rule(
    "low_income_r",
    "same",
    "low_income_r_headline = low_income_r",
    sec_b,
    "Rochford children in low-income families: 10% in the headline and on the later page",
    note="this agreement supports reading the second block as Rochford",
)
rule(
    "pop65_cpr_within_districts",
    "target",
    "pop65_cpr_2030 <= pop65_cp_2034",
    sec_c + ": Family, Friends & Communities",
    "CP&R's 65+ growth by 2030 cannot exceed both districts' growth by 2034-35 (7.7%, 7.1%)",
    expected="fail",
    note=(
        "19% by 2030 for the two districts together, where each district grows "
        "its 65+ population by 7.7% (2034) and 7.1% (2035): a combined rate lies "
        "between its parts; the figures measure different things or periods"
    ),
)
rule(
    "pop65_see_between_low",
    "target",
    "pop65_see >= pop65_southend_2031",
    "Demographics in south east Essex",
    "south east Essex's 12.5% lies above Southend's 4%",
)
rule(
    "pop65_see_between_high",
    "target",
    "pop65_see <= pop65_cpr_2030",
    "Demographics in south east Essex",
    "south east Essex's 12.5% lies below CP&R's 19%",
)
rule(
    "localities_enhanced_access",
    "same",
    "localities_enhanced_access = localities_outcomes",
    sec_l,
    "all eight localities (enhanced access) are the 8 localities",
)
sec_g = "Mid & South Essex STP Governance"
fig(
    "governance_acute_trusts",
    "three",
    "count",
    sec_g,
    "the organisations within the STP footprint are the three acute Trusts",
)
fig("governance_ccgs", "five", "count", sec_g, "five CCGs and EPUT (71.4%)")
rule(
    "governance_acute_trusts",
    "same",
    "governance_acute_trusts = trusts_hospital",
    sec_g,
    "three acute trusts, as in '3 x hospital'",
)
rule(
    "governance_ccgs",
    "same",
    "governance_ccgs = ccgs",
    sec_g,
    "five CCGs, as in '5 Clinical Commissioning Groups'",
)

fields = ["figure", "printed", "unit", "seed", "section", "note", "precision"]
OUT.mkdir(parents=True, exist_ok=True)
with open(OUT / "figures.csv", "w", newline="") as fh:
    w = csv.DictWriter(fh, fields)
    w.writeheader()
    w.writerows(F)
with open(OUT / "rules.csv", "w", newline="") as fh:
    w = csv.DictWriter(
        fh, ["rule", "kind", "check", "tolerance", "section", "description", "expected", "note"]
    )
    w.writeheader()
    w.writerows([r for r in R if r])
print(len(F), "figures,", len([r for r in R if r]), "rules")
