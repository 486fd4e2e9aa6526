"""RTT counts by series (provider x specialty), month and months waited, read and checked.

Two layouts are recognised by their columns:

* a long table: `period` (YYYY-MM or YYYY-MM-DD), `months_waited` (0..K, K meaning "K or
  more"), `referrals` (clock starts; on the months_waited 0 row, blank or 0 elsewhere),
  `completes` (clock stops in the month) and `incompletes` (the waiting list at the month's
  end); optionally `provider` and `specialty`; or the same with `measure` and `value`
  columns instead of the three measure columns;
* NHS England's monthly RTT statistics ("full CSV data file": `Period`, `Provider Org Code`,
  `Treatment Function Code`, `RTT Part Type`, weekly bands `Gt 00 To 01 Weeks SUM 1` ...
  and the open band `Gt 52 Weeks SUM 1` or `Gt 104 Weeks SUM 1`, `Total`): parts 1A and 1B
  are clock stops (admitted, non-admitted), part 2 the waiting list, part 3 new clock starts
  (`Total`); weekly bands are rolled up to months of 52/12 weeks, a band that straddles two
  months split in proportion (so counts can be fractional); commissioner rows are summed.

Every bad row gives one `Problem` (file or sheet, line or row, column, the value); all are
raised together, so nothing is computed or written from a file with problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from icsplan.errors import InputError, Problem
from icsplan.waiting_list.measures import WEEKS_PER_MONTH

MEASURES = ("referrals", "completes", "incompletes")
KEYS = ("provider", "specialty")
LONG_REQUIRED = ("period", "months_waited")
MAX_K = 120
NHSE_BAND = re.compile(r"^Gt (\d+) To (\d+) Weeks SUM 1$")
NHSE_OPEN = re.compile(r"^Gt (\d+) Weeks SUM 1$")
CODE = r"^[A-Za-z0-9][A-Za-z0-9 _.&()/-]{0,79}$"  # a provider or specialty: never a formula
NHSE_PARTS = {"Part_1A": "completes", "Part_1B": "completes", "Part_2": "incompletes",
              "Part_3": "referrals"}


class RttDataError(InputError):
    """An RTT file with problems (bad month, months waited, count, duplicate, gap)."""

    title = "The RTT file is not valid"


@dataclass(frozen=True)
class RttCounts:
    """Counts for S series over T consecutive months with compartments 0..K."""

    series: pd.DataFrame  # provider, specialty: one row per series
    periods: pd.DatetimeIndex  # month starts, consecutive
    referrals: np.ndarray  # [S, T]
    completes: np.ndarray  # [S, T, K+1]
    incompletes: np.ndarray  # [S, T, K+1]
    source: str = ""

    @property
    def max_months_waited(self) -> int:
        """K: the last compartment holds K or more months."""
        return self.incompletes.shape[-1] - 1

    def to_long(self) -> pd.DataFrame:
        """The counts as the long table `read_rtt` reads (one row per series, month and
        months waited)."""
        s, t, k1 = self.incompletes.shape
        idx = pd.MultiIndex.from_product([range(s), range(t), range(k1)],
                                         names=["s", "t", "months_waited"]).to_frame(index=False)
        out = self.series.iloc[idx["s"]].reset_index(drop=True)
        out["period"] = self.periods[idx["t"]].strftime("%Y-%m-%d")
        out["months_waited"] = idx["months_waited"]
        ref = np.zeros((s, t, k1))
        ref[..., 0] = self.referrals
        out["referrals"] = ref.reshape(-1)
        out["completes"] = self.completes.reshape(-1)
        out["incompletes"] = self.incompletes.reshape(-1)
        return out

    def select(self, mask: np.ndarray) -> RttCounts:
        """The series where `mask` [S] is true."""
        return RttCounts(self.series[mask].reset_index(drop=True), self.periods,
                         self.referrals[mask], self.completes[mask], self.incompletes[mask],
                         self.source)

    def total(self) -> RttCounts:
        """All series summed into one (a system or national roll-up)."""
        return RttCounts(pd.DataFrame({"provider": ["all"], "specialty": ["all"]}),
                         self.periods, self.referrals.sum(0, keepdims=True),
                         self.completes.sum(0, keepdims=True),
                         self.incompletes.sum(0, keepdims=True), self.source)


def read_rtt(path: str | Path, sheet: str | None = None) -> RttCounts:
    """Read and check an RTT file (CSV, or an Excel workbook's first or named sheet) in
    either layout."""
    path = Path(path)
    if not path.is_file():
        raise RttDataError([Problem(str(path), "no such file")])
    excel = path.suffix.lower() in (".xlsx", ".xlsm")
    try:
        if excel:
            raw = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
        else:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError,
            ValueError) as exc:
        raise RttDataError([Problem(path.name, f"cannot be read: {exc}")]) from None
    where = {"file": path.name, "sheet": (sheet or _first_sheet(path)) if excel else None}
    return parse_rtt(raw, **where)


def _first_sheet(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return wb.sheetnames[0]
    finally:
        wb.close()


def parse_rtt(raw: pd.DataFrame, file: str, sheet: str | None = None) -> RttCounts:
    """Check a table of text cells in either layout and return its counts."""
    raw = raw.rename(columns=lambda c: str(c).strip())
    if raw.empty:
        raise RttDataError([_problem(file, sheet, "has a header but no rows")])
    raw = raw.apply(lambda s: s.astype(str).str.strip())
    if "RTT Part Type" in raw.columns:
        return _nhse(raw, file, sheet)
    return _long(raw, file, sheet)


def _problem(file: str, sheet: str | None, message: str, row: int | None = None,
             field: str | None = None, value: object | None = None) -> Problem:
    return Problem(file, message, row=row, field=field, value=value, sheet=sheet)


def _line(i: object) -> int:
    return int(i) + 2  # the header is line (or spreadsheet row) 1


def _periods(raw: pd.Series, file: str, sheet: str | None, problems: list[Problem],
             field: str = "period") -> pd.Series:
    day = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(raw, format="%Y-%m", errors="coerce")
    stamp = pd.to_datetime(raw, format="%Y-%m-%d %H:%M:%S", errors="coerce")  # Excel dates
    period = day.fillna(month).fillna(stamp)
    for i in raw.index[period.isna()]:
        problems.append(_problem(file, sheet, f"cannot read '{raw[i]}' as a month (expected "
                                 "YYYY-MM or YYYY-MM-DD)", _line(i), field, raw[i]))
    return period.dt.to_period("M").dt.to_timestamp()


def _codes(raw: pd.DataFrame, columns: dict[str, str], file: str, sheet: str | None,
           problems: list[Problem]) -> None:
    """One problem per provider or specialty that is not a plain code (so no exported cell
    can start a formula)."""
    for column, what in columns.items():
        for i in raw.index[~raw[column].str.match(CODE)]:
            problems.append(_problem(file, sheet, f"'{raw.at[i, column]}' is not a {what} code "
                                     "(letters, digits, spaces and _ . & ( ) / -, starting "
                                     "with a letter or digit)", _line(i), column,
                                     raw.at[i, column]))


def _numbers(raw: pd.DataFrame, columns: list[str], file: str, sheet: str | None,
             problems: list[Problem], blank_zero: bool = False) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    for col in columns:
        text = raw[col].str.replace(",", "", regex=False)
        if blank_zero:
            text = text.replace({"": "0", "-": "0"})
        values = pd.to_numeric(text, errors="coerce")
        bad = values.isna() | (values < 0) | ~np.isfinite(values.fillna(0))
        for i in raw.index[bad]:
            problems.append(_problem(file, sheet, f"'{raw.at[i, col]}' is not a count of 0 "
                                     "or more", _line(i), col, raw.at[i, col]))
        out[col] = values.astype(float)
    return out


# noqa below (added with issue 16's complexity rules, code from issue 22): one reader of the
# long RTT layout, a branch per column check so every problem is reported in one pass.
def _long(raw: pd.DataFrame, file: str, sheet: str | None) -> RttCounts:  # noqa: C901, PLR0912
    problems: list[Problem] = []
    cols = set(raw.columns)
    stacked = {"measure", "value"} <= cols
    required = [*LONG_REQUIRED, *(("measure", "value") if stacked else MEASURES)]
    allowed = {*required, *KEYS, "source"}
    for c in required:
        if c not in cols:
            problems.append(_problem(file, sheet, f"the column '{c}' is missing (an RTT file "
                                     "has period, months_waited, referrals, completes, "
                                     "incompletes; or NHS England's RTT layout)", field=c))
    for c in sorted(cols - allowed):
        problems.append(_problem(file, sheet, f"unknown column '{c}'", field=c))
    if problems:
        raise RttDataError(problems)
    for key in KEYS:
        if key not in cols:
            raw[key] = "all"
    _codes(raw, {"provider": "provider", "specialty": "specialty"}, file, sheet, problems)
    period = _periods(raw["period"], file, sheet, problems)
    mw = pd.to_numeric(raw["months_waited"], errors="coerce")
    bad = mw.isna() | (mw < 0) | (mw % 1 != 0) | (mw > MAX_K)
    for i in raw.index[bad]:
        problems.append(_problem(file, sheet, f"'{raw.at[i, 'months_waited']}' is not a whole "
                                 f"number of months from 0 to {MAX_K}", _line(i),
                                 "months_waited", raw.at[i, "months_waited"]))
    frame = raw[list(KEYS)].assign(period=period, months_waited=mw)
    if stacked:
        measure = raw["measure"].str.lower()
        for i in raw.index[~measure.isin(MEASURES)]:
            problems.append(_problem(file, sheet, f"unknown measure '{raw.at[i, 'measure']}' "
                                     f"(one of {', '.join(MEASURES)})", _line(i), "measure",
                                     raw.at[i, "measure"]))
        frame["measure"] = measure
        frame["value"] = _numbers(raw, ["value"], file, sheet, problems)["value"]
        keys = [*KEYS, "period", "months_waited", "measure"]
    else:
        values = _numbers(raw, list(MEASURES), file, sheet, problems, blank_zero=True)
        frame = pd.concat([frame, values], axis=1)
        late = (frame["months_waited"] > 0) & (frame["referrals"] > 0)
        for i in raw.index[late]:
            problems.append(_problem(file, sheet, "referrals are clock starts and belong on "
                                     "the months_waited 0 row", _line(i), "referrals",
                                     raw.at[i, "referrals"]))
        keys = [*KEYS, "period", "months_waited"]
    dup = frame.duplicated(keys, keep="first") & frame[keys].notna().all(axis=1)
    for i in raw.index[dup]:
        what = ", ".join(f"{k} {_text(frame.at[i, k])}" for k in keys if k != "period")
        problems.append(_problem(file, sheet, f"duplicate row: {what} for "
                                 f"{frame.at[i, 'period']:%Y-%m} is given twice", _line(i)))
    if problems:
        raise RttDataError(problems)
    if stacked:
        frame = frame.pivot_table(index=[*KEYS, "period", "months_waited"], columns="measure",
                                  values="value", aggfunc="sum").reset_index()
        for m in MEASURES:
            frame[m] = frame[m].fillna(0.0) if m in frame else 0.0
    return _to_arrays(frame, file, sheet)


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _to_arrays(frame: pd.DataFrame, file: str, sheet: str | None) -> RttCounts:
    """Dense arrays from a tidy frame; gaps in months and K differing by series are problems."""
    problems: list[Problem] = []
    frame = frame.assign(months_waited=frame["months_waited"].astype(int))
    periods = pd.date_range(frame["period"].min(), frame["period"].max(), freq="MS")
    series = frame[list(KEYS)].drop_duplicates().sort_values(list(KEYS)).reset_index(drop=True)
    k_by = frame.groupby(list(KEYS))["months_waited"].max()
    for key, have in frame.groupby(list(KEYS))["period"].unique().items():
        missing = periods.difference(pd.DatetimeIndex(have))
        if len(missing):
            problems.append(_problem(file, sheet, f"provider {key[0]}, specialty {key[1]} has "
                                     f"no rows for {', '.join(f'{m:%Y-%m}' for m in missing[:6])}"
                                     " (months must be consecutive)"))
    if k_by.nunique() > 1:
        problems.append(_problem(file, sheet, "every series needs the same last months_waited "
                                 f"(K or more); found {sorted(k_by.unique().tolist())}",
                                 field="months_waited"))
    if len(periods) < 2:
        problems.append(_problem(file, sheet, "needs at least two months (the first gives the "
                                 "opening waiting list)", field="period"))
    if problems:
        raise RttDataError(problems)
    k1 = int(k_by.max()) + 1
    s_idx = pd.MultiIndex.from_frame(series).get_indexer(
        pd.MultiIndex.from_frame(frame[list(KEYS)]))
    t_idx = periods.get_indexer(frame["period"])
    shape = (len(series), len(periods), k1)
    completes, incompletes, referrals = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    m_idx = frame["months_waited"].to_numpy()
    np.add.at(completes, (s_idx, t_idx, m_idx), frame["completes"].to_numpy(float))
    np.add.at(incompletes, (s_idx, t_idx, m_idx), frame["incompletes"].to_numpy(float))
    np.add.at(referrals, (s_idx, t_idx, m_idx), frame["referrals"].to_numpy(float))
    return RttCounts(series.astype(str), periods, referrals.sum(axis=-1), completes,
                     incompletes, file)


def _nhse_period(text: str) -> pd.Timestamp | None:
    match = re.match(r"^RTT-([A-Za-z]+)-(\d{4})$", text)
    if match:
        stamp = pd.to_datetime(f"1 {match[1]} {match[2]}", format="%d %B %Y", errors="coerce")
        return None if pd.isna(stamp) else stamp
    stamp = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return None if pd.isna(stamp) else stamp.to_period("M").to_timestamp()


def week_to_month_matrix(bands: list[tuple[float, float]], k: int) -> np.ndarray:
    """Share of each weekly band [lo, hi) weeks falling in months 0..K of 52/12 weeks (the
    open band, hi = inf, goes wholly to min(its month, K)); rows bands, columns months."""
    out = np.zeros((len(bands), k + 1))
    for b, (lo, hi) in enumerate(bands):
        if not np.isfinite(hi):
            out[b, min(int(lo / WEEKS_PER_MONTH), k)] = 1.0
            continue
        for m in range(k + 1):
            start = m * WEEKS_PER_MONTH
            end = np.inf if m == k else (m + 1) * WEEKS_PER_MONTH
            out[b, m] = max(0.0, min(hi, end) - max(lo, start)) / (hi - lo)
    return out


# noqa below (as `_long`): one reader of NHS England's RTT layout, a branch per check.
def _nhse(raw: pd.DataFrame, file: str, sheet: str | None) -> RttCounts:  # noqa: C901
    problems: list[Problem] = []
    need = ["Period", "Provider Org Code", "Treatment Function Code", "RTT Part Type"]
    for c in need:
        if c not in raw.columns:
            problems.append(_problem(file, sheet, f"the column '{c}' is missing from NHS "
                                     "England's RTT layout", field=c))
    bands: list[tuple[float, float]] = []
    band_cols: list[str] = []
    for c in raw.columns:
        if (m := NHSE_BAND.match(c)):
            bands.append((float(m[1]), float(m[2])))
            band_cols.append(c)
        elif (m := NHSE_OPEN.match(c)):
            bands.append((float(m[1]), np.inf))
            band_cols.append(c)
    total_col = next((c for c in ("Total", "Total All") if c in raw.columns), None)
    if not band_cols:
        problems.append(_problem(file, sheet, "no weekly band columns ('Gt 00 To 01 Weeks SUM "
                                 "1' ...) in NHS England's RTT layout"))
    if total_col is None:
        problems.append(_problem(file, sheet, "the column 'Total' is missing (new clock "
                                 "starts of part 3 are read from it)", field="Total"))
    if problems:
        raise RttDataError(problems)
    open_lo = max((lo for lo, hi in bands if not np.isfinite(hi)), default=None)
    k = int(open_lo / WEEKS_PER_MONTH) if open_lo is not None else int(
        max(hi for _, hi in bands) / WEEKS_PER_MONTH)
    part = raw["RTT Part Type"]
    keep = part.isin(list(NHSE_PARTS))
    _codes(raw, {"Provider Org Code": "provider", "Treatment Function Code": "specialty"},
           file, sheet, problems)
    period = raw["Period"].map(_nhse_period)
    for i in raw.index[period.isna()]:
        problems.append(_problem(file, sheet, f"cannot read '{raw.at[i, 'Period']}' as a month "
                                 "(expected e.g. RTT-April-2023)", _line(i), "Period",
                                 raw.at[i, "Period"]))
    for i in raw.index[~keep & ~part.isin(["Part_2A"])]:
        problems.append(_problem(file, sheet, f"unknown RTT part '{part[i]}' (Part_1A, Part_1B, "
                                 "Part_2, Part_2A, Part_3)", _line(i), "RTT Part Type", part[i]))
    counts = _numbers(raw[keep], [*band_cols, total_col], file, sheet, problems,
                      blank_zero=True)
    if problems:
        raise RttDataError(problems)
    rows = raw[keep]
    months = counts[band_cols].to_numpy() @ week_to_month_matrix(bands, k)
    measure = rows["RTT Part Type"].map(NHSE_PARTS).to_numpy()
    ref = measure == "referrals"
    months[ref] = 0.0
    months[ref, 0] = counts[total_col].to_numpy()[ref]
    frame = pd.DataFrame({"provider": rows["Provider Org Code"].to_numpy(),
                          "specialty": rows["Treatment Function Code"].to_numpy(),
                          "period": pd.DatetimeIndex(period[keep].to_numpy()),
                          "measure": measure})
    long = frame.loc[frame.index.repeat(k + 1)].reset_index(drop=True)
    long["months_waited"] = np.tile(np.arange(k + 1), len(frame))
    long["value"] = months.reshape(-1)
    tidy = long.pivot_table(index=["provider", "specialty", "period", "months_waited"],
                            columns="measure", values="value", aggfunc="sum").reset_index()
    for m in MEASURES:
        tidy[m] = tidy[m].fillna(0.0) if m in tidy else 0.0
    return _to_arrays(tidy, file, sheet)
