"""The forecast's tables by output file name (report/files.py writes them)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from icsplan.forecast.forecast import Forecast


def forecast_files(f: Forecast) -> dict[str, pd.DataFrame]:
    """forecast, forecast_headline, forecast_bridge, delivery_to_date,
    delivery_by_initiative, forecast_run_rate, forecast_backtest and
    forecast_backtest_summary."""
    return {"forecast": f.table, "forecast_headline": f.headline,
            "forecast_bridge": f.bridges,
            "delivery_to_date": f.achieved.by_pod,
            "delivery_by_initiative": f.achieved.by_initiative,
            "forecast_run_rate": f.run_rate, "forecast_backtest": f.backtest,
            "forecast_backtest_summary": f.backtest_summary}


def forecast_side(folder: str | Path, assumption: str):
    """A saved run's forecast under `assumption`, as one side of `icsplan compare`: its
    activity (momentum as the plan's), bridge and net saving and payback at the horizon."""
    from icsplan.compare import Side, read_run
    from icsplan.errors import InputError, Problem
    from icsplan.forecast.outturn import ASSUMPTIONS

    folder = Path(folder)
    run = read_run(folder)
    files = [folder / f"{n}.csv" for n in ("forecast", "forecast_headline", "forecast_bridge")]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise InputError([Problem(str(folder), f"has no forecast ({', '.join(missing)} "
                                  "missing): write one with `icsplan run --actuals`")],
                         title="Cannot compare")
    if assumption not in ASSUMPTIONS:
        raise InputError([Problem("--forecast", "must be one of " + ", ".join(ASSUMPTIONS),
                                  value=assumption)], title="Cannot compare")
    table, head, bridge = (pd.read_csv(f, keep_default_na=False) for f in files)
    act = table[(table["metric"] == "activity") & (table["assumption"] == assumption)]
    planned = act.set_index(["pod", "year"])["principal"].astype(float)
    activity = run.activity.copy()
    activity["planned"] = [planned.get((p, y), float("nan"))
                           for p, y in zip(activity["pod"], activity["year"], strict=True)]
    row = head[head["assumption"] == assumption].iloc[0]
    investment = pd.DataFrame([{"net_saving_gbp": float(row["net_saving_gbp"]),
                                "payback_year": str(row["payback_year"])}])
    return Side(label=f"{folder.name}: forecast, {row['label']}", scenario=None,
                activity=activity, bridge=bridge[bridge["assumption"] == assumption],
                investment=investment, scenario_hash=run.scenario_hash)
