"""The forecast's tables by output file name (report/files.py writes them)."""

from __future__ import annotations

import pandas as pd

from icsplan.forecast.forecast import Forecast


def forecast_files(f: Forecast) -> dict[str, pd.DataFrame]:
    """forecast, forecast_headline, forecast_bridge, delivery_to_date,
    delivery_by_initiative, forecast_run_rate, forecast_backtest,
    forecast_backtest_summary and forecast_signals (the register's signals and where each
    comes from)."""
    return {"forecast": f.table, "forecast_headline": f.headline,
            "forecast_bridge": f.bridges,
            "delivery_to_date": f.achieved.by_pod,
            "delivery_by_initiative": f.achieved.by_initiative,
            "forecast_run_rate": f.run_rate, "forecast_backtest": f.backtest,
            "forecast_backtest_summary": f.backtest_summary, "forecast_signals": f.signals}
