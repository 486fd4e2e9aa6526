"""A plan's forensic tables: its published figures and the rules they must obey.

Two tables, as CSV or data frames (docs/forensics.md):

`figures`: figure, printed, unit, seed, section, note, precision
    one row per number as printed, citing the document (`seed`) and its section;
`rules`: rule, kind, check, tolerance, section, description, expected, note
    one row per arithmetic rule; `check` names the figures (see `expression`), `expected`
    ("pass" or "fail", may be empty) is what the plan is known to give, `note` explains a
    known failure.

Every problem with either table is collected (file, line, field, the bad value) and raised
at once as a `ForensicsError`; nothing is checked until both tables are clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from icsplan.errors import InputError, Problem
from icsplan.forensics.expression import Check, CheckError, parse_check
from icsplan.forensics.figures import ID, Figure, PrintedError, reading_interval

KINDS = {
    "sum": "parts add up to their total",
    "net": "net = savings − investment",
    "growth": "a growth rate agrees with the amounts (new ÷ old − 1)",
    "share": "a percentage agrees with its part and whole (part ÷ whole)",
    "product": "an amount agrees with a rate times a base (e.g. 3% of allocation)",
    "same": "the same figure agrees wherever it is repeated",
    "series": "a year-on-year series is consistent (steps, direction)",
    "target": "a stated target is reachable from the stated trajectory",
    "whole": "a count implied by a percentage is a whole number",
}
FIGURE_COLUMNS = ["figure", "printed", "unit", "seed", "section", "note", "precision"]
RULE_COLUMNS = ["rule", "kind", "check", "tolerance", "section", "description", "expected",
                "note"]
REQUIRED = {"figures": ["figure", "printed", "seed", "section"],
            "rules": ["rule", "kind", "check"]}
SEEDS_DIR = Path(__file__).parent / "seeds"


class ForensicsError(InputError):
    """Forensic tables that cannot be checked."""

    title = "The plan's forensic tables are not valid"


@dataclass(frozen=True)
class Rule:
    """One arithmetic rule of a plan."""

    rule: str
    kind: str
    check: Check
    tolerance: float = 0.0  # in base units (pounds for money), on top of the rounding
    section: str = ""
    description: str = ""
    expected: str = ""  # "pass", "fail" or ""
    note: str = ""


@dataclass(frozen=True)
class ForensicPlan:
    """A plan's figures (by name, in file order) and rules, validated."""

    name: str
    figures: dict[str, Figure]
    rules: list[Rule] = field(default_factory=list)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(
        value).strip()


def _frame(data: pd.DataFrame | Path, table: str, label: str,
           problems: list[Problem]) -> pd.DataFrame | None:
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
    else:
        try:
            frame = pd.read_csv(data, dtype=object, keep_default_na=False)
        except FileNotFoundError:
            problems.append(Problem(label, "the file is missing"))
            return None
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            problems.append(Problem(label, f"cannot be read as CSV ({str(exc).strip()})"))
            return None
    columns = FIGURE_COLUMNS if table == "figures" else RULE_COLUMNS
    unknown = [c for c in frame.columns if c not in columns]
    for c in unknown:
        problems.append(Problem(label, f"unknown column (known: {', '.join(columns)})",
                                field=str(c), value=c))
    missing = [c for c in REQUIRED[table] if c not in frame.columns]
    for c in missing:
        problems.append(Problem(label, "this required column is missing", field=c))
    if unknown or missing:
        return None
    for c in columns:
        if c not in frame.columns:
            frame[c] = ""
    return frame[columns]


# Validates every column of two tables in one pass, so that every problem is reported at
# once: hence the noqa below.
def build_plan(  # noqa: C901, PLR0912, PLR0915
        name: str, figures: pd.DataFrame | Path, rules: pd.DataFrame | Path,
               labels: tuple[str, str] = ("figures.csv", "rules.csv")) -> ForensicPlan:
    """Validate the two tables and return the plan, or raise every problem at once."""
    problems: list[Problem] = []
    ftab = _frame(figures, "figures", labels[0], problems)
    rtab = _frame(rules, "rules", labels[1], problems)
    if ftab is None or rtab is None:
        raise ForensicsError(problems)
    out: dict[str, Figure] = {}
    for i, rec in enumerate(ftab.to_dict(orient="records")):
        line = i + 2
        rec = {k: _text(v) for k, v in rec.items()}
        for col in REQUIRED["figures"]:
            if not rec[col]:
                problems.append(Problem(labels[0], "a value is required here", row=line,
                                        field=col))
        if rec["figure"] and not ID.match(rec["figure"]):
            problems.append(Problem(labels[0], "a figure's name must be letters, digits and "
                                    "underscores, starting with a letter", row=line,
                                    field="figure", value=rec["figure"]))
            continue
        if rec["figure"] in out:
            problems.append(Problem(labels[0], "this figure is listed twice", row=line,
                                    field="figure", value=rec["figure"]))
            continue
        precision = None
        if rec["precision"]:
            try:
                precision = float(rec["precision"])
                if precision < 0 or precision != precision:
                    raise ValueError
            except ValueError:
                problems.append(Problem(labels[0], "the precision must be a number ≥ 0",
                                        row=line, field="precision", value=rec["precision"]))
                continue
        if rec["printed"]:
            try:
                reading_interval(rec["printed"], precision)
            except PrintedError as exc:
                problems.append(Problem(labels[0], str(exc), row=line, field="printed",
                                        value=rec["printed"]))
                continue
        if all(rec[c] for c in REQUIRED["figures"]):
            out[rec["figure"]] = Figure(rec["figure"], rec["printed"], rec["unit"],
                                        rec["seed"], rec["section"], rec["note"], precision)
    known = list(out)
    parsed: list[Rule] = []
    seen: set[str] = set()
    for i, rec in enumerate(rtab.to_dict(orient="records")):
        line = i + 2
        rec = {k: _text(v) for k, v in rec.items()}
        bad = False
        for col in REQUIRED["rules"]:
            if not rec[col]:
                problems.append(Problem(labels[1], "a value is required here", row=line,
                                        field=col))
                bad = True
        if rec["rule"] in seen:
            problems.append(Problem(labels[1], "this rule is listed twice", row=line,
                                    field="rule", value=rec["rule"]))
            bad = True
        seen.add(rec["rule"])
        if rec["kind"] and rec["kind"] not in KINDS:
            problems.append(Problem(labels[1], f"unknown kind (known: {', '.join(KINDS)})",
                                    row=line, field="kind", value=rec["kind"]))
            bad = True
        if rec["expected"] not in ("", "pass", "fail"):
            problems.append(Problem(labels[1], "expected must be pass, fail or empty",
                                    row=line, field="expected", value=rec["expected"]))
            bad = True
        tolerance = 0.0
        if rec["tolerance"]:
            try:
                tolerance = float(rec["tolerance"])
                if not tolerance >= 0:
                    raise ValueError
            except ValueError:
                problems.append(Problem(labels[1], "the tolerance must be a number ≥ 0",
                                        row=line, field="tolerance", value=rec["tolerance"]))
                bad = True
        check = None
        if rec["check"]:
            try:
                check = parse_check(rec["check"], known)
            except CheckError as exc:
                problems.append(Problem(labels[1], str(exc), row=line, field="check"))
                bad = True
        if check is not None and rec["kind"] == "whole" and check.op != "whole":
            problems.append(Problem(labels[1], "a whole rule's check is one expression, "
                                    "without =", row=line, field="check", value=rec["check"]))
            bad = True
        if check is not None and rec["kind"] != "whole" and check.op == "whole":
            problems.append(Problem(labels[1], "the check must compare two sides with =, >= "
                                    "or <= (or be increasing()/decreasing())", row=line,
                                    field="check", value=rec["check"]))
            bad = True
        if not bad and check is not None:
            parsed.append(Rule(rec["rule"], rec["kind"], check, tolerance, rec["section"],
                               rec["description"], rec["expected"], rec["note"]))
    if problems:
        raise ForensicsError(problems)
    return ForensicPlan(name, out, parsed)


def builtin_documents() -> list[str]:
    """The seed documents whose figures ship with icsplan (000 ... 004)."""
    return sorted(p.name for p in SEEDS_DIR.iterdir() if (p / "figures.csv").is_file())


def load_plan(name_or_folder: str | Path) -> ForensicPlan:
    """A built-in document's forensic tables by name ('004'), or a folder holding
    figures.csv and rules.csv."""
    folder = SEEDS_DIR / str(name_or_folder)
    if not (folder / "figures.csv").is_file():
        folder = Path(name_or_folder)
    if not (folder / "figures.csv").is_file() and not (folder / "rules.csv").is_file():
        raise ForensicsError([Problem(str(name_or_folder), "no folder with figures.csv and "
                                      "rules.csv, and no built-in document of that name "
                                      f"(built-in: {', '.join(builtin_documents())})")])
    name = folder.name if folder.parent == SEEDS_DIR else str(name_or_folder)
    label = "" if folder.parent == SEEDS_DIR else f"{folder}/"
    return build_plan(name, folder / "figures.csv", folder / "rules.csv",
                      (f"{label}figures.csv" if label else f"{name}/figures.csv",
                       f"{label}rules.csv" if label else f"{name}/rules.csv"))
