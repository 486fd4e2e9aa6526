"""Derive the mse-2019 register seed (src/icsplan/register/seeds/mse_2019/) from the built-in
mse-2019 scenario, so the register and the scenario say the same thing.

    .venv/bin/python scripts/derive_register_seed_2019.py [OUT_FOLDER]

Programmes come from programmes.csv; each project of programme_milestones.csv becomes a
scheme of its programme, each dated milestone a milestone of that scheme (planned date: the
last day of its due quarter; undated ones stay in the scenario only); risks come unrated
from programme_risks.csv; KPIs from kpi_measures.csv; CP&R's QIPP schemes (qipp_schemes.csv)
form the programme qipp_cpr, with its QIPP target.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from icsplan.register.transfer import columns
from icsplan.scenario.folder import load_scenario
from icsplan.scenario.programme_schema import quarter_start

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/icsplan/register/seeds/mse_2019"
QIPP_PROGRAMME = {"castle_point_rochford": "qipp_cpr"}
SCOPE_ORG = "stp"  # a system-wide programme's organisation
JOINT_ORG = "south_east_essex"  # derived: the plan's name for the two CCGs together


def slug(text: str, length: int = 40) -> str:
    """A short lower-case key from free text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:length].strip("-")


def quarter_end(label: str) -> str:
    """The last day of a quarter, ISO: "2019/20 Q1" -> "2019-06-30"."""
    year, q = quarter_start(label)
    month = 4 + 3 * (q - 1) + 2
    end = pd.Period(year=year + (month > 12), month=(month - 1) % 12 + 1, freq="M")
    return end.end_time.date().isoformat()


def derive(out: Path) -> dict[str, int]:
    """Write every register file of the seed; the number of rows of each."""
    s = load_scenario("mse-2019")
    programmes = s.table("programmes")
    names = dict(zip(programmes["programme"], programmes["name"], strict=True))
    orgs = {p: (JOINT_ORG if ";" in c else c or SCOPE_ORG)
            for p, c in zip(programmes["programme"], programmes["ccgs"], strict=True)}
    tables: dict[str, list[dict]] = {k: [] for k in ("programmes", "schemes", "milestones",
                                                      "risks", "kpis", "qipp_targets")}
    for p in programmes.itertuples(index=False):
        tables["programmes"].append({"id": p.programme, "name": p.name, "area": p.area,
                                     "scope": p.scope, "ccgs": p.ccgs, "lead": p.lead,
                                     "objective": p.objective, "source": p.source})
    ms = s.table("programme_milestones")
    seen: dict[tuple[str, str], str] = {}
    for i, m in enumerate(ms.itertuples(index=False), start=1):
        key = (m.programme, m.project)
        if key not in seen:
            seen[key] = f"{m.programme}:{slug(m.project)}"
            tables["schemes"].append({
                "id": seen[key], "name": m.project, "programme": names[m.programme],
                "organisation": orgs[m.programme], "status": "in_progress", "year": "2019/20",
                "programme_id": m.programme,
                "source": f"{m.source}; status derived: a project of the plan as it starts "
                          "(2019/20), its savings are the programme's (programme_finance.csv)"})
        if m.due_quarter:
            tables["milestones"].append({
                "id": f"{m.programme}:m{i:03d}", "scheme_id": seen[key],
                "name": m.milestone, "planned_date": quarter_end(m.due_quarter),
                "status": "planned",
                "source": f"{m.source}; as printed '{m.as_printed}'; planned date derived: the "
                          f"last day of {m.due_quarter}" + (f"; {m.reading}" if m.reading
                                                             else "")})
    for r in s.table("programme_risks").itertuples(index=False):
        tables["risks"].append({"id": f"{r.programme}:{r.risk}", "category": names[r.programme],
                                "description": r.description, "programme_id": r.programme,
                                "source": r.source})
    for k in s.table("kpi_measures").itertuples(index=False):
        tables["kpis"].append({"id": f"{k.measure}:{k.org}", "programme_id": k.programme,
                               "measure": k.measure, "org": k.org, "name": k.name,
                               "unit": k.unit,
                               "improvement_direction": k.improvement_direction,
                               "source": k.source})
    for n, q in enumerate(s.table("qipp_schemes").itertuples(index=False), start=1):
        programme = QIPP_PROGRAMME[q.org]
        tables["schemes"].append({
            "id": f"{programme}:{n:02d}", "name": q.scheme, "programme": names[programme],
            "organisation": q.org, "status": q.status, "year": q.year,
            "planned_net_saving_gbp": q.value_gbp, "forecast_net_saving_gbp": q.value_gbp,
            "programme_id": programme,
            "source": f"{q.source}; forecast = planned (derived: the seed gives one figure)"})
    for t in s.table("qipp_targets").itertuples(index=False):
        tables["qipp_targets"].append({"id": f"{t.org}:{t.year.replace('/', '-')}",
                                       "organisation": t.org, "year": t.year,
                                       "target_gbp": t.target_gbp,
                                       "headroom_pct": t.headroom_pct, "source": t.source})
    out.mkdir(parents=True, exist_ok=True)
    for register, rows in tables.items():
        frame = pd.DataFrame(rows, columns=[c for c in columns(register) if c != "version"])
        frame.to_csv(out / f"{register}.csv", index=False, lineterminator="\n")
    return {k: len(v) for k, v in tables.items()}


if __name__ == "__main__":
    print(derive(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
