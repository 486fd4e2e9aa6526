"""Reconciliation: every published figure beside icsplan's recomputation, filterable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import Input, Output, html

from icsplan.app.layout import choice, page, section, table
from icsplan.backtest.findings import findings_frame, forensics_summary
from icsplan.report.labels import labels_for

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/reconciliation", "reconciliation", "Reconciliation"
ALL = "all"


def layout(ctx: AppContext) -> html.Div:
    """Filters by published table and status, then the findings."""
    frame = findings_frame(list(ctx.base_plan.findings))
    tables = sorted(frame["table"].unique())
    names = labels_for(ctx.scenario)
    return page("Reconciliation with the published plan", *adds_up(ctx), section("Filter", html.P(
        "Each published figure is recomputed from its own inputs and compared at its "
        "published rounding. Differs: icsplan's figure does not round to the published one; "
        "inconsistent: the seeds contradict themselves, and the note says which figure the "
        "model follows."),
        choice("recon-table", "Published table", [
            {"label": "Every table", "value": ALL},
            *({"label": names.words(t), "value": t} for t in tables)],
            ALL),
        choice("recon-status", "Status", [
            {"label": "Differs or inconsistent", "value": "open"},
            {"label": "Every figure", "value": ALL},
            *({"label": s.capitalize(), "value": s} for s in ("match", "differs",
                                                              "inconsistent"))],
            "open")),
        html.Div(id="recon-body"))


def adds_up(ctx: AppContext) -> list[html.Section]:
    """Plan forensics counted by published document (none when the scenario names none)."""
    counts = forensics_summary(list(ctx.base_plan.findings))
    if counts.empty:
        return []
    return [section("Does the plan add up?", html.P(
        "Each published document's own arithmetic, rule by rule, at the figures' printed "
        "rounding (parts and totals, net, growth and shares, repeated figures, series and "
        "targets). A failed rule is listed below as inconsistent, with the figures and the "
        "reading that would make it hold; its rule column gives its kind."),
        table(counts, "Plan forensics: rules by document", table_id="recon-forensics"))]


def register(app, ctx: AppContext) -> None:
    """The findings follow the filters."""

    @app.callback(Output("recon-body", "children"), Input("recon-table", "value"),
                  Input("recon-status", "value"))
    def update(table_name: str, status: str):
        frame = findings_frame(list(ctx.base_plan.findings)).drop(columns=["tolerance"])
        if table_name and table_name != ALL:
            frame = frame[frame["table"] == table_name]
        if status == "open":
            frame = frame[frame["status"] != "match"]
        elif status and status != ALL:
            frame = frame[frame["status"] == status]
        return section(f"{len(frame)} figures", table(
            frame, "Published and recomputed figures",
            {"published": ",.2f", "recomputed": ",.2f", "difference": "+,.2f"},
            table_id="recon-table-body", names=labels_for(ctx.scenario)))
