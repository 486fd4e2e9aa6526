"""Scenario folders: find built-in scenarios, load and validate a folder of YAML + CSV,
and save a scenario back as one.

`load_scenario("mse-2016")` loads a built-in scenario; any other argument is a folder path.
Every problem found is collected and raised together as a `ScenarioError`, each naming the
file, the line and the field, so a planner can fix a scenario in one pass.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from pydantic import ValidationError

from icsplan.scenario.checks import cross_check
from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.forensics_schema import published_reader_options
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import Initiative, ScenarioMeta
from icsplan.scenario.tables import TABLES, TableSpec
from icsplan.scenario.validate import pydantic_problems, validate_published, validate_rows

BUILTIN_DIR = Path(__file__).parent / "builtin"


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
    published = _load_published(folder / "published", problems)
    if problems or meta is None:
        raise ScenarioError(problems)
    scenario = Scenario(meta=meta, tables=tables, initiatives=tuple(initiatives), path=folder,
                        published=published)
    problems = cross_check(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _load_published(folder: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """The published tables (any columns; checked against the scenario by `checks`)."""
    out = {}
    for path in sorted(folder.glob("*.csv")):
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame = pd.read_csv(path, **published_reader_options(path.stem))
        except UnicodeDecodeError:
            problems.append(Problem(f"published/{path.name}", "is not UTF-8 text; save it as "
                                    "CSV UTF-8"))
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            problems.append(Problem(f"published/{path.name}", "cannot be read as CSV: "
                                    f"{_first_line(exc)}"))
            continue
        before = len(problems)
        validate_published(path.stem, raw, problems)
        if len(problems) == before:
            out[path.stem] = frame
    return out


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _load_meta(path: Path, problems: list[Problem]) -> ScenarioMeta | None:
    if not path.is_file():
        problems.append(Problem(path.name, "file is missing"))
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            problems.append(Problem(path.name, "must be a mapping of keys to values (name, "
                                    "title, base_year, horizon, pods, ...)"))
            return None
        return ScenarioMeta.model_validate(raw)
    except UnicodeDecodeError:
        problems.append(Problem(path.name, "is not UTF-8 text; save it as UTF-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {_first_line(exc)}"))
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, path.name, None))
    return None


def _read_csv(path: Path, spec: TableSpec, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except UnicodeDecodeError:
        problems.append(Problem(spec.file, "is not UTF-8 text; save it as CSV UTF-8"))
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(spec.file, f"cannot be read as CSV: {_first_line(exc)}"))
        return None
    return validate_rows(raw, spec, problems)


def _load_initiatives(path: Path, problems: list[Problem]) -> list[Initiative]:
    if not path.is_file():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except UnicodeDecodeError:
        problems.append(Problem(path.name, "is not UTF-8 text; save it as UTF-8"))
        return []
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {_first_line(exc)}"))
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
            for p in pydantic_problems(exc, path.name, None):
                out_field = f"{ident}.{p.field}" if p.field else str(ident)
                problems.append(Problem(path.name, p.message, field=out_field))
    return out


def save_scenario(s: Scenario, folder: str | Path, replace: bool = False) -> Path:
    """Write a scenario as a folder of YAML + CSV that `load_scenario` reads back.

    The files are written to a staging folder beside `folder` and moved into place only when
    all succeeded; with `replace`, an existing folder is replaced whole.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".icsplan-scenario-", dir=folder.parent))
    try:
        _write_folder(s, staging)
        if folder.exists() and replace:
            shutil.rmtree(folder)
        if folder.exists():
            for path in staging.iterdir():
                shutil.move(str(path), folder / path.name)
        else:
            staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _write_folder(s: Scenario, folder: Path) -> None:
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
