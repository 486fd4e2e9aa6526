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
    pod_label,
    styled,
)


def pod_panels(pods: list[str], vertical_spacing: float) -> tuple[go.Figure, int, int]:
    """An empty grid of panels, one per pod, three to a row: (figure, rows, cols)."""
    cols = min(3, len(pods))
    rows = -(-len(pods) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[pod_label(p) for p in pods],
                        horizontal_spacing=0.08, vertical_spacing=vertical_spacing)
    return fig, rows, cols


def trajectories(summary: pd.DataFrame) -> go.Figure:
    """Baseline, momentum and planned activity by year, one panel per pod."""
    pods = list(dict.fromkeys(summary["pod"]))
    fig, rows, cols = pod_panels(pods, 0.16)
    for i, pod in enumerate(pods):
        part = summary[summary["pod"] == pod]
        for series in ("momentum", "planned"):
            fig.add_trace(go.Scatter(
                x=part["year"], y=part[series], name=series.capitalize(), mode="lines+markers",
                line={"color": SERIES[series], "width": 3,
                      "dash": "dash" if series == "momentum" else "solid"},
                legendgroup=series, showlegend=i == 0,
                hovertemplate=f"{series}: %{{y:,.0f}}<extra>{pod_label(pod)}</extra>"),
                row=i // cols + 1, col=i % cols + 1)
    fig = styled(fig, "Activity by year: momentum (do nothing) and planned", height=300 * rows)
    fig.update_yaxes(rangemode="tozero")
    return fig


def waterfall(factors: pd.DataFrame, year: str) -> go.Figure:
    """From baseline to planned in `year`: growth and each initiative, one panel per pod."""
    part = factors[factors["year"] == year]
    pods = list(dict.fromkeys(part["pod"]))
    fig, rows, cols = pod_panels(pods, 0.22)
    for i, pod in enumerate(pods):
        steps = part[part["pod"] == pod]
        measure = ["absolute" if f == "baseline" else "total" if f == "planned" else "relative"
                   for f in steps["factor"]]
        fig.add_trace(go.Waterfall(
            x=[wrap(f) for f in steps["factor"]], y=steps["value"].where(
                steps["factor"] != "planned", 0), measure=measure, showlegend=False,
            increasing={"marker": {"color": NHS_RED}}, decreasing={"marker": {"color": NHS_GREEN}},
            totals={"marker": {"color": NHS_BLUE}}, connector={"line": {"color": NHS_DARK_BLUE}},
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>"),
            row=i // cols + 1, col=i % cols + 1)
        # Zoom on the changes: the axis starts below the smallest running total, not at zero.
        running = steps["value"].where(steps["factor"] != "planned", 0).cumsum()
        low, high = float(running.min()), float(running.max())
        pad = 0.15 * (high - low or high)
        fig.update_yaxes(range=[max(0.0, low - pad), high + pad / 2], row=i // cols + 1,
                         col=i % cols + 1)
    fig = styled(fig, f"What changes activity from baseline to {year} (axes do not start at "
                 "zero)", height=360 * rows)
    return fig


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
