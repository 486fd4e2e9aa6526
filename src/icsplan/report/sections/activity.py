"""The report's activity sections: headline figures, trajectories, the waterfall of change
factors and the locality targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.headline import WORDS, activity_value_gbp
from icsplan.report.charts import activity as charts
from icsplan.report.components import (
    FigureHtml,
    Section,
    cards_html,
    chart_html,
    details_html,
    table_html,
)
from icsplan.report.labels import labels_for, money
from icsplan.report.style import pod_label
from icsplan.vocabulary import THOUSAND

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def headline(plan: Plan, figure: FigureHtml) -> str:
    """Headline cards: population, localities, contacts avoided, change by pod, savings."""
    s = plan.scenario
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    fewer = float((last["momentum"] - last["planned"]).sum())
    registered = int(s.localities["population"].sum())
    pop = plan.population
    people = (f"{pop.people:,}", f"people in the population run ({pop.people / registered:.1%} "
              f"of the {registered:,} registered)") if pop is not None and pop.people else (
        f"{registered:,}", "registered population")
    cards = [
        people,
        (f"{len(s.localities)} in {s.localities['ccg'].nunique()} CCGs", "localities"),
        (f"{fewer:,.0f}", f"fewer hospital contacts than momentum by {plan.horizon}"),
    ]
    for row in last.itertuples():
        cards.append((f"{row.change_vs_momentum_pct:+.2f}%", f"{pod_label(row.pod)} vs momentum"))
    cards.append((money(activity_value_gbp(plan)),
                  WORDS["activity-value"].format(horizon=plan.horizon)))
    return cards_html(cards)


def trajectories(plan: Plan, figure: FigureHtml) -> str:
    """Momentum and planned activity by year, with the horizon's system table."""
    labels = labels_for(plan.scenario)
    summ = plan.activity.summary
    table = summ[summ["year"] == plan.horizon][
        ["pod", "baseline", "momentum", "planned", "change_vs_baseline_pct",
         "change_vs_momentum_pct"]]
    fmt = {"baseline": ",.0f", "momentum": ",.0f", "planned": ",.0f",
           "change_vs_baseline_pct": "+.2f", "change_vs_momentum_pct": "+.2f"}
    caption = (f"Activity by year from {labels.base_year} to {plan.horizon}, one panel per "
               "point of delivery: momentum (do nothing, dashed red) rises with demographic and "
               "non-demographic growth; planned activity (solid blue) is momentum less what the "
               "initiatives remove or shift.")
    pods = list(dict.fromkeys(summ["pod"]))
    return chart_html(figure, [charts.pod_trajectory_figure(summ, pod) for pod in pods], caption,
                      summ[["pod", "year", "momentum", "planned"]], fmt, labels) + table_html(
        table, f"System activity in {plan.horizon}", fmt, labels)


def waterfall(plan: Plan, figure: FigureHtml) -> str:
    """The change factors from baseline to planned at the horizon, per pod."""
    labels = labels_for(plan.scenario)
    factors = plan.activity.change_factors
    at = factors[factors["year"] == plan.horizon]
    caption = (f"From {labels.base_year} activity to planned activity in {plan.horizon}, one "
               "panel per point of delivery: momentum growth adds activity (red), each "
               "initiative removes or shifts it (green), the blue bars are the totals. The "
               "axes start near the smallest total so the changes can be seen.")
    pods = list(dict.fromkeys(at["pod"]))
    return chart_html(figure, [charts.pod_waterfall_figure(factors, plan.horizon, pod, labels)
                               for pod in pods], caption,
                      at[["pod", "factor", "value"]], {"value": "+,.0f"}, labels)


def localities(plan: Plan, figure: FigureHtml) -> str:
    """Locality targets per pod, collapsible; pods with published targets open."""
    labels = labels_for(plan.scenario)
    t = plan.targets.assign(gross_savings_gbpk=lambda f: f["gross_savings_gbp"] / THOUSAND)
    t = t.drop(columns="gross_savings_gbp")
    parts = []
    fmt = {c: ",.0f" for c in ("population", "baseline", "momentum", "target",
                               "reduction_vs_baseline", "reduction_vs_momentum",
                               "gross_savings_gbpk")}
    targeted = set(plan.scenario.targets["pod"])
    for pod in dict.fromkeys(t["pod"]):
        part = t[t["pod"] == pod].drop(columns="pod")
        title = f"{labels.value('pod', pod)}: locality targets for {plan.horizon}"
        parts.append(details_html(title, table_html(part, title, fmt, labels),
                                  open_=pod in targeted or not targeted))
    return "".join(parts)


SECTIONS = [
    Section("Headline figures", headline),
    Section("Activity trajectories", trajectories),
    Section("What changes activity", waterfall),
    Section("Locality targets", localities),
]
