"""Forecast: the plan against the forecast outturn from delivery to date (with --actuals).

Delivery to date (the achieved share of the planned reduction by pod and organisation), the
three assumptions (continues as achieved, recovers to plan by a year, as planned) beside the
plan: activity, bridge gap with its odds, net saving and payback, and the back test's
accuracy.  Every figure is `icsplan.forecast`'s, called as `pipeline.run_plan` calls it, and
worded and charted as the board pack's "Forecast outturn" section; the recovery year is the
page's one control (each year's forecast is computed once and cached).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import Input, Output, html

from icsplan.app.layout import choice, graph, page, section, table
from icsplan.report.charts import forecast as charts
from icsplan.report.labels import labels_for
from icsplan.report.sections.forecast import forecast_cards, outturn_chart
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.forecast.forecast import Forecast

PATH, NAME, TITLE = "/forecast", "forecast", "Forecast"
DRAWS = 1000  # Monte Carlo draws behind the odds on this page (the runs' default seed)
NO_ACTUALS = ("Start the app with --actuals FILE (NHS England's monthly A&E file or a long "
              "table of monthly measures) to see delivery to date and the plan re-forecast "
              "from it.")
METHODS = {"continues": "continues as achieved", "plan": "the plan",
           "momentum": "momentum (nothing done)", "last_year": "last year repeated"}
#: the headline's money columns, shown in £m as the board pack shows them
MONEY = {"bridge_gap_gbp": "Bridge gap (£m)", "gap_p10_gbp": "Gap, 10th percentile (£m)",
         "gap_p90_gbp": "Gap, 90th percentile (£m)", "net_saving_gbp": "Net saving (£m)",
         "cumulative_net_gbp": "Cumulative net saving (£m)"}


def recovery_years(ctx: AppContext) -> list[str]:
    """The years the plan can recover by: those after the last year of actuals (every plan
    year after the base year when the actuals measure none)."""
    years = list(ctx.scenario.years)[1:]
    f = ctx.base_plan.forecast
    measured = [] if f is None else list(f.achieved.by_pod["year"])
    later = [y for y in years if not measured or y > max(measured)]
    return later or years


def forecast_for(ctx: AppContext, recover_by: str | None = None) -> Forecast | None:
    """The base plan re-forecast with `recover_by` (default the horizon) and DRAWS draws; None
    without actuals (or without an activity model)."""
    plan = ctx.base_plan
    if ctx.actuals is None or plan.forecast is None:
        return None
    year = recover_by or plan.horizon

    def build(p):
        from icsplan.delivery.measures import actual_measures
        from icsplan.forecast.forecast import forecast_plan
        from icsplan.run_options import RunOptions

        return forecast_plan(p.scenario, p.projection, p.finance,
                             actual_measures(ctx.actuals), p.delivery, draws=DRAWS,
                             seed=RunOptions().seed, recover_by=year)

    return ctx.cache.derived(plan, f"forecast:{year}", build)


def delivery_to_date(f: Forecast):
    """Achieved share of the planned reduction by pod, organisation and year (the whole
    system as 'whole system')."""
    d = f.achieved.by_pod
    out = d[["pod", "org", "year", "months", "actual_index", "momentum_index",
             "planned_index", "planned_reduction", "achieved_reduction",
             "share_achieved"]].copy()
    out["org"] = out["org"].replace({"system": "whole system"})
    return out


def results(ctx: AppContext, recover_by: str | None) -> list:
    """Cards, the assumptions beside the plan, the charts, delivery to date, the back test."""
    f = forecast_for(ctx, recover_by)
    plan = ctx.base_plan
    names = labels_for(ctx.scenario)
    horizon = plan.horizon
    cards = html.Div(className="cards", children=[
        html.Div(className="card", id=f"card-forecast-{i}", children=[
            html.Div(value, className="value"), html.Div(label, className="label")])
        for i, (value, label) in enumerate(forecast_cards(f, horizon))])
    head = f.headline.drop(columns=["assumption"]).rename(columns={"label": "assumption"})
    head[list(MONEY)] = head[list(MONEY)] / MILLION
    parts = [section(f"The plan and the forecast outturn in {horizon}", cards, table(
        head, f"The plan and the forecast outturn in {horizon} (£m; odds from {f.draws:,} "
        f"draws, seed {f.seed})", {**dict.fromkeys(MONEY, ",.1f"),
                                   "gap_closes_probability": ".0%",
                                   "payback_probability": ".0%"},
        labels=MONEY, table_id="forecast-headline", names=names),
        graph(charts.gap_by_assumption(f.headline), "forecast-gap"),
        *(graph(outturn_chart(plan, f, pod), f"forecast-activity-{pod}")
          for pod in f.measured_pods))]
    if f.notes:
        parts.append(section("Notes on the inputs", html.Ul([
            html.Li(n[0].upper() + n[1:]) for n in f.notes])))
    parts.append(section("Delivery to date", html.P(
        "Actual activity against momentum (nothing done) and the plan, indexed to the first "
        f"year of actuals = 100; the planned reduction is shared among initiatives "
        f"{f.achieved.attribution}. A share achieved of 1 is the plan delivered, 0 is "
        "momentum, below 0 is growth above momentum.", className="note"),
        table(delivery_to_date(f), "Delivery to date: share of the planned reduction achieved, "
              "by pod and organisation", {"actual_index": ",.1f", "momentum_index": ",.1f",
                                          "planned_index": ",.1f", "planned_reduction": ",.0f",
                                          "achieved_reduction": ",.0f",
                                          "share_achieved": ",.2f"},
              table_id="forecast-delivery", names=names)))
    if len(f.backtest_summary):
        parts.append(section("How good the forecasts were (back test)", html.P(
            f"Forecast from the actuals up to {f.cutoff}, compared with what then happened.",
            className="note"), table(
            f.backtest_summary.assign(method=f.backtest_summary["method"].replace(METHODS)),
            "Back-test accuracy by method",
            {"mean_abs_error_pct": ",.1f", "median_abs_error_pct": ",.1f",
             "coverage80": ".0%", "coverage90": ".0%", "months_within_limits": ".0%"},
            labels={"coverage80": "Outcomes inside the 80% interval",
                    "coverage90": "Outcomes inside the 90% interval"},
            table_id="forecast-backtest", names=names)))
    return parts


def layout(ctx: AppContext) -> html.Div:
    """The recovery year, then the results; one sentence without actuals."""
    if forecast_for(ctx) is None:
        return page("Forecast outturn", section("No actuals", html.P(NO_ACTUALS,
                                                                     id="forecast-missing")))
    years = recovery_years(ctx)
    default = ctx.base_plan.horizon if ctx.base_plan.horizon in years else years[-1]
    return page("Forecast outturn", section(
        "Assumption", html.P("'Recovers to plan' reaches the plan's activity by the year "
                             "chosen; the other two assumptions do not depend on it.",
                             className="note"),
        choice("forecast-recover-by", "Recovers to plan by", [
            {"label": y, "value": y} for y in years], default)),
        html.Div(results(ctx, default), id="forecast-results"))


def register(app, ctx: AppContext) -> None:
    """Recompute the forecast when the recovery year changes."""
    if ctx.actuals is None:
        return

    @app.callback(Output("forecast-results", "children"),
                  Input("forecast-recover-by", "value"), prevent_initial_call=True)
    def recompute(year: str):
        return results(ctx, year if year in recovery_years(ctx) else None)
