"""Delivery: KPI SPC charts and their summary (when the delivery modules are installed and the
plan tracks actuals), and the programme register (schemes and QIPP, milestones, the risk heat
map, maturity) when a store is configured.  Charts are the report's own."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from dash import html

from icsplan.app.layout import graph, page, section, table
from icsplan.report.labels import labels_for

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/delivery", "delivery", "Delivery"


def _charts(subject: str):
    """`report.charts.<subject>` when that stage is installed, else None."""
    try:
        return importlib.import_module(f"icsplan.report.charts.{subject}")
    except ImportError:
        return None


def kpi_parts(ctx: AppContext) -> list:
    """The KPI summary and one SPC chart per measure and organisation, if tracked."""
    charts = _charts("delivery")
    result = getattr(ctx.base_plan, "delivery", None)
    if charts is None or result is None:
        return [section("Key performance indicators", html.P(
            "No delivery tracking in this run: it needs the delivery stage and actuals "
            "(see docs/app.md).", className="note"))]
    kpi = result.kpi_summary
    cols = [c for c in ("name", "org", "latest_period", "latest_value", "target", "mean",
                        "variation_reading", "assurance_reading") if c in kpi.columns]
    parts = [table(kpi[cols], "Key performance indicators: latest month, SPC variation and "
                   "assurance", names=labels_for(ctx.scenario))]
    groups = dict(tuple(result.spc.groupby(["measure", "org"], sort=False)))
    for r in kpi.itertuples(index=False):
        points = groups.get((r.measure, r.org))
        if points is not None:
            parts.append(graph(charts.spc_chart(
                points, f"{r.name}: {r.org}", r.unit,
                f"{r.variation_reading}. {r.assurance_reading}.")))
    return [section("Key performance indicators", *parts)]


def register_parts(ctx: AppContext) -> list:
    """Schemes and QIPP, milestones, risks and maturity from the store's register."""
    if ctx.engine is None:
        return [section("Programme register", html.P(
            "No store configured: start the app with --db URL to see schemes, milestones, "
            "risks and maturity.", className="note"))]
    from icsplan.store.summary import summarise

    with ctx.transaction("reader") as session:
        reg = summarise(session)
    if reg.programmes.empty and reg.risks.risks.empty and reg.maturity.empty:
        return [section("Programme register", html.P(
            "The register is empty: load it with `icsplan register init --seed mse-2016` or "
            "`icsplan register import`.", className="note"))]
    charts = _charts("register")
    names = labels_for(ctx.scenario)
    parts = []
    if not reg.qipp.empty:
        parts.append(section("Schemes and QIPP", *(
            [graph(charts.qipp_pipeline(reg.qipp))] if charts else []),
            table(reg.programmes, "Schemes by programme and status (£)",
                  {c: ",.0f" for c in ("planned_gbp", "forecast_gbp", "investment_gbp")},
                  names=names)))
    if not reg.milestones.empty:
        parts.append(section("Milestones", *(
            [graph(charts.milestone_slippage(reg.milestones))] if charts else []),
            table(reg.milestones.drop(columns=["id", "scheme_id"]),  # ids are not for people
                  "Milestones and slippage (days)", names=names)))
    if not reg.risks.risks.empty:
        parts.append(section("Risks", *(
            [graph(charts.risk_heat_map(reg.risks.heat_map))] if charts else []),
            table(reg.risks.top[["id", "description", "impact", "likelihood", "score", "rag"]],
                  "Top risks by score", names=names)))
    if not reg.maturity.empty:
        parts.append(section("Locality maturity", *(
            [graph(charts.maturity(reg.maturity))] if charts else []),
            html.Details([html.Summary("Localities at each level, by quarter (table)"),
                          table(reg.maturity, "Localities at each level of maturity",
                                {"share": ".0%"}, names=names)])))
    return parts


def layout(ctx: AppContext) -> html.Div:
    """KPIs, then the register."""
    return page("Delivery", *kpi_parts(ctx), *register_parts(ctx))


def register(app, ctx: AppContext) -> None:
    """The delivery page has no callbacks."""
