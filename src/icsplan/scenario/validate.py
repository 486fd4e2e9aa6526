"""Row-by-row validation of a raw (all-text) table against its row model, with problems
that name the file, the line and the column."""

from __future__ import annotations

import pandas as pd
from pydantic import ValidationError

from icsplan.errors import Problem
from icsplan.scenario.tables import TableSpec


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
            problems.extend(pydantic_problems(exc, spec.file, i + 2))
    if len(problems) > before:
        return None
    return pd.DataFrame(rows, columns=list(fields))


def pydantic_problems(exc: ValidationError, file: str, row: int | None) -> list[Problem]:
    """One problem per pydantic error, located at `file`, `row` and the error's field."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or None
        msg = err["msg"]
        value = err.get("input")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (is it misspelt?)"
        elif err["type"] == "missing":
            msg, value = "a value is required here", None
        if isinstance(value, dict | list) or value == "":
            value = None  # a whole record or an empty cell: nothing useful to quote
        out.append(Problem(file, msg, row=row, field=loc, value=value))
    return out


def validate_published(name: str, raw: pd.DataFrame, problems: list[Problem],
                       label: str | None = None) -> None:
    """Check a published table (all text) against its row model; unknown tables are a
    problem, since no back test would read them."""
    from icsplan.scenario.tables import PUBLISHED

    spec = PUBLISHED.get(name)
    where = label or f"published/{name}.csv"
    if spec is None:
        problems.append(Problem(where, "no back test reads a published table of this name "
                                f"(known: {', '.join(sorted(PUBLISHED))})"))
        return
    validate_rows(raw, TableSpec(spec.name, spec.model, required=False, label=where), problems)
