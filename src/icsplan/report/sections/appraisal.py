"""The report's options-appraisal section (and the body of `icsplan options`' own page).

Access maps, flows and beds, economics, scores with ranks and switching values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.appraisal.scoring import most_sensitive
from icsplan.report.charts.appraisal import access_maps_figure, beds_figure, scores_figure
from icsplan.report.components import FigureHtml, Section, table_html
from icsplan.report.labels import labels_for
from icsplan.report.style import SERVICE_LABELS
from icsplan.report.templating import render, trusted
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.appraisal.appraise import Appraisal
    from icsplan.pipeline import Plan
    from icsplan.scenario.model import Scenario


def configurations_table(a: Appraisal) -> pd.DataFrame:
    """Where each option puts each service, sites by name."""
    names = dict(zip(a.option_set.sites["site"], a.option_set.sites["name"], strict=True))
    rows = []
    for o in a.option_set.options:
        row = {"option": o.option, "name": o.name}
        for service in ("specialist_emergency", "emergency_centre", "local_emergency_centre",
                        "elective_centre"):
            row[SERVICE_LABELS[service]] = ", ".join(names[s] for s in o.services.get(service,
                                                                                        ()))
        rows.append(row)
    return pd.DataFrame(rows)


def access_table(a: Appraisal) -> pd.DataFrame:
    """Access to specialist emergency care by option, over all localities: shares within 30,
    45 and 60 minutes, mean and worst minutes (and the change from today where given)."""
    acc = a.access[(a.access["service"] == "specialist_emergency")
                   & (a.access["locality"] == "all")]
    cols = ["option", "within_30_pct", "within_45_pct", "within_60_pct", "mean_minutes",
            "worst_minutes"]
    cols += [c for c in ("change_mean_minutes", "change_within_30_pct") if c in acc.columns]
    return acc[cols]


def economics_table(a: Appraisal) -> tuple[pd.DataFrame, int]:
    """The options' economics in £m with the columns people read, and the years appraised
    (the report's table and the app's Options appraisal page)."""
    econ = a.economics[["option", "capital_gbp", "capital_with_optimism_bias_gbp",
                        "annual_revenue_change_gbp", "npv_gbp", "eac_gbp"]].copy()
    for col in econ.columns[1:]:
        econ[col] = econ[col] / MILLION
    econ.columns = ["option", "capital £m", "capital with optimism bias £m",
                    "revenue change £m a year", "NPV £m", "EAC £m a year"]
    return econ, int(a.economics["appraisal_years"].iloc[0])


def beds_table(a: Appraisal) -> pd.DataFrame:
    """Beds needed by option and site at 85% and 92% occupancy."""
    wide = a.beds.pivot_table(index="option", columns="site", values=["beds_85", "beds_92"])
    wide.columns = [f"{site} {occ.replace('beds_', '')}%" for occ, site in wide.columns]
    order = [o.option for o in a.option_set.options]
    return wide.reindex(order).reset_index()


def emergency_flows_table(a: Appraisal) -> pd.DataFrame:
    """Non-elective admissions by option and site."""
    sa = a.site_activity[a.site_activity["pod"] == "non_elective"]
    wide = sa.pivot_table(index="option", columns="site", values="activity", aggfunc="sum")
    order = [o.option for o in a.option_set.options]
    return wide.reindex(order).reset_index()


def ranking_table(a: Appraisal) -> pd.DataFrame:
    """Ranks and totals with the weight each option's place is most sensitive to."""
    totals = a.scores[a.scores["criterion"] == "total"].set_index("option")
    sens = most_sensitive(a.sensitivity)
    first = a.sensitivity.groupby("option")["first_in_draws_pct"].first()
    table = pd.DataFrame({
        "option": totals.index, "total": totals["weighted"].to_numpy(),
        "rank": totals["rank"].to_numpy(),
        "most sensitive weight": [_criterion(sens, o) for o in totals.index],
        "stated %": [sens.loc[o, "weight_pct"] for o in totals.index],
        "switches at %": [sens.loc[o, "switch_at_pct"] for o in totals.index],
        "change (points)": [sens.loc[o, "change_pct_points"] for o in totals.index],
        "first in weight draws %": first.reindex(totals.index).to_numpy()})
    return table.sort_values("rank")


def _criterion(sens: pd.DataFrame, option: str) -> str:
    """The option's most sensitive weight, or a note that no single weight changes its place."""
    crit = sens.loc[option, "criterion"] if option in sens.index else None
    return crit if isinstance(crit, str) else "none: no single weight changes it"


def illustrative_items(scenario: Scenario) -> list[str]:
    """The appraisal tables (file names) with rows the scenario marks ILLUSTRATIVE."""
    found = []
    for name in ("option_costs", "criteria", "option_scores", "appraisal_parameters"):
        t = scenario.table(name)
        if not t.empty and t["source"].str.contains("ILLUSTRATIVE").any():
            found.append(f"{name}.csv")
    return found


def appraisal_html(a: Appraisal, scenario: Scenario, figure: FigureHtml) -> str:
    """The appraisal section's HTML."""
    names_of = labels_for(scenario)

    def table(frame: pd.DataFrame, caption: str, formats: dict | None = None) -> str:
        return table_html(frame, caption, formats, names_of)

    sources = ", ".join(f"{s}: {src}" for s, src in a.travel_sources.items())
    parts = []
    parts.append(table(configurations_table(a), "Where each option puts each service"))
    access = access_table(a)
    parts.append(table(access, "Access to the specialist emergency hospital (percent of "
                       "the population within 30/45/60 minutes; minutes)",
                       {c: ".1f" for c in access.columns if c != "option"}
                       | {"change_mean_minutes": "+.1f", "change_within_30_pct": "+.1f"}))
    options = [o.option for o in a.option_set.options]
    short = dict(zip(a.option_set.sites["site"], a.option_set.sites["name"].str.replace(
        " University", "").str.replace(" Hospital", ""), strict=True))
    labels = {o.option: ("today" if o.current else o.option) + ": specialist at "
              + ", ".join(short[s] for s in o.services.get("specialist_emergency", ()))
              for o in a.option_set.options}
    parts.append(figure(access_maps_figure(a.area_times, a.option_set.sites,
                                           scenario.option_services, options, labels)))
    parts.append(table(emergency_flows_table(a), "Emergency (non-elective) admissions a year by "
                        "receiving site", {c: ",.0f" for c in a.option_set.sites["site"]}))
    names = dict(zip(a.option_set.sites["site"], a.option_set.sites["name"], strict=True))
    parts.append(figure(beds_figure(a.beds, names, options)))
    beds = beds_table(a)
    parts.append(table(beds, "Beds needed by site at 85% and 92% occupancy",
                       {c: ",.0f" for c in beds.columns if c != "option"}))
    if a.economics is not None:
        econ, years = economics_table(a)
        parts.append(table(econ, f"Economics over {years} years (Green Book discounting: 3.5% "
                            "years 0-30, 3.0% after)", {c: ",.1f" for c in econ.columns[1:]}))
    if a.scores is not None:
        parts.append(figure(scores_figure(a.scores, scenario.criteria)))
        parts.append(table(ranking_table(a), "Ranks and the weight each option's place is most "
                            "sensitive to (switching value: the weight at which the option "
                            "starts, or for the top option stops, ranking first)",
                            {"total": ".2f", "stated %": ".0f", "switches at %": ".1f",
                             "change (points)": "+.1f", "first in weight draws %": ".1f"}))
    return render("sections/appraisal.html", options=len(a.option_set.candidates),
                  year=a.activity_year, areas=len(a.option_set.areas), sources=sources,
                  people=f"{a.option_set.areas['population'].sum():,.0f}",
                  flagged=illustrative_items(scenario), parts=[trusted(p) for p in parts])


def appraisal(plan: Plan, figure: FigureHtml) -> str:
    """The section for `icsplan run` (empty when the scenario has no options)."""
    if plan.appraisal is None:
        return ""
    return appraisal_html(plan.appraisal, plan.scenario, figure)


SECTIONS = [Section("Options appraisal", appraisal)]
