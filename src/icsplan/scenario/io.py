"""Load, validate and save scenarios: a folder of YAML + CSV, or one Excel workbook.

`load_scenario("mse-2016")` loads a built-in scenario; any other argument is a folder path.
Every problem found is collected and raised together as a `ScenarioError`, each naming the
file, the line and the field, so a planner can fix a scenario in one pass.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.finance_schema import FINANCE_TABLES, finance_checks
from icsplan.scenario.schema import (
    BaselineRow,
    CcgRow,
    GrowthRow,
    Initiative,
    LocalityRow,
    ScenarioMeta,
    TargetRow,
    UnitCostRow,
    year_start,
)

BUILTIN_DIR = Path(__file__).parent / "builtin"


@dataclass(frozen=True)
class TableSpec:
    """A CSV table of a scenario: its file, row model and whether it must be present."""

    name: str
    model: type[BaseModel]
    required: bool = True
    label: str | None = None  # where problems say they are, if not "<name>.csv"

    @property
    def file(self) -> str:
        return self.label or f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return list(self.model.model_fields)


# The CSV tables of a scenario.  Other stages (finance, delivery) register theirs here too.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("ccgs", CcgRow),
        TableSpec("localities", LocalityRow),
        TableSpec("baseline", BaselineRow),
        TableSpec("growth", GrowthRow),
        TableSpec("unit_costs", UnitCostRow),
        TableSpec("targets", TargetRow, required=False),
    )
}
# Financial tables (optional, so scenarios without money stay valid).
TABLES.update({name: TableSpec(name, model, required=False)
               for name, model in FINANCE_TABLES.items()})

# Cross-table checks: each takes a scenario and returns problems.  Stages may append theirs.
CHECKS: list[Callable[[Scenario], list[Problem]]] = [finance_checks]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: its metadata, its tables (DataFrames) and its initiatives."""

    meta: ScenarioMeta
    tables: dict[str, pd.DataFrame]
    initiatives: tuple[Initiative, ...]
    path: Path | None = None
    published: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def years(self) -> list[str]:
        return self.meta.years

    def table(self, name: str) -> pd.DataFrame:
        """A table by name; an empty frame with the right columns when it is optional."""
        if name in self.tables:
            return self.tables[name]
        return pd.DataFrame(columns=TABLES[name].columns)

    @property
    def localities(self) -> pd.DataFrame:
        return self.tables["localities"]

    @property
    def baseline(self) -> pd.DataFrame:
        return self.tables["baseline"]

    def content_hash(self) -> str:
        """SHA-256 of the scenario's inputs, stable across machines and load paths."""
        h = hashlib.sha256()
        h.update(self.meta.model_dump_json().encode())
        for name in sorted(self.tables):
            h.update(name.encode())
            h.update(self.tables[name].to_csv(index=False, lineterminator="\n").encode())
        for ini in self.initiatives:
            h.update(ini.model_dump_json().encode())
        return h.hexdigest()

    def replace(self, **changes: object) -> Scenario:
        """A copy with some fields replaced (tables, initiatives, meta), re-validated."""
        values = {"meta": self.meta, "tables": self.tables, "initiatives": self.initiatives,
                  "path": self.path, "published": self.published, **changes}
        scenario = Scenario(**values)  # type: ignore[arg-type]
        problems = cross_check(scenario)
        if problems:
            raise ScenarioError(problems)
        return scenario


def builtin_names() -> list[str]:
    """Names of the scenarios shipped inside the package."""
    return sorted(
        yaml.safe_load((p / "scenario.yaml").read_text())["name"]
        for p in BUILTIN_DIR.iterdir()
        if (p / "scenario.yaml").is_file()
    )


def resolve(name_or_path: str | Path) -> Path:
    """The folder of a built-in scenario by name, or the given folder."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    builtin = BUILTIN_DIR / str(name_or_path).replace("-", "_")
    if (builtin / "scenario.yaml").is_file():
        return builtin
    known = ", ".join(builtin_names())
    raise ScenarioError([Problem(str(name_or_path), "no such scenario folder and no built-in "
                                 f"scenario of that name (built-in: {known})")])


def load_scenario(name_or_path: str | Path = "mse-2016") -> Scenario:
    """Load and validate a scenario folder (or a built-in scenario by name)."""
    folder = resolve(name_or_path)
    problems: list[Problem] = []
    meta = _load_meta(folder / "scenario.yaml", problems)
    tables: dict[str, pd.DataFrame] = {}
    for spec in TABLES.values():
        path = folder / spec.file
        if not path.is_file():
            if spec.required:
                problems.append(Problem(spec.file, "file is missing"))
            continue
        frame = _read_csv(path, spec, problems)
        if frame is not None:
            tables[spec.name] = frame
    initiatives = _load_initiatives(folder / "initiatives.yaml", problems)
    if problems or meta is None:
        raise ScenarioError(problems)
    published = {p.stem: pd.read_csv(p) for p in sorted((folder / "published").glob("*.csv"))}
    scenario = Scenario(meta=meta, tables=tables, initiatives=tuple(initiatives), path=folder,
                        published=published)
    problems = cross_check(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _load_meta(path: Path, problems: list[Problem]) -> ScenarioMeta | None:
    if not path.is_file():
        problems.append(Problem(path.name, "file is missing"))
        return None
    try:
        raw = yaml.safe_load(path.read_text()) or {}
        return ScenarioMeta.model_validate(raw)
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {exc}"))
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc, path.name, None))
    return None


def _read_csv(path: Path, spec: TableSpec, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        problems.append(Problem(spec.file, f"cannot be read as CSV: {exc}"))
        return None
    return validate_rows(raw, spec, problems)


def validate_rows(raw: pd.DataFrame, spec: TableSpec,
                  problems: list[Problem]) -> pd.DataFrame | None:
    """Validate each row of a raw (all-text) table; return it typed, or None if any is bad."""
    before = len(problems)
    fields = spec.model.model_fields
    required = [n for n, f in fields.items() if f.is_required()]
    for col in required:
        if col not in raw.columns:
            problems.append(Problem(spec.file, "required column is missing", field=col))
    for col in raw.columns:
        if col not in fields:
            problems.append(Problem(spec.file, f"unknown column (expected: {', '.join(fields)})",
                                    field=col))
    if len(problems) > before:
        return None
    rows = []
    for i, record in enumerate(raw.to_dict(orient="records")):
        values = {k: v for k, v in record.items() if not (v == "" and not fields[k].is_required())}
        try:
            rows.append(spec.model.model_validate(values).model_dump())
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, spec.file, i + 2))
    if len(problems) > before:
        return None
    return pd.DataFrame(rows, columns=list(fields))


def _pydantic_problems(exc: ValidationError, file: str, row: int | None) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or None
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field (is it misspelt?)"
        elif err["type"] == "literal_error":
            msg = f"{msg}; got '{err.get('input')}'"
        out.append(Problem(file, msg, row=row, field=loc))
    return out


def _load_initiatives(path: Path, problems: list[Problem]) -> list[Initiative]:
    if not path.is_file():
        return []
    try:
        raw = yaml.safe_load(path.read_text()) or []
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {exc}"))
        return []
    if not isinstance(raw, list):
        problems.append(Problem(path.name, "must be a list of initiatives"))
        return []
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(Initiative.model_validate(item))
        except ValidationError as exc:
            ident = item.get("id", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
            for p in _pydantic_problems(exc, path.name, None):
                out_field = f"{ident}.{p.field}" if p.field else str(ident)
                problems.append(Problem(path.name, p.message, field=out_field))
    return out


def cross_check(s: Scenario) -> list[Problem]:
    """Checks across tables: every reference resolves, every pod has growth and a cost."""
    problems: list[Problem] = []
    ccgs = set(s.tables["ccgs"]["ccg"])
    localities = set(s.localities["locality"])
    pods = set(s.meta.pods)

    def unknown(table: str, column: str, allowed: set[str], what: str) -> None:
        frame = s.table(table)
        for i, value in enumerate(frame[column]):
            if value and value not in allowed:
                problems.append(Problem(f"{table}.csv", f"unknown {what} '{value}'", row=i + 2,
                                        field=column))

    for table in ("ccgs", "localities"):
        dupes = s.tables[table][table[:-1] if table == "ccgs" else "locality"]
        for value in dupes[dupes.duplicated()]:
            problems.append(Problem(f"{table}.csv", f"'{value}' is listed more than once"))
    unknown("localities", "ccg", ccgs, "ccg")
    for table in ("baseline", "growth", "targets"):
        unknown(table, "locality", localities, "locality")
    for table in ("baseline", "growth", "unit_costs", "targets"):
        unknown(table, "pod", pods, "pod (not in scenario.yaml pods)")

    base = s.baseline
    dup = base.duplicated(["locality", "pod", "age_band", "segment"], keep="first")
    for i in base.index[dup]:
        problems.append(Problem("baseline.csv", "this locality/pod/age band/segment cell is "
                                "given twice", row=int(i) + 2))
    system_growth = set(s.tables["growth"].query("locality == ''")["pod"])
    for pod in sorted(pods - system_growth):
        problems.append(Problem("growth.csv", f"no system growth rate for pod '{pod}' "
                                "(add a row with an empty locality)"))
    for pod in sorted(pods - set(s.tables["unit_costs"]["pod"])):
        problems.append(Problem("unit_costs.csv", f"no unit cost for pod '{pod}'"))

    years = s.meta.years
    ids = [i.id for i in s.initiatives]
    for ident in {x for x in ids if ids.count(x) > 1}:
        problems.append(Problem("initiatives.yaml", "initiative id is used more than once",
                                field=ident))
    for ini in s.initiatives:
        for label in ini.phasing:
            if label not in years:
                problems.append(Problem("initiatives.yaml", f"phasing year {label} is outside "
                                        f"{years[0]}-{years[-1]}", field=f"{ini.id}.phasing"))
        missing = [y for y in years[1:] if y not in ini.phasing]
        if missing:
            problems.append(Problem("initiatives.yaml", "phasing gives no share for "
                                    + ", ".join(missing), field=f"{ini.id}.phasing"))
        for k, eff in enumerate(ini.effects):
            where = f"{ini.id}.effects.{k}"
            if eff.pod not in pods:
                problems.append(Problem("initiatives.yaml", f"unknown pod '{eff.pod}' (not in "
                                        "scenario.yaml pods)", field=f"{where}.pod"))
            elif eff.locality_allocation == "targets" and eff.pod not in set(
                    s.table("targets")["pod"]):
                problems.append(Problem("initiatives.yaml", "locality_allocation is 'targets' "
                                        f"but targets.csv has no rows for pod '{eff.pod}'",
                                        field=f"{where}.locality_allocation"))
            for loc in eff.localities:
                if loc not in localities:
                    problems.append(Problem("initiatives.yaml", f"unknown locality '{loc}'",
                                            field=f"{where}.localities"))
    total = {}
    for ini in s.initiatives:
        for eff in ini.effects:
            total[eff.pod] = total.get(eff.pod, 0.0) + eff.reduction_pct
    for pod, pct in total.items():
        if pct > 100:
            problems.append(Problem("initiatives.yaml", f"initiatives remove {pct:.1f}% of "
                                    f"'{pod}' momentum in all; the total cannot exceed 100%"))
    for check in CHECKS:
        problems.extend(check(s))
    return problems


def save_scenario(s: Scenario, folder: str | Path) -> Path:
    """Write a scenario as a folder of YAML + CSV that `load_scenario` reads back."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(
        yaml.safe_dump(s.meta.model_dump(), sort_keys=False, allow_unicode=True))
    for name, frame in s.tables.items():
        frame.to_csv(folder / TABLES[name].file, index=False, lineterminator="\n")
    (folder / "initiatives.yaml").write_text(yaml.safe_dump(
        [i.model_dump(exclude_defaults=True) for i in s.initiatives], sort_keys=False,
        allow_unicode=True))
    if s.published:
        (folder / "published").mkdir(exist_ok=True)
        for name, frame in s.published.items():
            frame.to_csv(folder / "published" / f"{name}.csv", index=False, lineterminator="\n")
    return folder


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
            problems.extend(_pydantic_problems(exc, f"{path.name} [scenario]", None))
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
            for p in _pydantic_problems(exc, f"{path.name} [initiatives]", None):
                problems.append(Problem(p.file, p.message, field=f"{ident}.{p.field}"))
    if problems or meta is None:
        raise ScenarioError(problems)
    scenario = Scenario(meta=meta, tables=tables, initiatives=tuple(initiatives), path=None)
    problems = cross_check(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


__all__ = ["Scenario", "TABLES", "TableSpec", "builtin_names", "export_excel", "import_excel",
           "load_scenario", "save_scenario", "year_start"]
