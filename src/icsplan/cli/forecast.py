"""Terminal output of the forecast outturn (`icsplan run --actuals`, `icsplan check
--actuals`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from icsplan.cli.common import out_console
from icsplan.vocabulary import money_m

if TYPE_CHECKING:
    from icsplan.forecast.forecast import Forecast


def _m(value: float) -> str:
    """Pounds as £m, sign first: -£57.5m (blank when missing)."""
    return "" if value != value else money_m(value)


def _p(value: float) -> str:
    return "" if value != value else f"{value:.0%}"


def print_forecast(f: Forecast, horizon: str) -> None:
    """The plan beside the forecast outturn under each assumption."""
    table = Table(title=f"Forecast outturn in {horizon} from delivery to date")
    for col in ("assumption", "gap", "odds it closes", "gap p10 to p90", "net saving",
                "payback (odds)"):
        table.add_column(col, justify="left" if col == "assumption" else "right")
    for r in f.headline.itertuples(index=False):
        band = (f"{_m(r.gap_p10_gbp)} to {_m(r.gap_p90_gbp)}"
                if r.gap_p10_gbp == r.gap_p10_gbp else "")
        odds = f" ({_p(r.payback_probability)})" if r.payback_probability == \
            r.payback_probability else ""
        table.add_row(r.label, _m(r.bridge_gap_gbp), _p(r.gap_closes_probability), band,
                      _m(r.net_saving_gbp), (r.payback_year or "none") + odds)
    out_console.print(table)
    for note in f.notes:
        out_console.print(f"Note: {note}.", highlight=False)
    if not f.backtest_summary.empty:
        print_backtest(f)


def print_backtest(f: Forecast) -> None:
    """The back test's accuracy by method."""
    if f.backtest_summary.empty:
        out_console.print("Back test: the actuals are too short (it needs two whole years "
                          "after the index year).")
        return
    table = Table(title=f"Back test: forecasts from actuals up to {f.cutoff} against what "
                        "happened")
    for col in ("series: method", "n", "mean |error|", "80% cover", "90% cover",
                "months in limits"):
        table.add_column(col, justify="left" if col == "series: method" else "right")
    for r in f.backtest_summary.itertuples(index=False):
        table.add_row(f"{r.kind}: {r.method}", str(r.series_years),
                      f"{r.mean_abs_error_pct:.1f}%", _p(r.coverage80), _p(r.coverage90),
                      _p(r.months_within_limits))
    out_console.print(table)
