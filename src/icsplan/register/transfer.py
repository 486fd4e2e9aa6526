"""Each register to and from CSV and Excel, and the built-in seed (`--seed mse-2016`).

An import is all or nothing: every row is validated first and every problem is reported
(file or sheet, row, column, the bad value); only a clean file is written, in one
transaction, so a bad file, an error or a killed process leaves the database as it was.
Rows are matched on `id`: a new id is added, a known id is updated where a value differs.
A `version` column (as exported) must match the stored row, so an import cannot overwrite a
change made since the export. Rows missing from the file are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from icsplan.errors import Problem
from icsplan.register.audit import text
from icsplan.register.edits import values_of
from icsplan.register.models import REGISTER_MODELS, Programme, Scheme
from icsplan.register.rows import ROW_MODELS, RegisterInputError, validate_row
from icsplan.safety.cells import check_excel_tables, csv_text, excel_writer, unescape_frame
from icsplan.safety.workbook import workbook_problems

SEEDS = {"mse-2016": "mse_2016", "mse-2019": "mse_2019"}
LOAD_ORDER = ["programmes", "schemes", "milestones", "risks", "maturity", "enablers",
              "qipp_targets", "kpis"]
BATCH = 200


class RegisterImportError(RegisterInputError):
    """A register file with problems: nothing was imported."""


def columns(register: str) -> list[str]:
    """The columns of a register's file, in order (`version` last)."""
    names = [n for n in ROW_MODELS[register].model_fields if n != "version"]
    return [*names, "version"]


def read_table(path: Path, register: str) -> tuple[pd.DataFrame, str]:
    """A register file (CSV, or the register's sheet of an .xlsx) as text cells."""
    path = Path(path)
    if not path.exists():
        raise RegisterImportError([Problem(str(path), "does not exist")])
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            unsafe = workbook_problems(path)
            if unsafe:
                raise RegisterImportError(unsafe)
            sheets = pd.read_excel(path, sheet_name=None, dtype=str)
            sheet = register if register in sheets else next(iter(sheets))
            return sheets[sheet], f"{path.name}, sheet '{sheet}'"
        return unescape_frame(pd.read_csv(path, dtype=str, keep_default_na=False)), path.name
    except RegisterImportError:
        raise
    except Exception as exc:  # unreadable file: one problem, in the user's terms
        raise RegisterImportError([Problem(path.name, f"cannot be read as "
                                           f"{'Excel' if path.suffix.startswith('.xls') else 'CSV'}"
                                           f" ({type(exc).__name__})")]) from exc


def changed_by(session: Session, entity: str, key: str, since: int) -> str:
    """", by alice at 2026-12-06 05:40 UTC (version 2) and ..." from the audit trail: who
    saved a row after `since` and when; "" when the trail holds nothing."""
    from icsplan.register.audit import history

    saves: dict[int, str] = {}
    for e in history(session, entity, key, since_version=since):
        if e.version is not None and e.version not in saves:
            saves[e.version] = f"{e.author} at {e.at:%Y-%m-%d %H:%M} UTC (version {e.version})"
    return ", by " + " and ".join(saves[v] for v in sorted(saves)) if saves else ""


# noqa below: validate-then-write of one register import in one transaction; the branches
# are the per-row problems, reported together.
def import_rows(session: Session, register: str, frame: pd.DataFrame, label: str,  # noqa: C901, PLR0912
                progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Validate every row, then add or update them in the session's transaction."""
    model = REGISTER_MODELS[register]
    problems: list[Problem] = []
    clean_rows: list[dict] = []
    seen: set[str] = set()
    for i, record in enumerate(frame.to_dict("records"), start=2):  # header is row 1
        clean, row_problems = validate_row(register, record, label, row=i)
        if clean and clean["id"] in seen:
            row_problems = [Problem(label, "appears twice in the file", row=i, field="id",
                                    value=clean["id"])]
        problems += row_problems
        if clean and not row_problems:
            seen.add(clean["id"])
            clean_rows.append({**clean, "_row": i})
    stored = {r.id: r for r in session.scalars(select(model).where(model.id.in_(seen)))} \
        if seen else {}
    for clean in clean_rows:
        row = stored.get(clean["id"])
        if clean["version"] is not None and row is not None and row.version != clean["version"]:
            who = changed_by(session, model.__tablename__, clean["id"], clean["version"])
            problems.append(Problem(label, f"was changed in the register since it was exported "
                                    f"(version {clean['version']}, now {row.version}{who}); "
                                    f"export again and redo the change", row=clean["_row"],
                                    field="version", value=clean["id"]))
    problems += _unknown_schemes(session, register, clean_rows, label)
    problems += _unknown_programmes(session, register, clean_rows, label)
    if problems:
        raise RegisterImportError(problems)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for n, clean in enumerate(clean_rows, start=1):
        values = {k: v for k, v in clean.items() if k not in ("_row", "version")}
        row = stored.get(clean["id"])
        if row is None:
            session.add(model(**values))
            counts["added"] += 1
        else:
            current = values_of(row)
            changed = {k: v for k, v in values.items() if text(current[k]) != text(v)}
            for k, v in changed.items():
                setattr(row, k, v)
            counts["updated" if changed else "unchanged"] += 1
        if n % BATCH == 0:
            session.flush()
            if progress:
                progress(n)
    session.flush()
    if progress:
        progress(len(clean_rows))
    return counts


def _unknown_programmes(session: Session, register: str, rows: list[dict], label: str
                        ) -> list[Problem]:
    """Schemes, risks and KPIs that name a programme must name one in the register."""
    named = [r for r in rows if r.get("programme_id")]
    if register not in ("schemes", "risks", "kpis") or not named:
        return []
    wanted = {r["programme_id"] for r in named}
    known = set(session.scalars(select(Programme.id).where(Programme.id.in_(wanted))))
    return [Problem(label, "is not a programme in the register; import the programme first",
                    row=r["_row"], field="programme_id", value=r["programme_id"])
            for r in named if r["programme_id"] not in known]


def _unknown_schemes(session: Session, register: str, rows: list[dict], label: str
                     ) -> list[Problem]:
    """Milestones must belong to a scheme already in the register."""
    if register != "milestones" or not rows:
        return []
    wanted = {r["scheme_id"] for r in rows}
    known = set(session.scalars(select(Scheme.id).where(Scheme.id.in_(wanted))))
    return [Problem(label, "is not a scheme in the register; import the scheme first",
                    row=r["_row"], field="scheme_id", value=r["scheme_id"])
            for r in rows if r["scheme_id"] not in known]


def import_file(session: Session, register: str, path: Path,
                progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Import one register from a CSV or Excel file (see the module docstring)."""
    frame, label = read_table(Path(path), register)
    return import_rows(session, register, frame, label, progress)


def export_frame(session: Session, register: str) -> pd.DataFrame:
    """A register's rows as a frame with the file's columns, ordered by id."""
    model = REGISTER_MODELS[register]
    rows = session.scalars(select(model).order_by(model.id))
    return pd.DataFrame([{c: getattr(r, c) for c in columns(register)} for r in rows],
                        columns=columns(register))


def export_file(session: Session, register: str, path: Path) -> Path:
    """Write a register as CSV, or as .xlsx with one sheet named after the register."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = export_frame(session, register)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        if path.suffix.lower() == ".xlsx":
            check_excel_tables({register: frame}, path.name)
            with excel_writer(tmp) as writer:
                frame.to_excel(writer, sheet_name=register, index=False)
        else:
            tmp.write_text(csv_text(frame), encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load_seed(session: Session, name: str) -> dict[str, dict[str, int]]:
    """Load a built-in register seed (e.g. mse-2016) into the session's transaction."""
    if name not in SEEDS:
        raise RegisterInputError([Problem("--seed", f"is not a built-in seed; known: "
                                          f"{', '.join(SEEDS)}", value=name)])
    folder = resources.files("icsplan.register") / "seeds" / SEEDS[name]
    counts = {}
    for register in LOAD_ORDER:
        if not (folder / f"{register}.csv").is_file():
            continue  # a seed holds only the registers its sources give
        with resources.as_file(folder / f"{register}.csv") as path:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        counts[register] = import_rows(session, register, frame, f"seed {name}/{register}.csv")
    return counts
