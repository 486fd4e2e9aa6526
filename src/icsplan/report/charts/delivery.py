"""Plotly charts of delivery: Making Data Count SPC charts and plan against actual.

One function per chart, returning a Figure, so the HTML report and the web app draw the same
charts.  Colours are MDC's (report/style.py); each point's variation is also shown by its
marker shape and named in the legend and hover text, so colour is never the only signal.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from icsplan.report.style import (
    KPI_LABELS,
    MDC_COLOURS,
    MDC_COMMON_CAUSE,
    MDC_MARKERS,
    MDC_MEAN,
    MDC_TARGET,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREY,
    NHS_RED,
    VARIATION_LABELS,
    styled,
)

OUTLINE = NHS_GREY  # a dark edge gives pale markers 3:1 contrast on white


def _segments(points: pd.DataFrame, column: str) -> tuple[list, list]:
    """The x and y of a line broken (None) between rebase groups."""
    xs, ys = [], []
    for _, group in points.groupby("rebase_group", sort=True):
        xs += [*group["x"], None]
        ys += [*group[column], None]
    return xs, ys


def spc_chart(points: pd.DataFrame, title: str, unit: str = "", reading: str = "",
              ahead: pd.DataFrame | None = None) -> go.Figure:
    """XmR chart of one series: values, mean, process limits, target (and the national target
    where one is stated), and points marked by their variation (colour and shape); `ahead`
    (line, month, target) is the trajectory still to come, drawn beyond the last actual;
    `reading` is the plain-English line under the title."""
    points = points.sort_values("x")
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=points["x"], y=points["y"], mode="lines", name="Value",
                             line={"color": MDC_COMMON_CAUSE, "width": 2}, hoverinfo="skip",
                             showlegend=False))
    for column, name, style in (("upl", "Process limits", {"dash": "dash"}),
                                ("lpl", "Process limits", {"dash": "dash"}),
                                ("mean_col", "Mean", {})):
        xs, ys = _segments(points, column)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", name=name, legendgroup=name,
            showlegend=column != "lpl", hoverinfo="skip",
            line={"color": MDC_MEAN if column == "mean_col" else NHS_GREY, "width": 1.5,
                  **style}))
    if points["target"].notna().any():
        fig.add_trace(go.Scatter(x=points["x"], y=points["target"], mode="lines",
                                 name="Target (trajectory)", line_shape="hv",
                                 line={"color": MDC_TARGET, "dash": "dash", "width": 2}))
    if "national_target" in points and points["national_target"].notna().any():
        fig.add_trace(go.Scatter(x=points["x"], y=points["national_target"], mode="lines",
                                 name="National target", line_shape="hv",
                                 line={"color": NHS_GREY, "dash": "dot", "width": 2}))
    for line, rows in ([] if ahead is None else ahead.groupby("line", sort=False)):
        months = pd.PeriodIndex(rows["month"], freq="M").to_timestamp()
        fig.add_trace(go.Scatter(x=months, y=rows["target"], mode="lines", line_shape="hv",
                                 name=f"{'Target' if line == 'local' else 'National target'} "
                                 "ahead", line={"color": MDC_TARGET if line == "local" else
                                                NHS_GREY, "dash": "dot", "width": 2}))
    fmt = "%{y:.1f}%" if unit == "%" else "%{y:,.0f}"
    for kind, label in VARIATION_LABELS.items():
        mine = points[points["point_type"] == kind]
        if mine.empty:
            continue
        fig.add_trace(go.Scatter(
            x=mine["x"], y=mine["y"], mode="markers", name=label,
            marker={"color": MDC_COLOURS[kind], "symbol": MDC_MARKERS[kind],
                    "size": 8 if kind == "common_cause" else 11,
                    "line": {"color": OUTLINE, "width": 1}},
            customdata=mine["special_cause_type"],
            hovertemplate=f"%{{x|%b %Y}}: {fmt}<br>{label} (%{{customdata}})<extra></extra>"))
    subtitle = f"<br><sup>{reading}</sup>" if reading else ""
    styled(fig, f"{title}{subtitle}", height=400)
    fig.update_yaxes(title_text=unit, ticksuffix="%" if unit == "%" else "")
    fig.update_xaxes(tickformat="%b %Y")
    fig.update_layout(legend={"y": -0.2})  # the top margin follows the wrapped title
    return fig


def plan_vs_actual_chart(pva: pd.DataFrame, caveats: tuple[str, ...] = ()) -> go.Figure:
    """Actual activity beside the plan's momentum and planned trajectories, indexed to
    2016/17 = 100, one panel per measure, with the caveats written under the chart."""
    measures = list(dict.fromkeys(pva["measure"]))
    fig = make_subplots(rows=1, cols=max(1, len(measures)), shared_yaxes=True,
                        subplot_titles=[KPI_LABELS.get(m, m) for m in measures])
    series = (("momentum_index", "Momentum (do nothing)", NHS_RED, "dot", "x"),
              ("planned_index", "Planned", NHS_BLUE, "dash", "circle"),
              ("actual_index", "Actual (three trusts)", NHS_DARK_BLUE, "solid", "diamond"))
    for i, measure in enumerate(measures, start=1):
        part = pva[pva["measure"] == measure]
        for column, name, colour, dash, symbol in series:
            fig.add_trace(go.Scatter(
                x=part["year"], y=part[column], name=name, legendgroup=name,
                showlegend=i == 1, mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": symbol, "size": 9},
                hovertemplate=f"{name} %{{x}}: %{{y:.1f}}<extra></extra>"), row=1, col=i)
    note = "<br>".join(caveats)
    styled(fig, "Plan against actual: activity indexed to 2016/17 = 100",
           height=430 + 18 * len(caveats))
    fig.update_layout(margin={"b": 110 + 18 * len(caveats)}, legend={"y": -0.12})
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=-0.3,
                           showarrow=False, align="left", xanchor="left", yanchor="top",
                           font={"size": 11, "color": NHS_GREY})
    fig.update_yaxes(title_text="index (2016/17 = 100)", row=1, col=1)
    return fig
