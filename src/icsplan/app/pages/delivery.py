"""Delivery: the KPIs' Making Data Count summary (variation and assurance icons, trusts by
name), their SPC charts and the plan against actual activity (the --actuals file given at
start-up and the months uploaded to the register, the register's winning: app/tracking.py),
filtered by measure and organisation; then the programme register (schemes and QIPP,
milestones, the risk heat map, maturity) when a store is configured.  Charts are the
report's own."""

from __future__ import annotations

import base64
import html as htmllib
import importlib
import re
from typing import TYPE_CHECKING

import pandas as pd
from dash import html

from icsplan.app.layout import choice, graph, page, section, table
from icsplan.app.tracking import sources_sentence, tracked
from icsplan.report.labels import Labels, labels_for
from icsplan.report.style import KPI_LABELS

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.delivery.track import DeliveryResult

PATH, NAME, TITLE = "/delivery", "delivery", "Delivery"
ALL = "all"
OPEN_UP_TO = 4  # SPC charts are shown open when the filters leave this many or fewer


def _charts(subject: str):
    """`report.charts.<subject>` when that stage is installed, else None."""
    try:
        return importlib.import_module(f"icsplan.report.charts.{subject}")
    except ImportError:
        return None


def kpi_parts(ctx: AppContext, measure: str = ALL, org: str = ALL) -> list:
    """The KPIs' Making Data Count summary (variation and assurance icons, trusts by name),
    their SPC charts and plan against actual, narrowed to one measure and/or organisation
    by the filters, with a sentence on where each series' actuals come from (the --actuals
    file, the register's uploads, or both); a note when nothing is tracked."""
    charts = _charts("delivery")
    t = tracked(ctx)
    if charts is None or t.result is None:
        upload = (" or upload a month's actuals on the Register page" if ctx.engine is not None
                  else "")
        return [section("Key performance indicators", html.P(
            f"No delivery tracking in this run: start the app with --actuals FILE{upload} "
            "(the KPI actuals in the long CSV format; see docs/app.md).", className="note"))]
    return [section("Key performance indicators",
                    html.P(sources_sentence(t), className="note", id="delivery-sources"),
                    filters(t.result),
                    html.Div(kpi_view(ctx, measure, org, t.result), id="delivery-kpi",
                             **{"aria-live": "polite"})),
            section("Plan against actual", html.Div(versus_view(ctx, measure, t.result),
                                                    id="delivery-versus"))]


def filters(result: DeliveryResult) -> html.Div:
    """Radio buttons: one measure or all, one organisation or all (trusts by name)."""
    kpi = result.kpi_summary
    measures = list(dict.fromkeys([*kpi["measure"], *result.plan_vs_actual["measure"]]))
    orgs = dict(zip(kpi["org"], kpi["org_name"], strict=True))
    return html.Div(className="filters", children=[
        choice("delivery-measure", "Measure",
               [{"label": "All measures", "value": ALL}]
               + [{"label": KPI_LABELS.get(m, m), "value": m} for m in measures], ALL),
        choice("delivery-org", "Organisation",
               [{"label": "All organisations", "value": ALL}]
               + [{"label": str(name or code), "value": code} for code, name in orgs.items()],
               ALL)])


def _chosen(frame: pd.DataFrame, measure: str, org: str | None = None) -> pd.DataFrame:
    keep = frame["measure"] == measure if measure != ALL else frame["measure"].notna()
    if org not in (None, ALL):
        keep &= frame["org"] == org
    return frame[keep]


def kpi_view(ctx: AppContext, measure: str = ALL, org: str = ALL,
             result: DeliveryResult | None = None) -> list:
    """The icon summary table and the SPC charts of the chosen KPIs (of `result`, else of
    the page's tracking now)."""
    from icsplan.report.charts.delivery import spc_chart

    result = result if result is not None else tracked(ctx).result
    kpi = _chosen(result.kpi_summary, measure, org)
    if kpi.empty:
        return [html.P("No key performance indicator matches these filters.",
                       className="note", id="delivery-none")]
    parts = [icon_table(kpi)]
    groups = dict(tuple(result.spc.groupby(["measure", "org"], sort=False)))
    for name, rows in kpi.groupby("name", sort=False):
        shown = []
        for r in rows.itertuples(index=False):
            ahead = result.future[(result.future["measure"] == r.measure)
                                  & (result.future["org"] == r.org)]
            shown.append(graph(spc_chart(
                groups[(r.measure, r.org)], f"{r.name}: {r.org_name or r.org}", r.unit,
                f"{r.variation_reading}. {r.assurance_reading}.", ahead)))
        parts.append(html.Details([html.Summary(f"{name}: SPC charts ({len(shown)})"),
                                   *shown], open=len(kpi) <= OPEN_UP_TO))
    return parts


def _icon(svg: str) -> html.Img:
    """An SVG icon of `report.icons` as an image, its own label as the alternative text."""
    label = re.search(r'aria-label="([^"]*)"', svg)
    text = htmllib.unescape(label.group(1)) if label else ""
    data = base64.b64encode(svg.encode()).decode()
    return html.Img(src=f"data:image/svg+xml;base64,{data}", alt=text, title=text,
                    width="36", height="36")


def _value(v: object, unit: str) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "–"
    return f"{v:.1f}%" if unit == "%" else f"{v:,.0f}"


def icon_table(kpi: pd.DataFrame) -> html.Div:
    """The Making Data Count summary: one row per measure and organisation, with the
    variation and assurance icons (each with its words as alternative text)."""
    from icsplan.report.icons import assurance_icon, variation_icon

    heads = ["Measure", "Organisation", "Latest month", "Latest", "Target", "Mean",
             "Process limits", "Variation", "Assurance", "Reading"]
    rows = []
    for r in kpi.itertuples(index=False):
        rows.append(html.Tr([
            html.Td(r.name, className="text"), html.Td(str(r.org_name or r.org),
                                                       className="text"),
            html.Td(r.latest_period, className="text", style={"whiteSpace": "nowrap"}),
            html.Td(_value(r.latest_value, r.unit)), html.Td(_value(r.target, r.unit)),
            html.Td(_value(r.mean, r.unit)),
            html.Td(f"{_value(r.lpl, r.unit)} to {_value(r.upl, r.unit)}"),
            html.Td(_icon(variation_icon(r.variation, r.improvement_direction)),
                    className="icon"),
            html.Td(_icon(assurance_icon(r.assurance)), className="icon"),
            html.Td(f"{r.variation_reading}. {r.assurance_reading}.", className="text")]))
    caption = ("Making Data Count summary: latest month, SPC variation and assurance "
               f"({len(rows)} of the indicators)")
    return html.Div(html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(h, scope="col", className="text" if i in (0, 1, 2, 9)
                                    else "num") for i, h in enumerate(heads)])),
        html.Tbody(rows)], id="kpi-table", style={"minWidth": "960px"}),  # scrolls on phones
        className="scroll", tabIndex="0", role="region",
        **{"aria-label": "Making Data Count summary (scrolls sideways)"})


def versus_view(ctx: AppContext, measure: str = ALL,
                result: DeliveryResult | None = None) -> list:
    """The plan's trajectory (momentum and planned) against the trusts' actual activity, as
    the report's Delivery section shows it; the trusts by name."""
    from icsplan.report.charts.delivery import plan_vs_actual_chart

    result = result if result is not None else tracked(ctx).result
    pva = _chosen(result.plan_vs_actual, measure)
    if pva.empty:
        return [html.P("The plan's activity is compared with actual activity for A&E "
                       "attendances and emergency admissions; this measure is not one of them.",
                       className="note", id="versus-none")]
    names = dict(zip(result.kpi_summary["org"], result.kpi_summary["org_name"], strict=True))
    shown = pva[["measure", "year", "orgs", "actual", "actual_index", "momentum_index",
                 "planned_index", "share_of_planned_reduction_achieved"]].copy()
    shown["measure"] = shown["measure"].map(lambda m: KPI_LABELS.get(m, m))
    trusts = [", ".join(str(names.get(c) or c) for c in str(codes).split("+"))
              for codes in shown.pop("orgs")]
    together = trusts[0] if len(set(trusts)) == 1 else None
    if together is None:
        shown.insert(2, "orgs", trusts)
    return [graph(plan_vs_actual_chart(pva, result.caveats), "versus-chart"),
            table(shown, "Plan against actual (2016/17 = 100; share of the planned reduction "
                  "vs momentum achieved)" + (f"; actual activity of {together}"
                                             if together else ""),
                  {"actual": ",.0f", "actual_index": ".1f", "momentum_index": ".1f",
                   "planned_index": ".1f", "share_of_planned_reduction_achieved": "+.2f"},
                  labels={"measure": "Measure", "orgs": "Trusts"}, table_id="versus-table",
                  names=Labels())]


def register_parts(ctx: AppContext) -> list:
    """Schemes and QIPP, milestones, risks and maturity from the store's register."""
    if ctx.engine is None:
        return [section("Programme register", html.P(
            "No store configured: start the app with --db URL to see schemes, milestones, "
            "risks and maturity.", className="note"))]
    from icsplan.register.summary import summarise

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
    """The filters narrow the KPI summary, the SPC charts and plan against actual."""
    from dash import Input, Output

    @app.callback(Output("delivery-kpi", "children"), Output("delivery-versus", "children"),
                  Input("delivery-measure", "value"), Input("delivery-org", "value"),
                  prevent_initial_call=True)
    def narrow(measure: str | None, org: str | None):
        result = tracked(ctx).result
        if result is None:
            return [], []
        return (kpi_view(ctx, measure or ALL, org or ALL, result),
                versus_view(ctx, measure or ALL, result))
