"""Scenarios as one Excel workbook: a sheet per table, editable by planners, read back and
validated like a folder."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from icsplan.scenario.checks import cross_check
from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import Initiative, ScenarioMeta
from icsplan.scenario.tables import TABLES, TableSpec
from icsplan.scenario.validate import pydantic_problems, validate_rows


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def export_excel(s: Scenario, path: str | Path) -> Path:
    """Write the scenario's inputs to one workbook: a sheet per table, editable in Excel."""
    path = Path(path)
    meta = s.meta.model_dump()
    meta_rows = [("name", meta["name"]), ("title", meta["title"]),
                 ("description", meta["description"]), ("base_year", meta["base_year"]),
                 ("horizon", meta["horizon"]), ("pods", ", ".join(meta["pods"]))]
    meta_rows += [(f"source:{k}", v) for k, v in meta["sources"].items()]
    initiatives, effects, phasing = [], [], []
    for ini in s.initiatives:
        initiatives.append({"id": ini.id, "name": ini.name, "programme": ini.programme,
                            "source": ini.source, "assumptions": "\n".join(ini.assumptions)})
        for eff in ini.effects:
            d = eff.model_dump()
            for key in ("age_bands", "segments", "localities"):
                d[key] = ", ".join(d[key])
            effects.append({"initiative": ini.id, **d})
        phasing += [{"initiative": ini.id, "year": y, "share": v} for y, v in ini.phasing.items()]
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        pd.DataFrame(meta_rows, columns=["key", "value"]).to_excel(
            writer, sheet_name="scenario", index=False)
        for name, frame in s.tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        pd.DataFrame(initiatives).to_excel(writer, sheet_name="initiatives", index=False)
        pd.DataFrame(effects).to_excel(writer, sheet_name="effects", index=False)
        pd.DataFrame(phasing).to_excel(writer, sheet_name="phasing", index=False)
        for sheet in writer.sheets.values():
            sheet.set_column(0, 12, 18)
    return path


def import_excel(path: str | Path) -> Scenario:
    """Read a workbook written by `export_excel` (perhaps edited) back into a scenario."""
    path = Path(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as exc:
        raise ScenarioError([Problem(path.name, f"cannot be read as a workbook: {exc}")]) from exc
    problems: list[Problem] = []
    meta = None
    if "scenario" not in sheets:
        problems.append(Problem(path.name, "sheet 'scenario' is missing"))
    else:
        kv = dict(zip(sheets["scenario"]["key"], sheets["scenario"]["value"], strict=True))
        raw = {k: v for k, v in kv.items() if not k.startswith("source:")}
        raw["pods"] = [p.strip() for p in raw.get("pods", "").split(",") if p.strip()]
        raw["sources"] = {k.split(":", 1)[1]: v for k, v in kv.items() if k.startswith("source:")}
        try:
            meta = ScenarioMeta.model_validate(raw)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, f"{path.name} [scenario]", None))
    tables = {}
    for spec in TABLES.values():
        if spec.name not in sheets:
            if spec.required:
                problems.append(Problem(path.name, f"sheet '{spec.name}' is missing"))
            continue
        frame = validate_rows(sheets[spec.name], TableSpec(
            spec.name, spec.model, label=f"{path.name} [{spec.name}]"), problems)
        if frame is not None:
            tables[spec.name] = frame
    initiatives = []
    effects = sheets.get("effects", pd.DataFrame(columns=["initiative"]))
    phasing = sheets.get("phasing", pd.DataFrame(columns=["initiative", "year", "share"]))
    for row in sheets.get("initiatives", pd.DataFrame()).to_dict(orient="records"):
        ident = row.get("id", "")
        effs = []
        for e in effects[effects["initiative"] == ident].to_dict(orient="records"):
            e.pop("initiative")
            for key in ("age_bands", "segments", "localities"):
                e[key] = [x.strip() for x in str(e.get(key, "")).split(",") if x.strip()]
            effs.append(e)
        item = {**{k: _clean(v) for k, v in row.items() if k != "assumptions"},
                "assumptions": [a for a in str(row.get("assumptions", "")).split("\n") if a],
                "effects": effs,
                "phasing": {r["year"]: r["share"] for r in
                            phasing[phasing["initiative"] == ident].to_dict(orient="records")}}
        try:
            initiatives.append(Initiative.model_validate(item))
        except ValidationError as exc:
            for p in pydantic_problems(exc, f"{path.name} [initiatives]", None):
                problems.append(Problem(p.file, p.message, field=f"{ident}.{p.field}"))
    if problems or meta is None:
        raise ScenarioError(problems)
    scenario = Scenario(meta=meta, tables=tables, initiatives=tuple(initiatives), path=None)
    problems = cross_check(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario
