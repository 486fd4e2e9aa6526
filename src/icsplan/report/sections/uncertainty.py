"""The report's uncertainty section: how likely the plan is to close the gap, with fan charts
of activity and money and the intervals behind them (only for runs with draws)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.charts import uncertainty as charts
from icsplan.report.components import FigureHtml, Section, cards_html, details_html, table_html
from icsplan.report.labels import labels_for
from icsplan.report.style import pod_label
from icsplan.report.templating import render, trusted
from icsplan.vocabulary import money_m

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.pipeline import Plan


PERCENTILE_COLUMNS = ("pod", "principal", "mean", "p5", "p10", "p50", "p90", "p95")
PERCENTILE_FORMATS = {c: ",.0f" for c in PERCENTILE_COLUMNS[1:]}


def horizon_percentiles(activity: pd.DataFrame, horizon: str) -> pd.DataFrame:
    """Planned activity by pod in the horizon year: the plan and the percentiles of its draws
    (the report's table and the Uncertainty page's)."""
    last = activity[(activity["level"] == "pod") & (activity["measure"] == "planned")
                    & (activity["year"] == horizon)].copy()
    last["pod"] = last["pod"].map(pod_label)
    return last[list(PERCENTILE_COLUMNS)]


def uncertainty_cards(finance: pd.DataFrame, horizon: str) -> list[tuple[str, str]]:
    """The headline cards of a Monte Carlo run (value, label): the chance the gap closes and
    its range, the net saving's range and the chance of payback by the horizon; the report
    and the app's Uncertainty page show the same."""
    fin = finance.set_index(["metric", "year"])
    cards = []
    if ("bridge_gap_gbp", horizon) in fin.index:
        gap = fin.loc[("bridge_gap_gbp", horizon)]
        cards += [(f"{gap['probability']:.0%}", "probability the financial gap closes"),
                  (f"{money_m(gap['p10'])} to {money_m(gap['p90'])}",
                   f"gap in {horizon}, 10th to 90th percentile (plan "
                   f"{money_m(gap['principal'])})")]
    net = fin.loc[("net_saving_gbp", horizon)]
    cards.append((f"{money_m(net['p10'])} to {money_m(net['p90'])}",
                  f"net saving in {horizon}, 10th to 90th percentile"))
    paid = fin.loc[("paid_back", horizon)]
    cards.append((f"{paid['probability']:.0%}", f"probability of payback by {horizon}"))
    return cards


def uncertainty(plan: Plan, figure: FigureHtml) -> str:
    """Cards, the gap range, the money and activity fan charts and the intervals."""
    unc = plan.uncertainty
    if unc is None:
        return ""
    fin = unc.finance.set_index(["metric", "year"])
    horizon = plan.horizon
    cards = uncertainty_cards(unc.finance, horizon)
    parts = [cards_html(cards)]
    if ("bridge_gap_gbp", horizon) in fin.index:
        parts.append(figure(charts.gap_range(unc.finance)))
    parts.append(figure(charts.money_fan(unc.finance)))
    parts.append(figure(charts.activity_fan(unc.activity)))
    parts.append(table_html(horizon_percentiles(unc.activity, horizon),
                            f"Planned activity in {horizon}: the plan and the percentiles of "
                            "its draws", PERCENTILE_FORMATS, labels_for(plan.scenario)))
    intervals = plan.scenario.intervals
    if len(intervals):
        parts.append(details_html(f"The {len(intervals)} uncertain inputs and their sources",
                                  table_html(intervals, "Intervals (10th and 90th percentiles)",
                                             {"p10": ",.2f", "p90": ",.2f"},
                                             labels_for(plan.scenario))))
    return render("sections/uncertainty.html", draws=f"{unc.draws:,}", seed=unc.seed,
                  poisson=unc.poisson, parts=[trusted(p) for p in parts])


SECTIONS = [Section("How likely is the plan? Uncertainty", uncertainty)]
