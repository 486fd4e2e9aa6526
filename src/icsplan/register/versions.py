"""Saved what-if scenarios: save, list, load and compare versions (the web app's API).

A version stores the scenario as its folder files (scenario.yaml, CSVs, initiatives.yaml) in
one JSON document, the SHA-256 of that document, its parent version, author, message and
time. Each scenario name has a linear history: a save names the version it started from
(`parent_id`), and is refused with `StaleVersionError` when someone saved a newer version of
that scenario in the meantime (optimistic concurrency; the unique (name, seq) index settles
two saves racing for the same slot).

    with transaction(engine, author="alice") as session:
        v = save_version(session, scenario, parent_id=None, author="alice", message="base")
    versions = list_versions(session, "mse-2016")
    scenario = load_version(session, v.id)

A version also keeps the what-if levers it was saved with (investment level included), so the
app reopens it as it was; `branch_version` starts a new named scenario from any version (its
first version's parent is that version, so the history is a tree: `family`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icsplan.errors import Problem
from icsplan.register.models import AuditEntry, ScenarioVersion, utc_now
from icsplan.register.rows import RegisterInputError


class StaleVersionError(Exception):
    """A save based on a version that is no longer the newest of its scenario."""


class VersionNotFoundError(RegisterInputError):
    """A version id that is not in the store."""


@dataclass(frozen=True)
class VersionInfo:
    """A saved version without its content (for lists and history views)."""

    id: int
    name: str
    seq: int
    parent_id: int | None
    content_hash: str
    author: str
    message: str
    created_at: dt.datetime
    levers: dict | None = None  # the what-if levers it was saved with, if saved from them


def scenario_files(scenario) -> dict[str, str]:
    """A scenario's folder files (relative path -> text), as `save_scenario` writes them."""
    from icsplan.scenario import save_scenario

    with tempfile.TemporaryDirectory() as tmp:
        folder = save_scenario(scenario, Path(tmp) / "scenario", validate=False)
        return {p.relative_to(folder).as_posix(): p.read_text()
                for p in sorted(folder.rglob("*")) if p.is_file()}


def content_of(files: dict[str, str]) -> tuple[str, str]:
    """The canonical JSON document of a scenario's files and its SHA-256."""
    content = json.dumps(files, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return content, hashlib.sha256(content.encode()).hexdigest()


def _info(v: ScenarioVersion) -> VersionInfo:
    return VersionInfo(v.id, v.name, v.seq, v.parent_id, v.content_hash, v.author, v.message,
                       v.created_at, json.loads(v.levers) if v.levers else None)


def _newer(session: Session, name: str, after_seq: int) -> str:
    rows = session.scalars(select(ScenarioVersion).where(
        ScenarioVersion.name == name, ScenarioVersion.seq > after_seq
    ).order_by(ScenarioVersion.seq))
    return "; ".join(f"version {v.id} by {v.author} at {v.created_at:%Y-%m-%d %H:%M} "
                     f"({v.message or 'no message'})" for v in rows)


def save_version(session: Session, scenario, parent_id: int | None, author: str,
                 message: str = "", levers: dict | None = None,
                 files: dict[str, str] | None = None) -> VersionInfo:
    """Save `scenario` as a new version on top of `parent_id` (None for its first version),
    with the what-if `levers` it was made with (a JSON-able dict), if any.  The author and
    message are checked first (length, control characters)."""
    _check_fields(author, message)
    name = scenario.name
    head = session.scalar(select(func.max(ScenarioVersion.seq))
                          .where(ScenarioVersion.name == name)) or 0
    parent_seq = 0
    if parent_id is not None:
        parent = session.get(ScenarioVersion, parent_id)
        if parent is None or parent.name != name:
            raise VersionNotFoundError([Problem("parent_id", f"is not a saved version of "
                                                f"scenario '{name}'", value=parent_id)])
        parent_seq = parent.seq
    if parent_seq != head:
        raise StaleVersionError(
            f"scenario '{name}' has newer versions than the one your change is based on: "
            f"{_newer(session, name, parent_seq)}. Nothing was saved; load the newest version "
            f"and make your change again.")
    return _insert(session, scenario, head + 1, parent_id, author, message, levers, files)


def _check_fields(author: str, message: str) -> None:
    """Refuse an over-long or garbled author or message before anything is written."""
    from icsplan.safety.fields import version_field_problems

    problems = version_field_problems(author, message)
    if problems:
        raise RegisterInputError([Problem("version", p) for p in problems],
                                 title="Nothing was saved")


def branch_version(session: Session, scenario, from_id: int | None, author: str,
                   message: str = "", levers: dict | None = None) -> VersionInfo:
    """Start a new named scenario (`scenario.name`, which must have no versions yet) from the
    saved version `from_id` (None: from the scenario as published): its first version names
    `from_id` as its parent, so the history is a tree."""
    _check_fields(author, message)
    name = scenario.name
    if session.scalar(select(func.count()).select_from(ScenarioVersion)
                      .where(ScenarioVersion.name == name)):
        raise VersionNotFoundError([Problem("scenario name", "is already taken by a saved "
                                            "scenario; choose another name", value=name)])
    if from_id is not None and session.get(ScenarioVersion, from_id) is None:
        raise VersionNotFoundError([Problem("version", "is not a saved version",
                                            value=from_id)])
    return _insert(session, scenario, 1, from_id, author, message, levers)


def _insert(session: Session, scenario, seq: int, parent_id: int | None, author: str,  # noqa: PLR0913  (one version's parts)
            message: str, levers: dict | None,
            files: dict[str, str] | None = None) -> VersionInfo:
    name = scenario.name
    content, digest = content_of(files if files is not None else scenario_files(scenario))
    version = ScenarioVersion(name=name, seq=seq, parent_id=parent_id, content=content,
                              content_hash=digest, author=author, message=message,
                              created_at=utc_now(),
                              levers=json.dumps(levers, sort_keys=True) if levers else None)
    try:
        with session.begin_nested():
            session.add(version)
            session.flush()
    except IntegrityError as exc:  # another save took this slot a moment ago
        raise StaleVersionError(f"scenario '{name}' was saved by someone else at the same "
                                f"moment; nothing was saved; load the newest version and "
                                f"make your change again.") from exc
    session.add(AuditEntry(at=version.created_at, author=author, entity="scenario_version",
                           key=str(version.id), action="insert", field="content_hash",
                           old_value=None, new_value=digest, version=version.seq))
    session.flush()
    return _info(version)


def newest_version(session: Session, name: str) -> VersionInfo | None:
    """The newest saved version of scenario `name`, if any."""
    version = session.scalars(select(ScenarioVersion).where(ScenarioVersion.name == name)
                              .order_by(ScenarioVersion.seq.desc()).limit(1)).first()
    return None if version is None else _info(version)


def version_info(session: Session, version_id: int) -> VersionInfo:
    """One saved version without its content."""
    version = session.get(ScenarioVersion, version_id)
    if version is None:
        raise VersionNotFoundError([Problem("version", "is not a saved version",
                                            value=version_id)])
    return _info(version)


def family(session: Session, name: str) -> list[VersionInfo]:
    """The versions of scenario `name` and of every scenario branched from it (at any depth),
    oldest first: the history as a tree (each version's `parent_id` is its parent)."""
    everything = [_info(v) for v in session.scalars(select(ScenarioVersion)
                                                    .order_by(ScenarioVersion.id))]
    names = {name}
    grew = True
    while grew:
        known = {v.id for v in everything if v.name in names}
        more = {v.name for v in everything if v.parent_id in known and v.name not in names}
        names |= more
        grew = bool(more)
    return [v for v in everything if v.name in names]


def list_versions(session: Session, name: str | None = None) -> list[VersionInfo]:
    """Saved versions, newest first, optionally of one scenario."""
    query = select(ScenarioVersion).order_by(ScenarioVersion.id.desc())
    if name:
        query = query.where(ScenarioVersion.name == name)
    return [_info(v) for v in session.scalars(query)]


def version_files(session: Session, version_id: int) -> dict[str, str]:
    """A saved version's files (relative path -> text)."""
    version = session.get(ScenarioVersion, version_id)
    if version is None:
        raise VersionNotFoundError([Problem("version", "is not a saved version",
                                            value=version_id)])
    return json.loads(version.content)


def load_version(session: Session, version_id: int):
    """A saved version as a validated `Scenario` (loaded as a folder, so checks run)."""
    from icsplan.scenario import load_scenario

    files = version_files(session, version_id)
    with tempfile.TemporaryDirectory() as tmp:
        for rel, body in files.items():
            path = Path(tmp) / "scenario" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body)
        scenario = load_scenario(Path(tmp) / "scenario")
        return scenario.replace(path=None) if hasattr(scenario, "replace") else scenario


def compare_versions(session: Session, a: int, b: int) -> dict[str, str]:
    """Which files differ between two versions: path -> 'added', 'removed' or 'changed'."""
    fa, fb = version_files(session, a), version_files(session, b)
    out = {}
    for rel in sorted(set(fa) | set(fb)):
        if rel not in fa:
            out[rel] = "added"
        elif rel not in fb:
            out[rel] = "removed"
        elif fa[rel] != fb[rel]:
            out[rel] = "changed"
    return out


def save_as_new_version(session: Session, scenario, author: str, message: str,  # noqa: PLR0913  (one save's parts and the retry count)
                        started_from: int | None = None, attempts: int = 50,
                        levers: dict | None = None) -> VersionInfo:
    """Save `scenario` after the newest version, whoever saved last: when another save takes
    the slot at the same moment (PostgreSQL), read the newest again and retry, so every
    user's version is kept.  The files are made before the first query, so a SQLite writer
    holds the database only for the insert."""
    files = scenario_files(scenario)
    note = message
    for _ in range(attempts):
        versions = list_versions(session, scenario.name)
        head = versions[0].id if versions else None
        note = message + (f" (started from version {started_from})"
                          if started_from is not None and head != started_from else "")
        try:
            return save_version(session, scenario, head, author, note, levers, files)
        except StaleVersionError:
            continue
    return save_version(session, scenario, head, author, note, levers, files)
