"""Options appraisal: the hospital-reconfiguration options' access, flows, beds, economics and
scores as the report shows them (the same plan's `Appraisal`, the report's tables and charts),
with the criteria weights adjustable: the options are re-scored and re-ranked by the
appraisal's own weighted sum (`appraisal.weights`) whenever a weight changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import dcc, html

from icsplan.app.layout import graph, page, section, table
from icsplan.report.charts.appraisal import access_maps, beds_chart, scores_chart
from icsplan.report.labels import labels_for
from icsplan.report.sections import appraisal as report

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.app.context import AppContext
    from icsplan.appraisal.appraise import Appraisal

NEEDS_ACTIVITY = True  # the appraisal runs on the activity model (app.applies)
PATH, NAME, TITLE = "/appraisal", "appraisal", "Options appraisal"
RANKS_ID, CHART_ID, PROBLEM_ID, RESET_ID = ("appraisal-ranks", "appraisal-scores",
                                            "weights-problem", "weights-reset")


def weight_id(criterion: str) -> str:
    """The id of a criterion's weight input."""
    return f"weight-{criterion}"


def _site_names(a: Appraisal) -> dict[str, str]:
    return dict(zip(a.option_set.sites["site"], a.option_set.sites["name"], strict=True))


def _named_sites(frame: pd.DataFrame, a: Appraisal) -> pd.DataFrame:
    """Site-coded columns ('basildon', 'basildon 85%') headed by the site's name."""
    names = _site_names(a)

    def head(col: str) -> str:
        site, _, rest = str(col).partition(" ")
        return f"{names[site]} {rest}".strip() if site in names else col

    return frame.rename(columns={c: head(c) for c in frame.columns})


def option_parts(ctx: AppContext, a: Appraisal) -> list:
    """The options, access, flows, beds and economics: the report's tables and charts."""
    names = labels_for(ctx.scenario)
    options = [o.option for o in a.option_set.options]
    access = report.access_table(a)
    parts = [section("The options", table(report.configurations_table(a),
                                          "Where each option puts each service", names=names),
                     *_illustrative(ctx))]
    labels = {o.option: "today" if o.current else o.option for o in a.option_set.options}
    parts.append(section(
        "Access",
        table(access, "Access to the specialist emergency hospital (percent of the population "
              "within 30/45/60 minutes; minutes)",
              {c: ".1f" for c in access.columns if c != "option"}
              | {"change_mean_minutes": "+.1f", "change_within_30_pct": "+.1f"}, names=names),
        graph(access_maps(a.area_times, a.option_set.sites, ctx.scenario.option_services,
                          options, labels)),
        html.P("One map per option (short names, so they fit a phone; what each option puts "
               "where is in the first table); its specialist emergency hospital is the red "
               "star.", className="note")))
    flows = _named_sites(report.emergency_flows_table(a), a)
    beds = _named_sites(report.beds_table(a), a)
    parts.append(section(
        "Flows and beds",
        table(flows, "Emergency (non-elective) admissions a year by receiving site",
              {c: ",.0f" for c in flows.columns if c != "option"}, names=names),
        graph(beds_chart(a.beds, _site_names(a), options)),
        table(beds, "Beds needed by site at 85% and 92% occupancy",
              {c: ",.0f" for c in beds.columns if c != "option"}, names=names)))
    if a.economics is not None:
        parts.append(section("Economics", _economics(a)))
    return parts


def _economics(a: Appraisal) -> html.Div:
    econ, years = report.economics_table(a)
    return table(econ, f"Economics over {years} years (Green Book discounting: 3.5% years "
                 "0-30, 3.0% after)", {c: ",.1f" for c in econ.columns[1:]},
                 labels={c: c[:1].upper() + c[1:] for c in econ.columns})


def _illustrative(ctx: AppContext) -> list:
    flagged = report.illustrative_items(ctx.scenario)
    if not flagged:
        return []
    return [html.P("Illustrative inputs (no published value; see each row's source): "
                   + ", ".join(flagged) + ".", className="note")]


def weight_inputs(criteria: pd.DataFrame) -> html.Fieldset:
    """One labelled number input per criterion, its problem beside it."""
    fields = []
    for rec in criteria.to_dict(orient="records"):
        ident = weight_id(rec["criterion"])
        fields.append(html.Div(className="lever", children=[
            html.Label(rec["name"], htmlFor=ident),
            dcc.Input(id=ident, type="number", step=1, value=float(rec["weight_pct"]),
                      debounce=True),
            html.Div(id=f"{ident}-problem", className="problem", role="alert")]))
    return html.Fieldset([
        html.Legend("Criteria weights"),
        html.P("Weights are shares of the total: they are scaled to add up to 100%.",
               className="note"),
        *fields,
        html.Div(id=PROBLEM_ID, className="problem", role="alert"),
        html.Button("Reset to the stated weights", id=RESET_ID, className="secondary")])


def chart_criteria(criteria: pd.DataFrame, weights_pct=None) -> pd.DataFrame:
    """The criteria as the scores chart's legend names them: the short name (before a
    colon, so the legend fits a phone) and the weight in use."""
    shown = criteria.assign(name=criteria["name"].str.split(":").str[0])
    return shown if weights_pct is None else shown.assign(weight_pct=weights_pct)


def score_parts(ctx: AppContext, a: Appraisal) -> list:
    """Weights to adjust, the scores chart and the ranks (at the stated weights to begin)."""
    from icsplan.appraisal.weights import rank_table

    criteria = ctx.scenario.criteria
    sens = report.ranking_table(a)
    names = dict(zip(criteria["criterion"], criteria["name"], strict=True))
    sens["most sensitive weight"] = [names.get(c, c) for c in sens["most sensitive weight"]]
    return [section(
        "Scores and ranks",
        html.Div(className="columns", children=[
            weight_inputs(criteria),
            html.Div([graph(scores_chart(a.scores, chart_criteria(criteria)), CHART_ID),
                      html.Div(ranks_table(rank_table(a.scores, a.scores)), id=RANKS_ID,
                               **{"aria-live": "polite"})])]),
        html.Details([html.Summary("How sensitive the ranks are to the stated weights"),
                      table(sens, "Ranks and the weight each option's place is most sensitive "
                            "to (switching value: the weight at which the option starts, or "
                            "for the top option stops, ranking first)",
                            {"total": ".2f", "stated %": ".0f", "switches at %": ".1f",
                             "change (points)": "+.1f", "first in weight draws %": ".1f"},
                            labels={c: c[:1].upper() + c[1:] for c in sens.columns})]))]


def ranks_table(ranks: pd.DataFrame) -> html.Div:
    """The ranks at the chosen weights beside the stated ones."""
    return table(ranks, "Ranks at the chosen weights (1 = best) and at the stated weights",
                 {"total": ".2f", "stated total": ".2f", "rank": ".0f", "stated rank": ".0f",
                  "places moved": "+.0f"},
                 labels={"option": "Option", "total": "Total", "rank": "Rank",
                         "stated total": "Stated total", "stated rank": "Stated rank",
                         "places moved": "Places moved"}, table_id="rank-table")


def layout(ctx: AppContext) -> html.Div:
    """The appraisal of the scenario as loaded."""
    a = ctx.base_plan.appraisal
    if a is None:
        return page(TITLE, section("No options", html.P(
            "This scenario has no hospital-reconfiguration options to appraise.")))
    parts = option_parts(ctx, a)
    if a.scores is not None:
        parts += score_parts(ctx, a)
    return page(f"{TITLE}: {len(a.option_set.candidates)} options for "
                f"{a.activity_year}", *parts)


def register(app, ctx: AppContext) -> None:
    """Re-rank on any weight change; reset the weights to the stated ones."""
    from dash import Input, Output, no_update

    from icsplan.appraisal.weights import rank_table, rescore, user_weights

    criteria = ctx.scenario.criteria
    if criteria.empty:
        return
    codes = list(criteria["criterion"])
    inputs = [Input(weight_id(c), "value") for c in codes]

    @app.callback(Output(CHART_ID, "figure"), Output(RANKS_ID, "children"),
                  Output(PROBLEM_ID, "children"),
                  *[Output(f"{weight_id(c)}-problem", "children") for c in codes],
                  *inputs, prevent_initial_call=True)
    def rerank(*values):
        a = ctx.base_plan.appraisal
        weights, problems = user_weights(criteria, list(values))
        shown = [problems.get(c, "") for c in codes]
        if weights is None:
            return no_update, no_update, problems.get("", ""), *shown
        chosen = rescore(a.scores, criteria, weights)
        used = chart_criteria(criteria, (100 * weights).round(1))
        return (scores_chart(chosen, used), ranks_table(rank_table(a.scores, chosen)), "",
                *shown)

    @app.callback(*[Output(weight_id(c), "value") for c in codes], Input(RESET_ID, "n_clicks"),
                  prevent_initial_call=True)
    def reset(_clicks):
        return [float(w) for w in criteria["weight_pct"]]
