"""Activity: trajectories by pod for the whole system, a CCG or a locality, the waterfall of
change factors for that slice, and the locality targets table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import Input, Output, html

from icsplan.app.layout import choice, graph, page, section, table
from icsplan.report.charts import activity as charts
from icsplan.report.labels import labels_for
from icsplan.report.style import pod_label

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.app.context import AppContext
    from icsplan.pipeline import Plan

PATH, NAME, TITLE = "/activity", "activity", "Activity"
ALL = "all"


def slice_summary(plan: Plan, ccg: str = ALL, locality: str = ALL) -> pd.DataFrame:
    """Baseline, momentum and planned by pod and year for the system, a CCG or a locality."""
    frame = plan.activity.by_locality
    if locality != ALL:
        frame = frame[frame["locality"] == locality]
    elif ccg != ALL:
        frame = frame[frame["ccg"] == ccg]
    return (frame.groupby(["pod", "year"], as_index=False, sort=False)
            [["baseline", "momentum", "planned"]].sum())


def slice_factors(plan: Plan, ccg: str = ALL, locality: str = ALL) -> pd.DataFrame:
    """The change factors by pod for the slice (model's own `change_factors`)."""
    where = {"locality": locality} if locality != ALL else {"ccg": ccg} if ccg != ALL else None
    return plan.projection.change_factors(("pod",), where)


def layout(ctx: AppContext) -> html.Div:
    """The activity page: filters, then the charts and the targets table."""
    loc = ctx.scenario.localities
    ccgs = ctx.scenario.ccgs
    return page("Activity", section(
        "Choose a slice",
        choice("activity-ccg", "Commissioner (CCG)", [
            {"label": "Whole system", "value": ALL},
            *({"label": r.name, "value": r.ccg} for r in ccgs.itertuples())], ALL),
        choice("activity-locality", "Locality", locality_options(loc), ALL)),
        html.Div(id="activity-body"))


def locality_options(loc: pd.DataFrame) -> list[dict]:
    """Every locality of a slice as options, after 'every locality'."""
    return [{"label": "Every locality in the slice", "value": ALL},
            *({"label": r.name, "value": r.locality} for r in loc.itertuples())]


def body(ctx: AppContext, ccg: str, locality: str) -> list:
    """Trajectories, waterfall and targets for the slice."""
    plan = ctx.base_plan
    targets = plan.targets
    if locality != ALL:
        targets = targets[targets["locality"] == locality]
    elif ccg != ALL:
        targets = targets[targets["ccg"] == ccg]
    summary = slice_summary(plan, ccg, locality)
    factors = slice_factors(plan, ccg, locality)
    labels = labels_for(plan.scenario)
    pods = list(dict.fromkeys(summary["pod"]))
    return [
        section("Activity by year", small_multiples(
            [charts.pod_trajectory(summary, pod) for pod in pods], "activity-trajectories",
            "Momentum (do nothing, dashed) and planned activity (solid) by year, one chart per "
            "point of delivery.")),
        section("What changes activity", small_multiples(
            [charts.pod_waterfall(factors, plan.horizon, pod, labels) for pod in pods],
            "activity-waterfall", f"From baseline to planned activity in {plan.horizon}, one "
            "chart per point of delivery (the axes do not start at zero).")),
        section("Locality targets", *targets_by_pod(plan, targets)),
    ]


def small_multiples(figures: list, ident: str, caption: str) -> html.Div:
    """One small chart per pod in a grid that reflows with the screen (three across on a
    desktop, one on a phone), so no chart's title or labels overlap another's: the report's
    own per-pod charts, each drawn at the width of its cell."""
    return html.Div(id=ident, className="multiples", children=[
        html.P(caption, className="note"),
        html.Div(className="grid", children=[
            html.Div(graph(fig, f"{ident}-{i}", responsive=True), className="cell")
            for i, fig in enumerate(figures)])])


def targets_by_pod(plan: Plan, targets: pd.DataFrame) -> list:
    """One collapsible table per pod; pods with published targets open (as in the report)."""
    published = set(plan.scenario.targets["pod"])
    fmt = {c: ",.0f" for c in ("population", "baseline", "momentum", "target",
                               "reduction_vs_baseline", "reduction_vs_momentum",
                               "gross_savings_gbp")}
    parts = []
    for pod in dict.fromkeys(targets["pod"]):
        title = f"{pod_label(pod)}: locality targets for {plan.horizon}"
        part = targets[targets["pod"] == pod].drop(columns=["ccg", "pod"])
        shown = table(part, title, fmt, names=labels_for(plan.scenario))
        parts.append(html.Details([html.Summary(title), shown],
                                  open=pod in published or not published))
    return parts


def register(app, ctx: AppContext) -> None:
    """Filter callbacks: the locality list follows the CCG; the body follows both."""

    @app.callback(Output("activity-locality", "options"), Output("activity-locality", "value"),
                  Input("activity-ccg", "value"))
    def localities(ccg: str):
        loc = ctx.scenario.localities
        if ccg != ALL:
            loc = loc[loc["ccg"] == ccg]
        return locality_options(loc), ALL

    @app.callback(Output("activity-body", "children"), Input("activity-ccg", "value"),
                  Input("activity-locality", "value"))
    def update(ccg: str, locality: str):
        return body(ctx, ccg or ALL, locality or ALL)
