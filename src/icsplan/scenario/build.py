"""Build, then check, then use: the one place a scenario is made from its parts and
validated — row by row against the row models, then across tables by the named rules.

The folder reader, the workbook reader and the app's levers all call `build_scenario`;
each turns the problems it raises (located by table, row key and field) into what its user
sees.  `Scenario` itself is a plain value that knows no rules.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from icsplan.errors import Problem
from icsplan.scenario.errors import ScenarioError
from icsplan.scenario.forensics_schema import published_reader_options
from icsplan.scenario.model import Scenario
from icsplan.scenario.rules import RULES
from icsplan.scenario.schema import Initiative, ScenarioMeta
from icsplan.scenario.tables import TABLES
from icsplan.scenario.validate import pydantic_problems, validate_published, validate_rows


@dataclass(frozen=True)
class Text:
    """A table as read from a file or sheet: all text, "" for an empty cell; `build_scenario`
    validates it against its row model and types it."""

    frame: pd.DataFrame


def build_scenario(meta: ScenarioMeta | Mapping[str, object] | None,
                   tables: Mapping[str, pd.DataFrame | Text],
                   initiatives: Sequence[Initiative | Mapping[str, object]] = (),
                   published: Mapping[str, pd.DataFrame | Text] | None = None,
                   path: Path | None = None, found: Sequence[Problem] = ()) -> Scenario:
    """A validated scenario from its parts, or a `ScenarioError` listing every problem.

    Parts given as read (a mapping for the metadata and each initiative, `Text` for a
    table) are validated against their row models; typed parts (from a scenario already
    built) are taken as they are.  `found` are problems the caller met while reading; the
    rules across tables run only when the parts themselves are valid.
    """
    problems = list(found)
    typed_meta = _meta(meta, problems)
    typed = {name: frame for name, frame in
             ((name, _table(name, frame, problems)) for name, frame in tables.items())
             if frame is not None}
    typed_initiatives = [ini for k, item in enumerate(initiatives)
                         if (ini := _initiative(item, k, problems)) is not None]
    own = _own_published(published or {})
    typed_published = {name: frame for name, frame in
                       ((name, _published(name, frame, problems, own))
                        for name, frame in (published or {}).items()) if frame is not None}
    if problems or typed_meta is None:
        raise ScenarioError(problems)
    scenario = Scenario(meta=typed_meta, tables=typed, initiatives=tuple(typed_initiatives),
                        path=path, published=typed_published)
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def check_scenario(s: Scenario) -> list[Problem]:
    """Every problem the rules across tables find in a scenario, in the order of `RULES`."""
    return [p for rule in RULES for p in rule(s)]


def revise(s: Scenario, **changes: object) -> Scenario:
    """A copy of `s` with some parts replaced (tables, initiatives, meta, ...), checked by
    the rules; `ScenarioError` when it breaks one."""
    scenario = s.replace(**changes)
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _meta(meta: ScenarioMeta | Mapping[str, object] | None,
          problems: list[Problem]) -> ScenarioMeta | None:
    if meta is None or isinstance(meta, ScenarioMeta):
        return meta
    try:
        return ScenarioMeta.model_validate(dict(meta))
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, "scenario", None))
    return None


def _table(name: str, frame: pd.DataFrame | Text, problems: list[Problem]) -> pd.DataFrame | None:
    if isinstance(frame, Text):
        return validate_rows(frame.frame, TABLES[name], problems)
    return frame


def _initiative(item: Initiative | Mapping[str, object], k: int,
                problems: list[Problem]) -> Initiative | None:
    if isinstance(item, Initiative):
        return item
    try:
        return Initiative.model_validate(item)
    except ValidationError as exc:
        ident = item.get("id", f"#{k + 1}") if isinstance(item, Mapping) else f"#{k + 1}"
        problems.extend(pydantic_problems(exc, "initiatives", str(ident)))
    return None


def _own_published(published: Mapping[str, pd.DataFrame | Text]) -> set[str]:
    """The published tables a scenario's reconcile.csv reads by name (`published:<name>` in
    its over, published_from or output columns): a plan's own tables, with no row model."""
    spec = published.get("reconcile")
    frame = spec.frame if isinstance(spec, Text) else spec
    if frame is None:
        return set()
    cells = [str(v) for col in ("over", "published_from", "output") if col in frame.columns
             for v in frame[col]]
    return {c.split(":", 1)[1].strip() for c in cells if c.startswith("published:")}


def _published(name: str, frame: pd.DataFrame | Text, problems: list[Problem],
               own: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame | None:
    if not isinstance(frame, Text):
        return frame
    if not validate_published(name, frame.frame, problems, own):
        return None
    # through CSV text, so the table is typed exactly as `pd.read_csv` types a file (the
    # forensic tables stay text: figures are kept as printed)
    text = frame.frame.to_csv(index=False, lineterminator="\n")
    return pd.read_csv(io.StringIO(text), **published_reader_options(name))
