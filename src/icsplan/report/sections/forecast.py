"""The report's Forecast outturn section: delivery to date, the plan re-forecast under three
assumptions with the odds the gap closes, what it takes, and how good the forecasts were on
the data (the back test).  Its words are in report/templates/sections/forecast.html."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.charts import forecast as charts
from icsplan.report.components import FigureHtml, Section, cards_html, details_html, table_html
from icsplan.report.labels import labels_for
from icsplan.report.style import pod_label
from icsplan.report.templating import render_macro
from icsplan.vocabulary import money_m

if TYPE_CHECKING:
    from icsplan.forecast.forecast import Forecast
    from icsplan.pipeline import Plan

TEMPLATE = "sections/forecast.html"


def _money(value: float) -> str:
    """Pounds as £m with the sign in front: -£23.3m (a dash when missing)."""
    return "–" if value != value else money_m(value)


def _pct(value: float) -> str:
    return "–" if value != value else f"{value:.0%}"


def forecast_cards(f: Forecast, horizon: str) -> list[tuple[str, str]]:
    """(value, label) of each assumption's gap at the horizon, with its odds and payback (the
    report's cards and the app's)."""
    head = f.headline.set_index("assumption")
    cards = []
    for name in ("continues", "recovers", "as_planned"):
        if name in head.index:
            r = head.loc[name]
            odds = (f"{_pct(r['gap_closes_probability'])} odds the gap closes; "
                    if f.draws else "")
            cards.append((_money(r["bridge_gap_gbp"]),
                          f"gap in {horizon}, {r['label']} ({odds}payback "
                          f"{r['payback_year'] or 'none by ' + horizon})"))
    return cards


def outturn_chart(plan: Plan, f: Forecast, pod: str):
    """A measured pod's activity: the plan, each assumption, momentum and the whole years of
    actuals indexed to the plan (the report's chart and the app's)."""
    summ = plan.activity.summary
    mom = summ[summ["pod"] == pod].set_index("year")["momentum"]
    by_pod = f.achieved.by_pod
    sys_rows = by_pod[(by_pod["org"] == "system") & (by_pod["pod"] == pod)
                      & ~by_pod["partial"]]
    actual = None
    if len(sys_rows):
        first = sys_rows.iloc[0]
        planned0 = float(summ[(summ["pod"] == pod) & (summ["year"] == first["year"])]
                         ["planned"].iloc[0])
        actual = pd.DataFrame({"year": sys_rows["year"],
                               "value": sys_rows["actual_index"] / 100.0 * planned0})
    return charts.outturn_activity(f.table, pod, actual, mom)


def forecast(plan: Plan, figure: FigureHtml) -> str:  # noqa: C901 (one optional block per part of the forecast)
    """Cards, the three assumptions side by side, the charts, delivery to date, run rates
    and the back test."""
    f = plan.forecast
    if f is None:
        return ""
    labels = labels_for(plan.scenario)
    horizon = plan.horizon
    cards = forecast_cards(f, horizon)
    pods = ", ".join(pod_label(p) for p in f.measured_pods) or "none"
    intro = render_macro(TEMPLATE, "intro", pods=pods, attribution=f.achieved.attribution,
                         recover_by=f.recover_by, draws=f"{f.draws:,}" if f.draws else "",
                         seed=f.seed)
    parts = [intro, cards_html(cards)]
    if f.notes:
        parts.append(details_html(f"{len(f.notes)} note(s) on the inputs", render_macro(
            TEMPLATE, "notes", notes=[n[0].upper() + n[1:] for n in f.notes]), open_=True))
    show = f.headline.copy()
    cols = ["label", "bridge_gap_gbp", "gap_closes_probability", "gap_p10_gbp", "gap_p90_gbp",
            "net_saving_gbp", "cumulative_net_gbp", "payback_year", "payback_probability"]
    parts.append(table_html(
        show[cols].rename(columns={"label": "assumption"}),
        f"The plan and the forecast outturn in {horizon} (pounds; probabilities from the "
        "draws)", {"bridge_gap_gbp": ",.0f", "gap_p10_gbp": ",.0f", "gap_p90_gbp": ",.0f",
                   "net_saving_gbp": ",.0f", "cumulative_net_gbp": ",.0f",
                   "gap_closes_probability": ".0%", "payback_probability": ".0%"}, labels))
    parts.append(figure(charts.gap_by_assumption(f.headline)))
    for pod in f.measured_pods:
        parts.append(figure(outturn_chart(plan, f, pod)))
    d = f.achieved.by_pod
    parts.append(table_html(
        d[["measure", "org", "year", "months", "actual_index", "momentum_index",
           "planned_index", "planned_reduction", "achieved_reduction", "share_achieved"]],
        "Delivery to date: actual against momentum and plan (index year = 100; a partial "
        "year against the same months)",
        {"actual_index": ",.1f", "momentum_index": ",.1f", "planned_index": ",.1f",
         "planned_reduction": ",.0f", "achieved_reduction": ",.0f",
         "share_achieved": ",.2f"}, labels))
    parts.append(details_html(
        "Delivery to date by initiative", table_html(
            f.achieved.by_initiative.drop(columns=["partial"]),
            f"Achieved reduction by initiative ({f.achieved.attribution})",
            {"weight": ",.0f", "planned_reduction": ",.0f", "achieved_reduction": ",.0f",
             "share_achieved": ",.2f"}, labels)))
    if len(f.run_rate):
        rr = f.run_rate.assign(**{c: f.run_rate[c].map({True: "yes", False: "no"})
                                  for c in ("recent_concern", "concern_and_signal")})
        parts.append(render_macro(TEMPLATE, "run_rate"))
        parts.append(table_html(
            rr[["measure", "org", "year", "target", "needed_monthly", "process_mean", "lpl",
                "upl", "assurance", "recent_concern", "signals", "concern_and_signal"]],
            "Run rate needed against the process mean and limits",
            {"target": ",.1f", "needed_monthly": ",.1f", "process_mean": ",.1f",
             "lpl": ",.1f", "upl": ",.1f"}, labels))
    if len(f.signals):
        parts.append(details_html("Register signals and the rules applied", table_html(
            f.signals, "Register signals", {"slip_months": ",.1f"}, labels)
            + table_html(f.rules, "Rules", None, labels)))
    if len(f.backtest_summary):
        parts.append(render_macro(TEMPLATE, "backtest", cutoff=f.cutoff))
        parts.append(table_html(
            f.backtest_summary, "Back-test accuracy by method",
            {"mean_abs_error_pct": ",.1f", "median_abs_error_pct": ",.1f",
             "coverage80": ".0%", "coverage90": ".0%", "months_within_limits": ".0%"},
            labels))
        parts.append(details_html("Every back-tested series", table_html(
            f.backtest, "Forecast against outcome",
            {"forecast": ",.1f", "actual": ",.1f", "error_pct": "+,.1f", "lo80": ",.1f",
             "hi80": ",.1f", "lo90": ",.1f", "hi90": ",.1f", "months_within_limits": ".0%"},
            labels)))
    return "".join(parts)


SECTIONS = [Section("Forecast outturn", forecast)]
