"""Derive the register seed for mse-2016 (src/icsplan/register/seeds/mse_2016/*.csv) from the seeds.

Run from the repository root: `python scripts/derive_register_seed.py [SEEDS_DIR] [OUT_DIR]`.
Each row's `source` names the seed file and section, or says "derived: how". A test runs
this script and checks it reproduces the shipped files, so the seed stays traceable.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/seeds")
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "src/icsplan/register/seeds/mse_2016"

CCG = {"Mid Essex": "mid_essex", "B&B": "basildon_brentwood", "Thur-rock": "thurrock",
       "CP&R": "castle_point_rochford", "SE": "southend"}
STATUS = {"Delivered": "delivered", "In progress": "in_progress", "Scoping": "scoping"}
QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in range(2016, 2021) for q in range(1, 5)]


def seed(prefix: str) -> str:
    """The text of the seed file whose name starts with `prefix`."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text()


def slug(name: str) -> str:
    """A locality's key as the scenario spells it (e.g. 'Chelmsford 1' -> 'chelmsford_1')."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower().replace(" and ", " ")).strip("_")


def quarter_key(quarter: str) -> str:
    """A quarter as it appears in keys: '2017/18 Q2' -> '2017-18-q2'."""
    return quarter.replace("/", "-").replace(" Q", "-q")


def write(name: str, rows: list[dict]) -> None:
    """Write one register's CSV (header from the first row's keys)."""
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / f"{name}.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def risks() -> list[dict]:
    """001's two risk tables (markdown), checked against the same ratings in 002."""
    rows, category, page = [], "", 0
    for line in seed("001").splitlines():
        if line.startswith("# Delivery: Risks and mitigations"):
            page += 1
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[2].isdigit():
            continue
        category = re.sub(r"</?b>", "", cells[0]).strip() or category
        section = "I/II" if page == 1 else "II/II"
        rows.append({
            "id": f"R{len(rows) + 1:02d}", "category": category,
            "description": re.sub(r"\s+", " ", cells[1]), "impact": cells[2],
            "likelihood": cells[3], "published_rag": cells[4],
            "mitigation": re.sub(r"\s*<br>\s*", " / ", cells[5]).strip(), "owner": "",
            "review_date": "",
            "source": f"001 Delivery: Risks and mitigations ({section}); the same rating is in "
                      f"002 Delivery: Risks and mitigations ({section})"})
    in_002 = re.findall(r"\b([1-5]) ([1-5]) (R|AR|A)\b", seed("002"))
    ratings_001 = [(r["impact"], r["likelihood"], r["published_rag"]) for r in rows]
    if ratings_001 != in_002:
        raise SystemExit(f"001 and 002 risk ratings differ:\n{ratings_001}\n{in_002}")
    return rows


def qipp() -> tuple[list[dict], list[dict]]:
    """004's 2019/20 QIPP projects of Castle Point & Rochford CCG and its QIPP target."""
    text = seed("004")
    start = text.index("2019/20 QIPP Projects - Castle Point & Rochford CCG")
    block = text[start:text.index("Finance – Southend CCG", start)]
    schemes = []
    for line in block.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2] in STATUS:
            value = 0 if parts[1] == "-" else int(parts[1].replace(",", "")) * 1000
            schemes.append({
                "id": f"cpr-qipp-1920-{len(schemes) + 1:02d}", "name": parts[0].replace("–", "-"),
                "programme": "QIPP 2019/20", "organisation": "castle_point_rochford",
                "owner": "", "status": STATUS[parts[2]], "year": "2019/20",
                "planned_net_saving_gbp": value, "forecast_net_saving_gbp": value,
                "investment_gbp": 0, "initiative": "",
                "source": "004 Finance - Castle Point & Rochford CCG, 2019/20 QIPP Projects "
                          "(Net QIPP Saving £000, Status); forecast = planned (derived: the "
                          "seed gives one figure)"})
    target = [{"id": "castle_point_rochford:2019-20", "organisation": "castle_point_rochford",
               "year": "2019/20", "target_gbp": 8264000, "headroom_pct": 20,
               "source": "004 QIPP Challenge - Castle Point & Rochford CCG: GBP8.3 million "
                         "gross QIPP target (3% of allocation); Summary of QIPP Schemes "
                         "GRAND TOTAL 8,264; Aspirational Headroom Target (20%) 1,653"}]
    return schemes, target


LHC = [  # 003 "Five initiatives" (net £m) and "System wide targets for three initiatives"
    ("frailty_eol", "Frailty and end of life", 4.9, 14.5, "three initiatives table: net "
     "GBP4.9M, invest GBP14.5M"),
    ("ltc", "Long term conditions", 2.4, 10.8, "three initiatives table: net GBP2.4M, invest "
     "GBP10.8M (with frailty: GBP7.3M against 'Complex care GBP7.4m' in the five "
     "initiatives table; the register follows the three initiatives table)"),
    ("specialty_pathway_redesign", "Specialty pathway redesign", 23.8, 21.6,
     "three initiatives table: net GBP23.8M, invest GBP21.6M"),
    ("common_offer", "Common offer in hospital", 7.5, 0, "five initiatives table: net "
     "GBP7.5m; no investment stated"),
    ("", "System-wide transformation (estates, commissioner efficiencies)", 9.6, 0,
     "five initiatives table: net GBP9.6m; no investment stated; no scenario initiative"),
    ("urgent_care", "Urgent and emergency care", 5.0, 0, "five initiatives table: net "
     "GBP5.0m; no investment stated"),
]


def lhc_schemes() -> list[dict]:
    """003's Local Health and Care initiatives as schemes delivering the scenario's initiatives."""
    return [{"id": f"lhc-{i + 1:02d}", "name": name, "programme": "Local Health and Care",
             "organisation": "mse_system", "owner": "", "status": "scoping", "year": "2020/21",
             "planned_net_saving_gbp": round(net * 1e6), "forecast_net_saving_gbp":
             round(net * 1e6), "investment_gbp": round(inv * 1e6), "initiative": ini,
             "source": f"003 {src}; status derived: the plan (October 2016) gives none, "
                       "so scoping"}
            for i, (ini, name, net, inv, src) in enumerate(LHC)]


CONSULTATION = [  # 002 "Timeline to public consultation"
    ("Options appraisal workshops", "2016-11-22", "2016-11-29", "22-29 November"),
    ("Clinical Senate #3", "2016-12-01", "2016-12-07", "1-7 December"),
    ("Sign off of PCBC by CCG and Acute boards", "2016-12-05", "2016-12-09", "w/c 5 December"),
    ("Regional checkpoint", "2016-12-15", "", "15 December"),
    ("NHSE Investment Committee", "2017-01-10", "", "10 January 2017"),
    ("Public consultation begins", "2017-01-30", "", "30 January 2017"),
]


def milestones() -> tuple[dict, list[dict]]:
    """002's timeline to public consultation as milestones of one scheme."""
    scheme = {"id": "pcbc-consultation", "name": "Pre-consultation business case and public "
              "consultation", "programme": "Engagement and consultation",
              "organisation": "mse_system", "owner": "", "status": "in_progress",
              "year": "2016/17", "planned_net_saving_gbp": 0, "forecast_net_saving_gbp": 0,
              "investment_gbp": 0, "initiative": "",
              "source": "002 Current status and timeline to delivery of public consultation"}
    rows = [{"id": f"M{i + 1:02d}", "scheme_id": scheme["id"], "name": name,
             "planned_date": start, "forecast_date": "", "actual_date": "", "status": "planned",
             "source": f"002 Timeline to public consultation: '{label}'"
                       + (f"; planned date = first day, window ends {end}" if end else "")}
            for i, (name, start, end, label) in enumerate(CONSULTATION)]
    return scheme, rows


def maturity() -> list[dict]:
    """003's locality phasing: the level each locality plans to reach, quarter by quarter."""
    text = seed("003")
    start = text.index("Locality implementation: phasing")
    rows = []
    ccg = ""
    for line in text[start:].splitlines()[6:]:
        cells = line.split("\t")
        if len(cells) != 22 or not re.match(r"^\d+ ", cells[1]):
            if rows:
                break
            continue
        ccg = CCG.get(cells[0].strip(), ccg)
        locality = slug(cells[1].split(" ", 1)[1])
        level = None
        for q, cell in zip(QUARTERS, cells[2:], strict=True):
            if cell.strip().startswith("Level"):
                level = int(cell.split()[1])
            if level is None:
                continue
            rows.append({
                "id": f"{locality}:{quarter_key(q)}", "locality": locality, "ccg": ccg,
                "quarter": q,
                "planned_level": level, "assessed_level": "",
                "investment_required": "true" if cell.strip() == "▲" else "false",
                "source": "003 Locality implementation: phasing; derived: a level holds from "
                          "the quarter its label starts in until the next label"})
    return rows


DEEP_DIVE = {  # 003 "Progress in developing locality models": enabler scores, in column order
    "workforce_capacity": ("2", "3", "3", "1", "1"),
    "practice_collaboration": ("2", "3", "2", "2", "1"),
    "joint_working": ("3", "2", "2", "3", "1"),
    "shared_information": ("3", "3", "3", "TBC", "2"),
    "risk_stratified_management": ("4", "3", "3", "2", "2"),
}
DEEP_DIVE_LOCALITIES = ("rayleigh", "brentwood", "southend_east_central", "tilbury", "dengie")


def enablers() -> list[dict]:
    """The five deep-dive localities' enabler scores (checked against 003's table text)."""
    text = seed("003")
    for enabler, scores in DEEP_DIVE.items():
        if "\t".join(scores) not in text:
            raise SystemExit(f"003 deep-dive scores for {enabler} not found: {scores}")
    return [{"id": f"{loc}:{enabler}:2016-17-q3", "locality": loc, "enabler": enabler,
             "assessed_quarter": "2016/17 Q3",
             "score": "" if scores[i] == "TBC" else scores[i], "measure": "",
             "source": "003 Progress in developing locality models (preliminary view); "
                       "quarter derived: the annex is dated October 2016"
                       + ("; published as TBC" if scores[i] == "TBC" else "")}
            for enabler, scores in DEEP_DIVE.items()
            for i, loc in enumerate(DEEP_DIVE_LOCALITIES)]


def main() -> None:
    """Write every register's seed CSV."""
    qipp_schemes, targets = qipp()
    consultation, milestone_rows = milestones()
    write("schemes", [*qipp_schemes, *lhc_schemes(), consultation])
    write("milestones", milestone_rows)
    write("risks", risks())
    write("maturity", maturity())
    write("enablers", enablers())
    write("qipp_targets", targets)


if __name__ == "__main__":
    main()
