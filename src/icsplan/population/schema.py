"""The patient-level input tables: `patients`, `conditions` and `activity` (docs/population.md).

`read_population(folder, con)` finds each table as `<name>.parquet` (a file or a folder of
parts) or `<name>.csv`, registers it with the Ibis backend `con` (DuckDB or PySpark), checks
its columns, types and values, and returns typed Ibis tables.  Every problem found is
collected and raised together as one `PopulationInputError`, each naming the table and the
column; values that might be personal (ids, dates) are never quoted in a message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ibis
import ibis.expr.types as ir

from icsplan.errors import InputError, Problem
from icsplan.population.conditions import CONDITION_CODES
from icsplan.vocabulary import ACUTE_PODS

log = logging.getLogger(__name__)

PODS = ACUTE_PODS
SEXES = ("F", "M", "U")


class PopulationInputError(InputError):
    """Patient-level input that cannot be used; `problems` lists every reason found."""

    title = "The patient-level input is not valid"


@dataclass(frozen=True)
class Column:
    """A column of an input table: its name, kind and whether it may be replaced by another."""

    name: str
    kind: str  # "string", "integer", "number", "boolean", "date"
    alternative: str | None = None  # the other column that may be given instead


TABLES: dict[str, tuple[Column, ...]] = {
    "patients": (
        Column("patient_id", "string"),
        Column("birth_year", "integer", alternative="age"),
        Column("age", "integer", alternative="birth_year"),
        Column("sex", "string"),
        Column("practice", "string"),
        Column("locality", "string"),
        Column("imd_decile", "integer", alternative="imd_score"),
        Column("imd_score", "number", alternative="imd_decile"),
        Column("care_home", "boolean"),
    ),
    "conditions": (
        Column("patient_id", "string"),
        Column("code", "string"),
        Column("first_recorded", "date"),
    ),
    "activity": (
        Column("patient_id", "string"),
        Column("date", "date"),
        Column("pod", "string"),
        Column("provider", "string"),
        Column("cost", "number"),
    ),
}

_CAST = {"string": "string", "integer": "int64", "number": "float64", "boolean": "boolean",
         "date": "date"}


def find_file(folder: Path, table: str) -> Path | None:
    """`<table>.parquet` (file or folder of parts) or `<table>.csv` in `folder`, if any."""
    for name in (f"{table}.parquet", f"{table}.csv"):
        if (folder / name).exists():
            return folder / name
    return None


def _compatible(dtype: ibis.DataType, kind: str) -> bool:
    if kind == "string":
        return dtype.is_string() or dtype.is_integer()
    if kind == "integer":
        return dtype.is_integer()
    if kind == "number":
        return dtype.is_numeric()
    if kind == "boolean":
        return dtype.is_boolean() or dtype.is_integer()
    return dtype.is_date() or dtype.is_timestamp()


_EXPECTED = {"string": "text", "integer": "whole numbers", "number": "numbers",
             "boolean": "true/false (or 1/0)", "date": "dates (YYYY-MM-DD)"}


def check_columns(name: str, file: str, table: ir.Table) -> tuple[list[Problem], ir.Table]:
    """Check one table's columns and types; return the problems and the typed table."""
    problems: list[Problem] = []
    schema = table.schema()
    present = set(schema.names)
    typed = {}
    for col in TABLES[name]:
        if col.name not in present:
            if col.alternative is None:
                problems.append(Problem(file, "required column is missing", field=col.name))
            elif col.alternative not in present and col.name < col.alternative:
                problems.append(Problem(file, f"needs a column '{col.name}' or "
                                        f"'{col.alternative}'; neither is present",
                                        field=col.name))
            continue
        dtype = schema[col.name]
        if not _compatible(dtype, col.kind):
            problems.append(Problem(file, f"expected {_EXPECTED[col.kind]} but found {dtype} "
                                    "(check for values that are not "
                                    f"{_EXPECTED[col.kind]})", field=col.name))
            continue
        value = table[col.name]
        if col.kind == "boolean" and dtype.is_integer():
            value = value != 0
        typed[col.name] = value.cast(_CAST[col.kind])
    if problems:
        return problems, table
    return problems, table.select(**typed)


# noqa below: builds one aggregate query (one pass over the data) with a branch per kind of
# column check; splitting would split the query or pass its parts around.
def check_values(name: str, file: str, table: ir.Table) -> list[Problem]:  # noqa: C901, PLR0912
    """Count missing and out-of-range values in one (typed) table with one query."""
    cols = table.columns
    checks: dict[str, tuple[str, ir.BooleanValue]] = {}
    for col in cols:
        checks[f"null:{col}"] = (col, table[col].isnull())
    if name == "patients":
        checks["bad:sex"] = ("sex", ~table.sex.isin(SEXES))
        if "birth_year" in cols:
            checks["bad:birth_year"] = ("birth_year", ~table.birth_year.between(1890, 2100))
        if "age" in cols:
            checks["bad:age"] = ("age", ~table.age.between(0, 120))
        if "imd_decile" in cols:
            checks["bad:imd_decile"] = ("imd_decile", ~table.imd_decile.between(1, 10))
        if "imd_score" in cols:
            checks["bad:imd_score"] = ("imd_score", ~table.imd_score.between(0, 100))
    elif name == "conditions":
        checks["bad:code"] = ("code", ~table.code.isin(CONDITION_CODES))
    else:
        checks["bad:pod"] = ("pod", ~table.pod.isin(PODS))
        checks["bad:cost"] = ("cost", table.cost < 0)
    aggs = {key: expr.fill_null(False).cast("int64").sum() for key, (_, expr) in checks.items()}
    aggs["rows"] = table.count()
    if name == "patients":
        aggs["ids"] = table.patient_id.nunique()
    counts = table.aggregate(**aggs).to_pandas().iloc[0]
    problems = []
    allowed = {"sex": "F, M or U", "birth_year": "1890-2100", "age": "0-120",
               "imd_decile": "1-10", "imd_score": "0-100", "pod": ", ".join(PODS),
               "code": "the condition codes in docs/population.md", "cost": "0 or more"}
    for key, (col, _) in checks.items():
        n = int(counts[key] or 0)
        if not n:
            continue
        what = "are empty" if key.startswith("null:") else f"are not {allowed[col]}"
        problems.append(Problem(file, f"{n:,} values {what}", field=col))
    if int(counts["rows"]) == 0:
        problems.append(Problem(file, "the table has no rows"))
    if name == "patients" and int(counts["ids"]) != int(counts["rows"]):
        problems.append(Problem(file, f"{int(counts['rows']) - int(counts['ids']):,} patient ids "
                                "are given more than once", field="patient_id"))
    return problems


def register(con: ibis.BaseBackend, path: Path, name: str) -> ir.Table:
    """Register a Parquet or CSV file (or a folder of Parquet parts) as an Ibis table."""
    if path.suffix == ".csv":
        return con.read_csv(str(path), table_name=f"icsplan_{name}")
    target = str(path / "*.parquet") if path.is_dir() and con.name == "duckdb" else str(path)
    return con.read_parquet(target, table_name=f"icsplan_{name}")


def check_against_scenario(tables: dict[str, ir.Table], localities: set[str], base_year: int,
                           files: dict[str, str] | None = None) -> list[Problem]:
    """Problems of patient-level data that the scenario it is run for makes visible: patients
    in localities the scenario does not have, birth years after the base year ends, and
    activity or conditions dated after the base year ends (the data cannot be from the
    future of the plan's base).  Counts only, never ids or dates (personal data)."""
    files = files or {}
    problems: list[Problem] = []
    end = date(base_year + 1, 3, 31)
    label = f"{base_year}/{(base_year + 1) % 100:02d}"
    patients = tables["patients"]
    outside = patients.filter(~patients.locality.isin(sorted(localities)))
    unknown = outside.group_by("locality").aggregate(people=outside.count()).to_pandas()
    if len(unknown):
        named = ", ".join(f"'{v}'" for v in sorted(unknown["locality"].astype(str))[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        people = int(unknown["people"].sum())
        problems.append(Problem(files.get("patients", "patients"), f"{people:,} people are in "
                                f"localities the scenario does not have: {named}{more} (see "
                                "its localities.csv)", field="locality"))
    if "birth_year" in patients.columns:
        future = int(patients.filter(patients.birth_year > base_year + 1).count().to_pandas())
        if future:
            problems.append(Problem(files.get("patients", "patients"), f"{future:,} birth years "
                                    f"are after the base year {label} ends", field="birth_year"))
    for name, col in (("activity", "date"), ("conditions", "first_recorded")):
        table = tables[name]
        late = int(table.filter(table[col] > end).count().to_pandas())
        if late:
            problems.append(Problem(files.get(name, name), f"{late:,} dates are after the base "
                                    f"year {label} ends ({end:%d %B %Y})", field=col))
    return problems


def read_population(folder: str | Path, con: ibis.BaseBackend) -> dict[str, ir.Table]:
    """The three input tables of `folder`, checked and typed, as Ibis tables on `con`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PopulationInputError([Problem(str(folder), "no such folder of patient-level "
                                            "data (expected patients, conditions, activity)")])
    problems: list[Problem] = []
    tables: dict[str, ir.Table] = {}
    for name in TABLES:
        path = find_file(folder, name)
        if path is None:
            problems.append(Problem(name, f"no {name}.parquet or {name}.csv in {folder}"))
            continue
        try:
            raw = register(con, path, name)
        except Exception as exc:  # engine-specific read errors: report, do not trace back
            problems.append(Problem(path.name, f"cannot be read: {str(exc).splitlines()[0]}"))
            continue
        found, typed = check_columns(name, path.name, raw)
        if found:
            problems.extend(found)
            continue
        found = check_values(name, path.name, typed)
        problems.extend(found)
        tables[name] = typed
    if problems:
        raise PopulationInputError(problems)
    log.info("read patient-level data from %s", folder)
    return tables
