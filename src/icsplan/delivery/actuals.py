"""Read what really happened: monthly actuals files, validated row by row.

Two formats are recognised by their columns:

* NHS England's monthly A&E statistics (`period, org_code, type, attendances, breaches,
  admissions`; one row per organisation x A&E type x month, as in `ae_attendances.csv`);
* a generic long table (`measure, org, period, value`, optionally `numerator, denominator`):
  one row per measure x organisation x month, e.g. RTT or cancer 62-day from a trust's
  own returns.

Every bad row gives one `Problem` (unknown org, unparsable date, breaches or numerator above
attendances or denominator, a period given twice, ...), and all are raised together as an
`ActualsError`, so nothing is computed or written from a file with problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from icsplan.errors import InputError, Problem
from icsplan.safety.inputs import encoding_problem, stray_header_problem

AE_COLUMNS = ("period", "org_code", "type", "attendances", "breaches", "admissions")
AE_TYPES = ("1", "2", "other")
LONG_COLUMNS = ("measure", "org", "period", "value", "numerator", "denominator")
ORG_CODE = r"^[A-Z0-9]{3,6}$"  # an ODS organisation or site code, e.g. RDD


class ActualsError(InputError):
    """An actuals file with problems (unknown org, bad date, duplicate period, ...)."""

    title = "The actuals file is not valid"


@dataclass(frozen=True)
class Actuals:
    """A validated actuals file: its name, its format and its rows (periods as month starts)."""

    file: str
    format: Literal["nhse_ae", "long"]
    rows: pd.DataFrame


def read_actuals(path: str | Path, measures: pd.DataFrame | None = None) -> Actuals:
    """Read and validate an actuals CSV; `measures` (the scenario's KPI table) lets a long
    file be checked for measures and organisations the plan does not track."""
    path = Path(path)
    if not path.is_file():
        raise ActualsError([Problem(str(path), "no such file")])
    wrong = encoding_problem(path, path.name)
    if wrong is not None:
        raise ActualsError([wrong])
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ActualsError([Problem(path.name, f"cannot be read as CSV: {exc}")]) from exc
    raw, stray = stray_header_problem(raw, path.name)
    if stray is not None:
        raise ActualsError([stray])
    return parse_actuals(raw, path.name, measures)


def parse_actuals(raw: pd.DataFrame, file: str,
                  measures: pd.DataFrame | None = None) -> Actuals:
    """Validate an all-text table in either format; raise `ActualsError` listing every problem."""
    raw = raw.rename(columns=lambda c: str(c).strip().lower())
    columns = set(raw.columns)
    if set(AE_COLUMNS) <= columns:
        fmt, expected = "nhse_ae", AE_COLUMNS
    elif {"measure", "org", "period"} <= columns:
        fmt, expected = "long", LONG_COLUMNS
    else:
        raise ActualsError([Problem(file, "columns not recognised: expected the NHS England "
                                    f"A&E format ({', '.join(AE_COLUMNS)}) or a long table "
                                    f"({', '.join(LONG_COLUMNS[:4])}[, numerator, denominator])")])
    problems = [Problem(file, f"unknown column '{c}' (expected: {', '.join(expected)})",
                        field=c) for c in raw.columns if c not in expected]
    if fmt == "long" and "value" not in columns and not {"numerator", "denominator"} <= columns:
        problems.append(Problem(file, "a long actuals table needs a 'value' column or both "
                                "'numerator' and 'denominator'"))
    if problems:
        raise ActualsError(problems)
    if raw.empty:
        raise ActualsError([Problem(file, "has a header but no rows")])
    raw = raw.apply(lambda s: s.str.strip())
    if fmt == "nhse_ae":
        rows = _ae_rows(raw, file, problems)
    else:
        rows = _long_rows(raw, file, problems, measures)
    if problems:
        raise ActualsError(sorted(problems, key=lambda p: (p.row or 0, p.field or "")))
    return Actuals(file=file, format=fmt, rows=rows)


def _line(i: object) -> int:
    return int(i) + 2  # the header is line 1


def _periods(raw: pd.Series, file: str, problems: list[Problem]) -> pd.Series:
    """Month starts from `YYYY-MM-DD` (or `YYYY-MM`) text; one problem per unreadable date."""
    day = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(raw, format="%Y-%m", errors="coerce")
    period = day.fillna(month)
    for i in raw.index[period.isna()]:
        problems.append(Problem(file, f"cannot read '{raw[i]}' as a date (expected YYYY-MM-DD, "
                                "the first day of the month)", row=_line(i), field="period",
                                value=raw[i]))
    return period.dt.to_period("M").dt.to_timestamp()


def _counts(raw: pd.DataFrame, columns: tuple[str, ...], file: str,
            problems: list[Problem]) -> pd.DataFrame:
    """Whole, non-negative numbers; one problem per bad cell."""
    out = pd.DataFrame(index=raw.index)
    for col in columns:
        values = pd.to_numeric(raw[col], errors="coerce")
        bad = values.isna() | (values < 0) | (values % 1 != 0)
        for i in raw.index[bad]:
            problems.append(Problem(file, f"'{raw.at[i, col]}' is not a whole number of 0 or "
                                    "more", row=_line(i), field=col, value=raw.at[i, col]))
        out[col] = values
    return out


def _duplicates(frame: pd.DataFrame, keys: list[str], file: str, what: str,
                problems: list[Problem]) -> None:
    """One problem per repeated key, naming the line it repeats."""
    dup = frame.duplicated(keys, keep=False)
    if not dup.any():
        return
    first = frame[dup].groupby(keys, sort=False).head(1)
    first_line = {tuple(r[keys]): _line(i) for i, r in first.iterrows()}
    for i, r in frame[dup & frame.duplicated(keys, keep="first")].iterrows():
        month = r["period"].strftime("%Y-%m") if pd.notna(r["period"]) else "?"
        problems.append(Problem(file, f"duplicate period: {what(r)} for {month} is already "
                                f"given on line {first_line[tuple(r[keys])]}", row=_line(i)))


def _ae_rows(raw: pd.DataFrame, file: str, problems: list[Problem]) -> pd.DataFrame:
    period = _periods(raw["period"], file, problems)
    org = raw["org_code"].str.upper()
    for i in raw.index[~org.str.match(ORG_CODE)]:
        problems.append(Problem(file, f"unknown org '{raw.at[i, 'org_code']}' (expected an "
                                "ODS code of 3 to 6 letters and digits, e.g. RDD)", row=_line(i),
                                field="org_code", value=raw.at[i, "org_code"]))
    kind = raw["type"].str.lower()
    for i in raw.index[~kind.isin(AE_TYPES)]:
        problems.append(Problem(file, f"unknown A&E type '{raw.at[i, 'type']}' (expected 1, 2 "
                                "or other)", row=_line(i), field="type",
                                value=raw.at[i, "type"]))
    counts = _counts(raw, ("attendances", "breaches", "admissions"), file, problems)
    over = counts["breaches"] > counts["attendances"]
    for i in raw.index[over]:
        problems.append(Problem(file, f"breaches '{raw.at[i, 'breaches']}' above attendances "
                                f"'{raw.at[i, 'attendances']}'", row=_line(i), field="breaches",
                                value=raw.at[i, "breaches"]))
    rows = pd.DataFrame({"period": period, "org_code": org, "type": kind, **counts})
    _duplicates(rows, ["period", "org_code", "type"], file,
                lambda r: f"{r['org_code']} type {r['type']}", problems)
    return rows.astype({c: "int64" for c in ("attendances", "breaches", "admissions")},
                       errors="ignore")


def _long_rows(raw: pd.DataFrame, file: str, problems: list[Problem],
               measures: pd.DataFrame | None) -> pd.DataFrame:
    period = _periods(raw["period"], file, problems)
    if measures is not None:
        known = set(zip(measures["measure"], measures["org"], strict=True))
        names = set(measures["measure"])
        for i, m, o in zip(raw.index, raw["measure"], raw["org"], strict=True):
            if m not in names:
                problems.append(Problem(file, f"unknown measure '{m}' (the scenario's measures "
                                        f"are {', '.join(sorted(names))})", row=_line(i),
                                        field="measure", value=m))
            elif (m, o) not in known:
                orgs = sorted(measures.loc[measures["measure"] == m, "org"])
                problems.append(Problem(file, f"unknown org '{o}' for measure '{m}' (expected "
                                        f"one of {', '.join(orgs)})", row=_line(i), field="org",
                                        value=o))
    numbers = {}
    for col in ("value", "numerator", "denominator"):
        text = raw[col] if col in raw else pd.Series("", index=raw.index)
        values = pd.to_numeric(text, errors="coerce")
        for i in raw.index[(text != "") & values.isna()]:
            problems.append(Problem(file, f"'{text[i]}' is not a number", row=_line(i),
                                    field=col, value=text[i]))
        numbers[col] = values
    num, den = numbers["numerator"], numbers["denominator"]
    for i in raw.index[num > den]:
        problems.append(Problem(file, f"numerator '{raw.at[i, 'numerator']}' above denominator "
                                f"'{raw.at[i, 'denominator']}'", row=_line(i), field="numerator",
                                value=raw.at[i, "numerator"]))
    for i in raw.index[(num < 0) | (den <= 0)]:
        problems.append(Problem(file, "numerator must be 0 or more and denominator above 0",
                                row=_line(i), field="denominator"))
    value = numbers["value"]
    derived = value.isna() & num.notna() & den.notna()
    percent = _percent_measures(measures, raw["measure"])
    value = value.where(~derived, num / den * np.where(percent, 100.0, 1.0))
    blank = value.isna() & (raw["value"] == "" if "value" in raw else True)
    for i in raw.index[blank & ~(num.notna() & den.notna())]:
        problems.append(Problem(file, "no value (give 'value', or 'numerator' and "
                                "'denominator')", row=_line(i), field="value"))
    rows = pd.DataFrame({"measure": raw["measure"], "org": raw["org"], "period": period,
                         "value": value, "numerator": num, "denominator": den})
    _duplicates(rows, ["measure", "org", "period"], file,
                lambda r: f"{r['measure']} at {r['org']}", problems)
    return rows


def _percent_measures(measures: pd.DataFrame | None, measure: pd.Series) -> np.ndarray:
    """True where a row's measure is in percent (numerator / denominator x 100)."""
    if measures is None:
        return np.ones(len(measure), dtype=bool)
    units = dict(zip(measures["measure"], measures["unit"], strict=False))
    return measure.map(units).eq("%").to_numpy()
