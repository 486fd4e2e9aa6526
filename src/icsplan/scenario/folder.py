"""Scenario folders: find built-in scenarios, load and validate a folder of YAML + CSV,
and save a scenario back as one.

`load_scenario("mse-2016")` loads a built-in scenario; any other argument is a folder path.
Every problem found is collected and raised together as a `ScenarioError`, each naming the
file, the line and the field, so a planner can fix a scenario in one pass.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import yaml

from icsplan.safety.cells import unescape_frame
from icsplan.safety.inputs import encoding_problem, load_yaml, table_problems
from icsplan.scenario.build import Text, build_scenario
from icsplan.scenario.errors import Problem, ScenarioError
from icsplan.scenario.model import Scenario
from icsplan.scenario.tables import DEMAND_MODEL, TABLES

BUILTIN_DIR = Path(__file__).parent / "builtin"
FIRST_DATA_LINE = 2  # line 1 of a CSV file is its header


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
    tables: dict[str, Text] = {}
    for spec in TABLES.values():
        path = folder / spec.file
        if not path.is_file():
            if spec.required:
                problems.append(Problem(spec.file, "file is missing"))
            continue
        # a demand-model table that is given must have rows (the model needs all four)
        raw = _read_text(path, spec.file, problems, spec.required or spec.name in DEMAND_MODEL)
        if raw is not None:
            tables[spec.name] = Text(raw)
    initiatives = _load_initiatives(folder / "initiatives.yaml", problems)
    published = {}
    for path in sorted((folder / "published").glob("*.csv")):
        raw = _read_text(path, f"published/{path.name}", problems)
        if raw is not None:
            published[path.stem] = Text(raw)
    try:
        return build_scenario(meta, tables, initiatives, published, path=folder,
                              found=problems)
    except ScenarioError as exc:
        raise ScenarioError([in_folder(p) for p in exc.problems]) from None


def in_folder(p: Problem) -> Problem:
    """A problem located by table, row key and field, said as a folder's file, line and
    field (the header is line 1 of a CSV file; an initiative's fields are `<id>.<path>`)."""
    if p.table is None:
        return p
    if p.table == "initiatives":
        where = ".".join(str(x) for x in (p.key, p.field) if x is not None)
        return replace(p, file="initiatives.yaml", field=where or None)
    if p.table == "scenario":
        return replace(p, file="scenario.yaml")
    row = p.key + FIRST_DATA_LINE if isinstance(p.key, int) else None
    return replace(p, file=f"{p.table}.csv", row=row)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _load_meta(path: Path, problems: list[Problem]) -> dict | None:
    if not path.is_file():
        problems.append(Problem(path.name, "file is missing"))
        return None
    before = len(problems)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), path.name, problems)
        if len(problems) > before:
            return None
        raw = raw or {}
    except UnicodeDecodeError:
        problems.append(Problem(path.name, "is not UTF-8 text; save it as UTF-8"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {_first_line(exc)}"))
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(path.name, "must be a mapping of keys to values (name, "
                                "title, base_year, horizon, pods, ...)"))
        return None
    return raw


def _read_text(path: Path, file: str, problems: list[Problem],
               required: bool | None = None) -> pd.DataFrame | None:
    """A CSV file as text ("" for an empty cell, cells escaped on writing restored by
    `safety.cells.unescape_frame`), or None with a problem.  A scenario table (`required`
    given) is first checked for its encoding and then as a table (`safety.inputs`): each
    mistake is one plain problem."""
    if required is not None and (wrong := encoding_problem(path, file)) is not None:
        problems.append(wrong)
        return None
    try:
        raw = unescape_frame(pd.read_csv(path, dtype=object, keep_default_na=False))
    except UnicodeDecodeError:
        problems.append(Problem(file, "is not UTF-8 text; save it as CSV UTF-8"))
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(file, f"cannot be read as CSV: {_first_line(exc)}"))
        return None
    if required is None:
        return raw
    raw, found = table_problems(raw, file, required)
    problems += found
    return None if found else raw


def _load_initiatives(path: Path, problems: list[Problem]) -> list:
    if not path.is_file():
        return []
    before = len(problems)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), path.name, problems)
        if len(problems) > before:
            return []
        raw = raw or []
    except UnicodeDecodeError:
        problems.append(Problem(path.name, "is not UTF-8 text; save it as UTF-8"))
        return []
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {_first_line(exc)}"))
        return []
    if not isinstance(raw, list):
        problems.append(Problem(path.name, "must be a list of initiatives"))
        return []
    return raw


def save_scenario(s: Scenario, folder: str | Path, replace: bool = False,
                  validate: bool = True) -> Path:
    """Write a scenario as a folder of YAML + CSV that `load_scenario` reads back.

    The files are written to a new folder beside `folder`, read back and validated, and only
    then swapped in by rename (`safety.folders.swap_in`).  An existing folder is replaced only
    with `replace`, and only when it holds a scenario and nothing else
    (`safety.folders.replaceable_folder_problems`); the current folder, its parents, the home
    folder and `/` are never replaced.
    """
    from icsplan.safety.folders import staging_for, swap_in

    folder = Path(folder)
    check_destination(folder, replace)
    staging = staging_for(folder)
    try:
        _write_folder(s, staging)
        if validate:
            load_scenario(staging)  # validated as written, before it replaces anything
        swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def check_destination(folder: Path, replace: bool) -> None:
    """Refuse a folder a scenario may not be written to (see `save_scenario`), before any
    work is done."""
    from icsplan.safety.folders import (
        protected_folder_problems,
        refuse,
        replaceable_folder_problems,
    )

    if folder.exists() and not folder.is_dir():
        refuse([Problem(str(folder), "is a file; give a folder for the scenario")],
               "Cannot write the scenario")
    if folder.is_dir() and any(folder.iterdir()):
        if not replace:
            refuse([Problem(str(folder), "the folder already holds files; give a new folder, "
                            "or --force to replace a scenario folder")],
                   "Cannot write the scenario")
        problems = replaceable_folder_problems(folder, scenario_entries(), "the folder",
                                               "a scenario")
        if not problems and not (folder / "scenario.yaml").is_file():
            problems = [Problem(str(folder), "holds no scenario.yaml, so it is not a scenario "
                                "folder; icsplan replaces only a scenario folder")]
        problems += _published_problems(folder)
        refuse(problems, "Cannot replace the folder")
    else:
        refuse(protected_folder_problems(folder, "the folder"), "Cannot write the scenario")


def scenario_entries() -> set[str]:
    """The names a scenario folder may hold: its YAML files, its tables, `published/`."""
    return {"scenario.yaml", "initiatives.yaml", "published",
            *(spec.file for spec in TABLES.values())}


def _published_problems(folder: Path) -> list[Problem]:
    published = folder / "published"
    if not published.exists():
        return []
    if not published.is_dir():
        return [Problem(str(published), "is not a folder of published tables")]
    other = sorted(p.name for p in published.iterdir() if p.suffix != ".csv" or p.is_dir())
    if other:
        return [Problem(str(published), f"holds files that are not published tables "
                        f"({', '.join(other[:3])}); icsplan replaces only a scenario folder")]
    return []


def _write_folder(s: Scenario, folder: Path) -> None:
    from icsplan.safety.cells import csv_text

    (folder / "scenario.yaml").write_text(
        yaml.safe_dump(s.meta.model_dump(), sort_keys=False, allow_unicode=True),
        encoding="utf-8")
    for name, frame in s.tables.items():
        (folder / TABLES[name].file).write_text(csv_text(frame), encoding="utf-8")
    (folder / "initiatives.yaml").write_text(yaml.safe_dump(
        [i.model_dump(exclude_defaults=True) for i in s.initiatives], sort_keys=False,
        allow_unicode=True), encoding="utf-8")
    if s.published:
        (folder / "published").mkdir(exist_ok=True)
        for name, frame in s.published.items():
            (folder / "published" / f"{name}.csv").write_text(csv_text(frame),
                                                              encoding="utf-8")
