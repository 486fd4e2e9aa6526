"""Plotly charts of the demand model: trajectories and waterfalls of change factors."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from icsplan.report.style import (
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREEN,
    NHS_RED,
    SERIES,
    Labels,
    pod_label,
    styled,
    styled_layout,
)


def pod_panels(pods: list[str], vertical_spacing: float) -> tuple[go.Figure, int, int]:
    """An empty grid of panels, one per pod, three to a row: (figure, rows, cols)."""
    cols = min(3, len(pods))
    rows = -(-len(pods) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[pod_label(p) for p in pods],
                        horizontal_spacing=0.08, vertical_spacing=vertical_spacing)
    return fig, rows, cols


def trajectory_traces(part: pd.DataFrame, pod: str, legend: bool) -> list[dict]:
    """Momentum (dashed) and planned (solid) lines of one pod's activity by year (scatter
    traces as plain dicts, keys in Plotly's order)."""
    years = part["year"].tolist()
    return [{
        "hovertemplate": f"{series}: %{{y:,.0f}}<extra>{pod_label(pod)}</extra>",
        "legendgroup": series,
        "line": {"color": SERIES[series], "dash": "dash" if series == "momentum" else "solid",
                 "width": 3},
        "mode": "lines+markers", "name": series.capitalize(), "showlegend": legend,
        "x": years, "y": part[series].to_numpy(), "type": "scatter"}
        for series in ("momentum", "planned")]


def trajectories(summary: pd.DataFrame) -> go.Figure:
    """Baseline, momentum and planned activity by year, one panel per pod."""
    pods = list(dict.fromkeys(summary["pod"]))
    fig, rows, cols = pod_panels(pods, 0.16)
    for i, pod in enumerate(pods):
        for trace in trajectory_traces(summary[summary["pod"] == pod], pod, i == 0):
            fig.add_trace(trace, row=i // cols + 1, col=i % cols + 1)
    fig = styled(fig, "Activity by year: momentum (do nothing) and planned", height=300 * rows)
    fig.update_yaxes(rangemode="tozero")
    return fig


def pod_trajectory_figure(summary: pd.DataFrame, pod: str) -> dict:
    """One pod's momentum and planned activity by year, labelled at the horizon: a small
    chart that reflows with the page (the report shows one per pod), as a plain dict
    (`report.charts.plain`)."""
    part = summary[summary["pod"] == pod]
    ends = {series: float(part[series].iloc[-1]) for series in ("momentum", "planned")}
    upper = max(ends, key=ends.get)
    notes = [{"font": {"color": SERIES[series]}, "showarrow": False, "text": _short(value),
              "x": part["year"].iloc[-1], "xanchor": "left", "xshift": 6, "y": value,
              "yshift": 9 if series == upper else -9} for series, value in ends.items()]
    layout = {"annotations": notes, **styled_layout(pod_label(pod), height=340)}
    layout["margin"] = {"l": 50, "r": 56, "t": 80, "b": 60}
    layout["legend"].update({"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0})
    layout["yaxis"]["rangemode"] = "tozero"
    layout["xaxis"]["tickangle"] = -45
    return {"data": trajectory_traces(part, pod, True), "layout": layout}


def pod_trajectory(summary: pd.DataFrame, pod: str) -> go.Figure:
    """`pod_trajectory_figure` as a Plotly figure (the app)."""
    return go.Figure(pod_trajectory_figure(summary, pod))


def waterfall_trace(steps: pd.DataFrame, labels: Labels, horizontal: bool = False) -> dict:
    """The steps of one pod from baseline to planned, each bar labelled with its value
    (`horizontal`: steps down the side, read top to bottom, for narrow screens), as a plain
    dict (keys in Plotly's order)."""
    measure = ["absolute" if f == "baseline" else "total" if f == "planned" else "relative"
               for f in steps["factor"]]
    names = [wrap(labels.factor(f), 18 if horizontal else 12) for f in steps["factor"]]
    text = [("+" if m == "relative" and v > 0 else "") + _short(v)
            for m, v in zip(measure, steps["value"], strict=True)]
    if horizontal:  # the value goes with its name: a label beside a short bar would collide
        names = [f"{n}<br><b>{t}</b>" for n, t in zip(names, text, strict=True)]
    values = steps["value"].where(steps["factor"] != "planned", 0)
    trace = {"cliponaxis": False, "connector": {"line": {"color": NHS_DARK_BLUE}},
             "decreasing": {"marker": {"color": NHS_GREEN}},
             "hovertemplate": ("%{y}: %{x:,.0f}" if horizontal else "%{x}: %{y:,.0f}")
             + "<extra></extra>",
             "increasing": {"marker": {"color": NHS_RED}}, "measure": measure}
    if horizontal:
        trace["orientation"] = "h"
    trace["showlegend"] = False
    if not horizontal:
        trace["text"] = text
    trace.update({"textposition": "outside", "totals": {"marker": {"color": NHS_BLUE}}})
    trace.update({"x": values.to_numpy(), "y": names} if horizontal
                 else {"x": names, "y": values.to_numpy()})
    trace["type"] = "waterfall"
    return trace


def zoom_range(steps: pd.DataFrame, below: float = 0.15, above: float = 0.15) -> list[float]:
    """A value range that starts below the smallest running total (not at zero), with room
    (shares of the span) for the value labels beyond the bars."""
    running = steps["value"].where(steps["factor"] != "planned", 0).cumsum()
    low, high = float(running.min()), float(running.max())
    span = high - low or high
    return [max(0.0, low - below * span), high + above * span]


def waterfall(factors: pd.DataFrame, year: str, labels: Labels | None = None) -> go.Figure:
    """From baseline to planned in `year`: growth and each initiative (named by `labels`),
    one panel per pod; each bar carries its value."""
    labels = labels or Labels()
    part = factors[factors["year"] == year]
    pods = list(dict.fromkeys(part["pod"]))
    fig, rows, cols = pod_panels(pods, 0.22)
    for i, pod in enumerate(pods):
        steps = part[part["pod"] == pod]
        fig.add_trace(waterfall_trace(steps, labels), row=i // cols + 1, col=i % cols + 1)
        fig.update_yaxes(range=zoom_range(steps), row=i // cols + 1, col=i % cols + 1)
    fig = styled(fig, f"What changes activity from baseline to {year} (axes do not start at "
                 "zero)", height=360 * rows)
    return fig


def pod_waterfall_figure(factors: pd.DataFrame, year: str, pod: str,
                         labels: Labels | None = None) -> dict:
    """One pod's steps from baseline to planned in `year`, read top to bottom (the value axis
    does not start at zero): a small chart that reflows with the page (one per pod), as a
    plain dict (`report.charts.plain`)."""
    labels = labels or Labels()
    steps = factors[(factors["year"] == year) & (factors["pod"] == pod)]
    layout = styled_layout(pod_label(pod), height=110 + 50 * len(steps))
    layout["margin"] = {"l": 10, "r": 50, "t": 50, "b": 40}
    layout["xaxis"].update(range=zoom_range(steps, below=0.1, above=0.05), nticks=5)
    layout["yaxis"].update(autorange="reversed", automargin=True, separatethousands=False)
    return {"data": [waterfall_trace(steps, labels, horizontal=True)], "layout": layout}


def pod_waterfall(factors: pd.DataFrame, year: str, pod: str,
                  labels: Labels | None = None) -> go.Figure:
    """`pod_waterfall_figure` as a Plotly figure (the app)."""
    return go.Figure(pod_waterfall_figure(factors, year, pod, labels))


def _short(value: float) -> str:
    """A value label short enough for a narrow bar: 12,345 -> '12.3k', 2,520,891 -> '2.52M'."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f}M"
    return f"{value / 1e3:,.1f}k" if abs(value) >= 1e4 else f"{value:,.0f}"


def wrap(factor: str, width: int = 12) -> str:
    """A factor name as a short multi-line axis label."""
    words, lines, line = factor.replace("_", " ").split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])
