"""Investment phasing, the savings that follow investment, cash flow and payback.

    one-off(y)   = level x (pump priming(y) + capital(y))                 investments.csv
    net(y)       = sum over initiatives of net_i(y) - one-off(y)           (pounds per year)
    cumulative(y) = sum of net up to y
    payback year = the first year, from the first year of investment, after which the
                   cumulative net stays >= 0 to the horizon (none if it never does)

Savings follow investment through the savings-response curve s(level) = level ** 1.5
(`finance.response`): 003's "full investment releases full savings; 25% investments release
12.5% savings".  Recurrent investment of the initiatives is in their net already.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from icsplan.finance.initiatives import initiative_economics
from icsplan.finance.response import check_level, savings_response
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario

CASH_FLOW_COLUMNS = ["year", "gross_gbp", "initiative_investment_gbp", "stranded_gbp",
                     "pump_priming_gbp", "capital_gbp", "net_gbp", "cumulative_net_gbp"]


def investment_schedule(scenario: Scenario, investment_level: float = 1.0) -> pd.DataFrame:
    """The system's pump-priming, capital and recurrent investment by line and year (pounds),
    scaled by the investment level: columns year, category, line, value_gbp, source."""
    level = check_level(investment_level)
    inv = scenario.investments.copy()
    inv["value_gbp"] = inv["value_gbp"].astype(float) * level
    return inv[["year", "category", "line", "value_gbp", "source"]].reset_index(drop=True)


def schedule_totals(schedule: pd.DataFrame, years: Iterable[str]) -> pd.DataFrame:
    """Investment per year (rows) and category (columns: pump_priming, capital, recurrent),
    zero where none is planned."""
    wide = (schedule.groupby(["year", "category"])["value_gbp"].sum().unstack("category")
            if len(schedule) else pd.DataFrame())
    return wide.reindex(index=list(years), columns=["pump_priming", "capital", "recurrent"],
                        fill_value=0.0).fillna(0.0).astype(float)


def year_sums(frame: pd.DataFrame, columns: list[str], years: list[str]) -> np.ndarray:
    """`frame.groupby("year")[columns].sum().reindex(years, fill_value=0.0)` as an array
    (years, columns), with pandas' very numbers: each year's rows are added in row order with
    the compensated (Kahan) summation pandas' group sum uses, missing values skipped; without
    pandas' cost per operation on these tables of a few dozen rows."""
    total = np.zeros((len(years), len(columns)))
    if not len(frame):
        return total
    place = {y: k for k, y in enumerate(years)}
    codes = np.array([place.get(y, -1) for y in frame["year"].tolist()], dtype=np.int64)
    values = frame[columns].to_numpy(dtype=float)
    values, codes = values[codes >= 0], codes[codes >= 0]
    order = np.argsort(codes, kind="stable")  # each row's rank among its year's rows
    ranked = codes[order]
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes)) - np.searchsorted(ranked, ranked, side="left")
    compensation = np.zeros_like(total)
    for r in range(int(rank.max()) + 1 if len(rank) else 0):
        rows = rank == r  # at most one row of each year
        at, value = codes[rows], values[rows]
        before, comp = total[at], compensation[at]
        with np.errstate(invalid="ignore"):  # inf - inf: NaN, set to 0 below
            y = value - comp
            t = before + y
            new_comp = t - before - y
        new_comp[new_comp != new_comp] = 0.0  # an infinite value: no compensation (as pandas)
        given = value == value
        total[at] = np.where(given, t, before)
        compensation[at] = np.where(given, new_comp, comp)
    return total


def cash_flow(economics: pd.DataFrame, schedule: pd.DataFrame, years: Iterable[str],
              totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The system's money per year (pounds): initiative gross, investment and stranded cost,
    one-off pump priming and capital, net and cumulative net (`totals`: the schedule's
    `schedule_totals`, when already made)."""
    years = list(years)
    per_year = year_sums(economics, ["gross_gbp", "investment_gbp", "stranded_gbp",
                                     "net_gbp"], years)
    totals = schedule_totals(schedule, years) if totals is None else totals
    gross, stranded = per_year[:, 0], per_year[:, 2]
    invest = per_year[:, 1] + totals["recurrent"].to_numpy()
    pump, capital = totals["pump_priming"].to_numpy(), totals["capital"].to_numpy()
    net = gross - invest - stranded - pump - capital
    return pd.DataFrame({"year": years, "gross_gbp": gross, "initiative_investment_gbp": invest,
                         "stranded_gbp": stranded, "pump_priming_gbp": pump,
                         "capital_gbp": capital, "net_gbp": net,
                         "cumulative_net_gbp": np.cumsum(net)}, columns=CASH_FLOW_COLUMNS)


def payback_year(cash: pd.DataFrame) -> str | None:
    """The first year, from the first year money is spent, after which cumulative net stays
    >= 0 to the horizon; None when nothing is spent or it is negative at the horizon."""
    spend = (cash["initiative_investment_gbp"] + cash["pump_priming_gbp"]
             + cash["capital_gbp"]).to_numpy()
    return payback(list(cash["year"]), spend, cash["cumulative_net_gbp"].to_numpy())


def payback(years: list[str], spend: np.ndarray, cumulative: np.ndarray) -> str | None:
    """`payback_year` on arrays: money spent and cumulative net per year."""
    if not len(years):
        return None
    if not (spend > 0).any():
        return None
    start = int(np.argmax(spend > 0))
    for k in range(start, len(years)):
        if (cumulative[k:] >= -1e-6).all():
            return years[k]
    return None


@dataclass(frozen=True)
class InvestmentSummary:
    """One investment level's outcome (pounds): investment over all years, gross and net
    saving in the horizon year, cumulative net by the horizon and the payback year."""

    investment_level: float  # share (0-1) of the planned investment made
    savings_share: float  # share of the full savings it releases
    investment_gbp: float
    gross_saving_gbp: float
    net_saving_gbp: float
    cumulative_net_gbp: float
    payback_year: str | None  # None: no payback by the horizon (or nothing spent)

    def as_frame(self) -> pd.DataFrame:
        """The one-row table of `investment_summary.csv` (no payback: an empty cell)."""
        record = asdict(self)
        record["payback_year"] = self.payback_year or ""
        return pd.DataFrame([record])

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> InvestmentSummary:
        """From a row of `investment_summary.csv` as read back (a saved run)."""
        values = {f.name: record[f.name] for f in fields(cls)}
        payback = values["payback_year"]
        values["payback_year"] = payback if isinstance(payback, str) and payback else None
        return cls(**{k: v if k == "payback_year" else float(v)  # type: ignore[arg-type]
                      for k, v in values.items()})


def investment_summary(cash: pd.DataFrame, investment_level: float) -> InvestmentSummary:
    """One investment level's outcome from its cash flow (see `InvestmentSummary`)."""
    last = cash.iloc[-1]
    return InvestmentSummary(
        investment_level=float(investment_level),
        savings_share=savings_response(investment_level),
        investment_gbp=float((cash["initiative_investment_gbp"] + cash["pump_priming_gbp"]
                              + cash["capital_gbp"]).sum()),
        gross_saving_gbp=float(last["gross_gbp"]),
        net_saving_gbp=float(last["net_gbp"]),
        cumulative_net_gbp=float(last["cumulative_net_gbp"]),
        payback_year=payback_year(cash))


def investment_curve(scenario: Scenario, projection: Projection,
                     levels: Iterable[float] = tuple(np.linspace(0.0, 1.0, 21))) -> pd.DataFrame:
    """Savings, net position and payback at each investment level (0-1): what the plan gives
    if only part of the investment is found.

    The money is computed once at full investment and scaled: savings and stranded cost
    follow s(level), investment follows the level (both exact, see the module docstring),
    so the curve costs one cash flow, not one per level (the web app recomputes it on every
    change of a lever)."""
    full = cash_flow(initiative_economics(scenario, projection, 1.0),
                     investment_schedule(scenario, 1.0), projection.years)
    years = list(full["year"])
    gross, stranded = full["gross_gbp"].to_numpy(), full["stranded_gbp"].to_numpy()
    spend_full = (full["initiative_investment_gbp"] + full["pump_priming_gbp"]
                  + full["capital_gbp"]).to_numpy()
    rows = []
    for level in levels:
        level = check_level(level)
        response = savings_response(level)
        spend = spend_full * level
        net = gross * response - stranded * response - spend
        cumulative = np.cumsum(net)
        rows.append({
            "investment_level": float(level), "savings_share": response,
            "investment_gbp": float(spend.sum()),
            "gross_saving_gbp": float(gross[-1] * response),
            "net_saving_gbp": float(net[-1]), "cumulative_net_gbp": float(cumulative[-1]),
            "payback_year": payback(years, spend, cumulative) or ""})
    return pd.DataFrame(rows)
