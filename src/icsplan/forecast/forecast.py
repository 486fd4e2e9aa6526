"""The forecast stage: delivery to date -> forecast outturn (with its odds) -> what it
takes -> back test.  `forecast_plan` reads nothing and writes nothing; it returns a frozen
`Forecast` that `run_plan(..., actuals=)` puts in `Plan.forecast`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from icsplan.delivery.measures import ENGLAND
from icsplan.errors import Problem
from icsplan.forecast.achieved import (
    POD_OF_MEASURE,
    Achievement,
    achievement,
    model_series,
    monthly_series,
)
from icsplan.forecast.backtest import backtest, default_cutoff, summary
from icsplan.forecast.mapping import SYSTEM, ForecastError, org_map
from icsplan.forecast.outturn import (
    ASSUMPTIONS,
    evidence,
    forecast_draws,
    forecast_table,
    outturns,
)
from icsplan.forecast.register import register_signals
from icsplan.forecast.runrate import run_rates
from icsplan.forecast.signals import RULES, read_signals, slip_array

HEADLINE_COLUMNS = ["assumption", "label", "bridge_gap_gbp", "gap_closes_probability",
                    "gap_p10_gbp", "gap_p90_gbp", "net_saving_gbp", "cumulative_net_gbp",
                    "payback_year", "payback_probability"]


@dataclass(frozen=True)
class Forecast:
    """Everything the forecast stage produced, as tables."""

    achieved: Achievement
    table: pd.DataFrame  # forecast.csv: per assumption, activity and money (with draws)
    headline: pd.DataFrame  # one row per assumption: gap, its odds, net, payback
    run_rate: pd.DataFrame
    backtest: pd.DataFrame
    backtest_summary: pd.DataFrame
    recover_by: str
    cutoff: str | None
    draws: int
    seed: int
    signals: pd.DataFrame
    bridges: pd.DataFrame = field(default_factory=pd.DataFrame)  # per assumption, each step
    rules: pd.DataFrame = field(default_factory=lambda: RULES)
    measured_pods: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what was left out or could not be done, and why


# The forecast's documented keyword options: hence the noqa below.
def forecast_plan(scenario, projection, finance, values: pd.DataFrame, delivery=None, *,  # noqa: PLR0913
                  draws: int = 0, seed: int = 2016, recover_by: str | None = None,
                  weights: dict[str, dict[str, float]] | None = None,
                  cutoff: str | None = None,
                  measures: tuple[str, ...] | None = None,
                  register_facts: pd.DataFrame | None = None) -> Forecast:
    """Re-forecast the plan from the actuals `values` (long: measure, org, period, value).

    `delivery` (a `DeliveryResult`) gives the KPI series for the run rates and back test;
    `recover_by` the year by which the `recovers` assumption reaches the plan (default the
    horizon); `weights` the attribution among initiatives (default their planned effects);
    `cutoff` the back test's (default: the end of the last whole year with a whole year
    after it); `measures` the pod measures that drive the forecast (default every one the
    actuals give: A&E attendances and emergency admissions via A&E); `register_facts` the
    register database's schemes and milestones (`register.summary.signal_facts`), whose signals
    then replace register_signals.csv (`forecast.register`)."""
    years = list(scenario.years)
    recover_by = recover_by or years[-1]
    problems = []
    if recover_by not in years:
        problems.append(Problem("--recover-by", f"the year must be one of the plan's, "
                                f"{years[0]} to {years[-1]}", value=recover_by))
    unknown = [m for m in measures or () if m not in POD_OF_MEASURE]
    problems += [Problem("--forecast-measure", "must be one of "
                         + ", ".join(POD_OF_MEASURE), value=m) for m in unknown]
    if cutoff is not None and pd.isna(pd.to_datetime(cutoff, errors="coerce")):
        problems.append(Problem("--cutoff", "must be a date (YYYY-MM-DD)", value=cutoff))
    if problems:
        raise ForecastError(problems)
    driving = list(measures or POD_OF_MEASURE)
    pod_values = values[values["measure"].isin(driving)]
    mapping = org_map(scenario)
    present = set(pod_values["org"])
    if len(mapping):
        orgs = [o for o in dict.fromkeys(mapping["org"]) if o in present]
    else:
        measures = scenario.table("kpi_measures")
        orgs = [o for o in measures.loc[measures["measure"] == "ae_4hr_all", "org"]
                if o in present]
        mapping = mapping.iloc[:0]
    pods = sorted(set(POD_OF_MEASURE.values()))
    totals, removals = model_series(projection, mapping, orgs, pods)
    if orgs and not len(mapping):
        totals = totals[totals["org"] == SYSTEM]
    monthly = monthly_series(pod_values, orgs) if orgs else monthly_series(values.iloc[:0], [])
    if orgs and not len(mapping):
        monthly = monthly[monthly["org"] == SYSTEM]
    achieved = achievement(monthly, totals, removals, weights)
    ev = evidence(achieved)
    from_register = register_signals(scenario, register_facts)
    slip, widen = read_signals(scenario, from_register)
    slips = slip_array(scenario, slip)
    outs = outturns(scenario, projection, finance, ev, slips, recover_by)
    mc = (forecast_draws(scenario, projection, finance.investment_level, ev, slips, widen,
                         recover_by, draws, seed) if draws else None)
    table = forecast_table(outs, mc, years[-1])
    signal_table = (from_register if from_register is not None
                    else scenario.tables.get("register_signals"))
    signal_table = signal_table if signal_table is not None else pd.DataFrame(
        columns=["initiative", "signal", "slip_months", "widen_factor", "source"])
    rates = _run_rates(scenario, values, achieved, totals, delivery, signal_table)
    kpis = (delivery.kpi_summary[["measure", "org"]] if delivery is not None
            else pd.DataFrame(columns=["measure", "org"]))
    when = pd.Timestamp(cutoff) if cutoff else (default_cutoff(monthly) if len(monthly)
                                                 else None)
    bt = (backtest(values, orgs, totals, removals, kpis, when, driving)
          if when is not None and orgs
          else backtest(values.iloc[:0], [], totals, removals, kpis.iloc[:0],
                        pd.Timestamp("2000-01-01")))
    bridges = pd.concat([o.finance.bridge[["order", "step", "value_gbp", "cumulative_gbp"]]
                         .assign(assumption=o.assumption) for o in outs], ignore_index=True)
    bridges = bridges[["assumption", "order", "step", "value_gbp", "cumulative_gbp"]]
    notes = list(achieved.notes)
    if not ev.last_year:
        notes.append("the actuals measure no pod with a planned reduction yet (A&E "
                     "attendances or emergency admissions via A&E at the plan's trusts): "
                     "every assumption keeps the plan")
    if bt.empty:
        notes.append("no back test: it needs a whole year of actuals after a year with a "
                     "planned reduction")
    return Forecast(achieved=achieved, table=table, headline=headline(table), run_rate=rates,
                    notes=tuple(notes),
                    bridges=bridges,
                    backtest=bt, backtest_summary=summary(bt), recover_by=recover_by,
                    cutoff=None if when is None else f"{when:%Y-%m-%d}", draws=draws,
                    seed=seed, signals=signal_table, measured_pods=tuple(sorted(ev.last_year)))


def headline(table: pd.DataFrame) -> pd.DataFrame:
    """One row per assumption: the gap at the horizon (and its odds and range with draws),
    net saving and cumulative net at the horizon, payback year (and its odds)."""
    rows = []
    for name in ASSUMPTIONS:
        t = table[table["assumption"] == name]
        if t.empty:
            continue
        horizon = t["year"].max()
        gap = t[t["metric"] == "bridge_gap_gbp"]
        net = t[(t["metric"] == "net_saving_gbp") & (t["year"] == horizon)]
        cum = t[(t["metric"] == "cumulative_net_gbp") & (t["year"] == horizon)]
        paid = t[t["metric"] == "paid_back"].sort_values("year")
        first = paid[paid["principal"] >= 1.0]
        rows.append({
            "assumption": name, "label": t["label"].iloc[0],
            "bridge_gap_gbp": float(gap["principal"].iloc[0]) if len(gap) else np.nan,
            "gap_closes_probability": float(gap["probability"].iloc[0]) if len(gap) else np.nan,
            "gap_p10_gbp": float(gap["p10"].iloc[0]) if len(gap) else np.nan,
            "gap_p90_gbp": float(gap["p90"].iloc[0]) if len(gap) else np.nan,
            "net_saving_gbp": float(net["principal"].iloc[0]),
            "cumulative_net_gbp": float(cum["principal"].iloc[0]),
            "payback_year": str(first["year"].iloc[0]) if len(first) else "",
            "payback_probability": float(paid["probability"].iloc[-1]) if len(paid) else np.nan})
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)


def _run_rates(scenario, values, achieved: Achievement, totals, delivery,
               signals: pd.DataFrame) -> pd.DataFrame:
    """Run rates for the KPIs the delivery stage charted and for the pod measures."""
    from icsplan.delivery.spc import spc

    by_pod: dict[str, list[str]] = {}
    for rec in signals.to_dict(orient="records"):
        ini = next((i for i in scenario.initiatives if i.id == rec["initiative"]), None)
        for eff in ini.effects if ini is not None else []:
            label = f"{rec['initiative']} {rec['signal'].replace('_', ' ')}"
            by_pod.setdefault(eff.pod, []).append(label)
    flags = {pod: "; ".join(dict.fromkeys(v)) for pod, v in by_pod.items()}
    frames = []
    target_frames = []
    if delivery is not None and len(delivery.spc):
        pts = delivery.spc.merge(delivery.kpi_summary[["measure", "org",
                                                       "improvement_direction"]],
                                 on=["measure", "org"], how="left")
        frames.append(pts)
        target_frames.append(scenario.table("kpi_trajectories")[["measure", "org", "year",
                                                                 "target"]])
    mon = achieved.monthly
    if len(mon):
        base = mon[mon["year"] == mon.apply(
            lambda r: achieved.index_year[(r["measure"], r["org"])], axis=1)]
        annual = base.groupby(["measure", "org"])["value"].sum()
        plan = totals.merge(totals[totals["year"].isin(set(achieved.index_year.values()))]
                            .rename(columns={"year": "iy", "planned": "p0"})[
                                ["org", "pod", "iy", "p0"]], on=["org", "pod"])
        rows = []
        for (measure, org), total in annual.items():
            iy = achieved.index_year[(measure, org)]
            pod = POD_OF_MEASURE[measure]
            p = plan[(plan["org"] == org) & (plan["pod"] == pod) & (plan["iy"] == iy)]
            for r in p.itertuples(index=False):
                rows.append({"measure": measure, "org": org, "year": r.year,
                             "target": r.planned / r.p0 * total / 12.0})
        target_frames.append(pd.DataFrame(rows, columns=["measure", "org", "year", "target"]))
        series = mon[["measure", "org", "period", "value"]].copy()
        spc_log = logging.getLogger("icsplan.delivery.spc")
        level = spc_log.level
        spc_log.setLevel(logging.ERROR)
        try:
            chart = spc(series, "value", "period", ["measure", "org"],
                        improvement_direction="decrease")
        finally:
            spc_log.setLevel(level)
        chart["improvement_direction"] = "decrease"
        chart["unit"] = chart["measure"].map({"ae_attendances": "attendances",
                                              "emergency_admissions_ae": "admissions"})
        frames.append(chart)
    if not frames:
        return run_rates(pd.DataFrame(columns=["measure", "org"]), pd.DataFrame(), {}, [])
    points = pd.concat(frames, ignore_index=True)
    points = points[points["org"] != ENGLAND]
    targets = pd.concat(target_frames, ignore_index=True)
    return run_rates(points, targets, flags, list(scenario.years))
