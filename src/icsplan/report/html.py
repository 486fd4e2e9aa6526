"""The self-contained HTML report a board member can read, with Plotly charts inline.

Plotly's JavaScript is embedded once, so the file opens with no network.  Sections: headline
figures, activity trajectories, the waterfall of change factors, locality tables, the
finance sections (report/finance_sections.py) and the reconciliation findings (published
figures against icsplan's recomputation).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from icsplan.backtest.findings import findings_frame
from icsplan.backtest.reconcile import summary as findings_summary
from icsplan.pipeline import Results
from icsplan.report import charts
from icsplan.report.style import NHS_BLUE, NHS_DARK_BLUE, NHS_GREY, NHS_PALE_GREY, POD_LABELS

CSS = f"""
body {{ font-family: Arial, sans-serif; color: #212b32; margin: 0; background: #f0f4f5; }}
header {{ background: {NHS_BLUE}; color: white; padding: 24px 40px; }}
header h1 {{ margin: 0 0 4px 0; font-size: 28px; }}
main {{ max-width: 1200px; margin: 0 auto; padding: 16px 40px 48px; }}
section {{ background: white; margin: 20px 0; padding: 20px 24px; border-radius: 4px; }}
h2 {{ color: {NHS_DARK_BLUE}; font-size: 22px; margin-top: 0; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }}
.card {{ border-left: 6px solid {NHS_BLUE}; background: {NHS_PALE_GREY}; padding: 12px 16px; }}
.card .value {{ font-size: 26px; font-weight: bold; color: {NHS_DARK_BLUE}; }}
.card .label {{ color: {NHS_GREY}; font-size: 14px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }}
caption {{ text-align: left; font-weight: bold; padding: 6px 0; color: {NHS_DARK_BLUE}; }}
th, td {{ padding: 4px 8px; border-bottom: 1px solid #d8dde0; text-align: right; }}
th {{ background: {NHS_PALE_GREY}; }}
td.text, th.text {{ text-align: left; }}
summary {{ cursor: pointer; font-weight: bold; color: {NHS_BLUE}; padding: 6px 0; }}
.status-differs {{ color: #8a1538; font-weight: bold; }}
.status-inconsistent {{ color: #7a4b00; font-weight: bold; }}
footer {{ color: {NHS_GREY}; font-size: 12px; padding: 0 40px 24px; }}
"""


@dataclass(frozen=True)
class Section:
    """One part of the report: a title and a function rendering its HTML from results."""

    title: str
    render: Callable[[Results, Callable[[go.Figure], str]], str]


def table_html(frame: pd.DataFrame, caption: str, formats: dict[str, str] | None = None) -> str:
    """An accessible HTML table (caption, header scope), numbers right-aligned and formatted."""
    formats = formats or {}
    head = "".join(f'<th scope="col" class="{_cls(frame[c])}">{html.escape(str(c))}</th>'
                   for c in frame.columns)
    body = []
    for rec in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, rec, strict=True):
            text = _fmt(value, formats.get(col))
            css = _cls(frame[col])
            if col == "status":
                css += f" status-{value}"
            cells.append(f'<td class="{css}">{html.escape(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _cls(series: pd.Series) -> str:
    return "num" if pd.api.types.is_numeric_dtype(series) else "text"


def _fmt(value: object, spec: str | None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if spec:
        return format(value, spec)
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def headline(results: Results, figure: Callable[[go.Figure], str]) -> str:
    s = results.scenario
    summ = results.tables["activity_summary"]
    last = summ[summ["year"] == results.projection.horizon]
    fewer = float((last["momentum"] - last["planned"]).sum())
    cards = [
        (f"{int(s.localities['population'].sum()):,}", "registered population"),
        (f"{len(s.localities)} in {s.localities['ccg'].nunique()} CCGs", "localities"),
        (f"{fewer:,.0f}", f"fewer hospital contacts than momentum by {results.projection.horizon}"),
    ]
    for row in last.itertuples():
        cards.append((f"{row.change_vs_momentum_pct:+.2f}%",
                      f"{POD_LABELS.get(row.pod, row.pod)} vs momentum"))
    targets = results.tables["locality_targets"]
    cards.append((f"£{targets['gross_savings_gbp'].sum() / 1e6:,.1f}m",
                  "gross savings from activity avoided"))
    cells = "".join(f'<div class="card"><div class="value">{html.escape(v)}</div>'
                    f'<div class="label">{html.escape(label)}</div></div>'
                    for v, label in cards[:10])
    return f'<div class="cards">{cells}</div>'


def trajectories(results: Results, figure: Callable[[go.Figure], str]) -> str:
    summ = results.tables["activity_summary"]
    table = summ[summ["year"] == results.projection.horizon][
        ["pod", "baseline", "momentum", "planned", "change_vs_baseline_pct",
         "change_vs_momentum_pct"]]
    return figure(charts.trajectories(summ)) + table_html(
        table, f"System activity in {results.projection.horizon}",
        {"baseline": ",.0f", "momentum": ",.0f", "planned": ",.0f",
         "change_vs_baseline_pct": "+.2f", "change_vs_momentum_pct": "+.2f"})


def waterfall(results: Results, figure: Callable[[go.Figure], str]) -> str:
    return figure(charts.waterfall(results.tables["change_factors"],
                                   results.projection.horizon))


def localities(results: Results, figure: Callable[[go.Figure], str]) -> str:
    t = results.tables["locality_targets"]
    parts = []
    fmt = {c: ",.0f" for c in ("population", "baseline", "momentum", "target",
                               "reduction_vs_baseline", "reduction_vs_momentum",
                               "gross_savings_gbp")}
    targeted = set(results.scenario.table("targets")["pod"])
    for pod in dict.fromkeys(t["pod"]):
        part = t[t["pod"] == pod].drop(columns="pod")
        title = f"{POD_LABELS.get(pod, pod)}: locality targets for {results.projection.horizon}"
        opened = " open" if pod in targeted or not targeted else ""
        parts.append(f"<details{opened}><summary>{html.escape(title)}</summary>"
                     f"{table_html(part, title, fmt)}</details>")
    return "".join(parts)


def reconciliation(results: Results, figure: Callable[[go.Figure], str]) -> str:
    if not results.findings:
        return "<p>No published figures to reconcile for this run.</p>"
    counts = findings_summary(results.findings)
    frame = findings_frame(results.findings)
    open_items = frame[frame["status"] != "match"].drop(columns=["tolerance"])
    return (
        "<p>Each published figure is recomputed from its own inputs and compared at its "
        "published rounding. <b>differs</b>: icsplan's figure does not round to the published "
        "one; <b>inconsistent</b>: the seeds contradict themselves, and the note says which "
        "figure the model follows.</p>"
        + table_html(counts, "Findings by table")
        + table_html(open_items, "Figures that do not match",
                     {"published": ",.2f", "recomputed": ",.2f", "difference": "+,.2f"}))


SECTIONS: list[Section] = [
    Section("Headline figures", headline),
    Section("Activity trajectories", trajectories),
    Section("What changes activity", waterfall),
    Section("Locality targets", localities),
    Section("Reconciliation with the published plan", reconciliation),
]


def render_report(results: Results, sections: list[Section] | None = None) -> str:
    """The whole report as one HTML string (Plotly embedded once, no network needed)."""
    first = [True]

    def figure(fig: go.Figure) -> str:
        include = first[0]
        first[0] = False
        return pio.to_html(fig, full_html=False, include_plotlyjs=include,
                           config={"displaylogo": False, "responsive": True})

    if sections is None:
        from icsplan.report.finance_sections import SECTIONS as FINANCE
        from icsplan.report.population_sections import SECTIONS as POPULATION

        people = POPULATION if results.population is not None else []
        sections = [*SECTIONS[:-1], *people, *FINANCE, SECTIONS[-1]]
    s = results.scenario
    body = "".join(f'<section aria-labelledby="s{i}"><h2 id="s{i}">{html.escape(sec.title)}'
                   f"</h2>{sec.render(results, figure)}</section>"
                   for i, sec in enumerate(sections))
    m = results.manifest
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(s.meta.title)}: icsplan report</title><style>{CSS}</style></head>
<body><header><h1>{html.escape(s.meta.title)}</h1>
<div>{html.escape(s.meta.description)}</div></header>
<main>{body}</main>
<footer>icsplan {html.escape(str(m.get('icsplan_version', '')))} · scenario
{html.escape(s.name)} · inputs {html.escape(str(m.get('scenario_hash', ''))[:12])} ·
created {html.escape(str(m.get('created', '')))}</footer></body></html>"""
