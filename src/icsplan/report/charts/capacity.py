"""Plotly charts of hospital capacity: bed days per 1,000 people against a published
trajectory, and beds by acute trust."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import NHS_BLUE, NHS_DARK_BLUE, PUBLISHED, SERIES, styled_layout


def bed_days_figure(capacity: pd.DataFrame, published: pd.DataFrame | None = None) -> dict:
    """System bed days per 1,000 people by year, momentum and planned, with the published
    targets (columns year, value) as markers when given, as a plain dict
    (`report.charts.plain`)."""
    system = capacity[capacity["level"] == "system"].drop_duplicates("year")
    data = [{"hovertemplate": f"{name}: %{{y:,.1f}}<extra></extra>",
             "line": {"color": SERIES[series], "dash": "dash" if series == "momentum"
                      else "solid", "width": 3},
             "mode": "lines+markers", "name": name, "x": system["year"].tolist(),
             "y": system[column].to_numpy(), "type": "scatter"}
            for column, name, series in (("momentum_bed_days_per_1000", "Momentum", "momentum"),
                                         ("bed_days_per_1000", "Planned", "planned"))]
    if published is not None and len(published):
        data.append({"hovertemplate": "published: %{y:,.1f}<extra></extra>",
                     "marker": {"color": PUBLISHED, "line": {"color": "black", "width": 1},
                                "size": 12, "symbol": "diamond"},
                     "mode": "markers", "name": "Published target",
                     "x": published["year"].tolist(), "y": published["value"].to_numpy(),
                     "type": "scatter"})
    return {"data": data, "layout": styled_layout("Hospital bed days per 1,000 people",
                                                  height=380)}


def bed_days_per_1000(capacity: pd.DataFrame, published: pd.DataFrame | None = None
                      ) -> go.Figure:
    """`bed_days_figure` as a Plotly figure (the app)."""
    return go.Figure(bed_days_figure(capacity, published))


def beds_by_area_figure(capacity: pd.DataFrame, year: str, level: str = "trust") -> dict:
    """Beds needed in `year` by area at each target occupancy, as a plain dict
    (`report.charts.plain`)."""
    part = capacity[(capacity["level"] == level) & (capacity["year"] == year)]
    colours = [NHS_DARK_BLUE, NHS_BLUE]
    data = [{"hovertemplate": "%{x}: %{y:,.0f} beds<extra></extra>",
             "marker": {"color": colours[k % len(colours)]},
             "name": f"Beds at {occ:.0%} occupancy", "x": frame["area"].to_numpy(),
             "y": frame["planned_beds"].to_numpy(), "type": "bar"}
            for k, (occ, frame) in enumerate(part.groupby("occupancy"))]
    return {"data": data, "layout": styled_layout(f"Beds needed in {year} by {level}",
                                                  height=360)}


def beds_by_area(capacity: pd.DataFrame, year: str, level: str = "trust") -> go.Figure:
    """`beds_by_area_figure` as a Plotly figure (the app)."""
    return go.Figure(beds_by_area_figure(capacity, year, level))
