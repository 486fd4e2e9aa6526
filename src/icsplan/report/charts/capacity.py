"""Plotly charts of hospital capacity: bed days per 1,000 people against a published
trajectory, and beds by acute trust."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import NHS_BLUE, NHS_DARK_BLUE, PUBLISHED, SERIES, styled


def bed_days_per_1000(capacity: pd.DataFrame, published: pd.DataFrame | None = None
                      ) -> go.Figure:
    """System bed days per 1,000 people by year, momentum and planned, with the published
    targets (columns year, value) as markers when given."""
    system = capacity[capacity["level"] == "system"].drop_duplicates("year")
    fig = go.Figure()
    for column, name, series in (("momentum_bed_days_per_1000", "Momentum", "momentum"),
                                 ("bed_days_per_1000", "Planned", "planned")):
        fig.add_trace(go.Scatter(
            x=system["year"], y=system[column], name=name, mode="lines+markers",
            line={"color": SERIES[series], "width": 3,
                  "dash": "dash" if series == "momentum" else "solid"},
            hovertemplate=f"{name}: %{{y:,.1f}}<extra></extra>"))
    if published is not None and len(published):
        fig.add_trace(go.Scatter(
            x=published["year"], y=published["value"], name="Published target",
            mode="markers", marker={"color": PUBLISHED, "size": 12, "symbol": "diamond",
                                    "line": {"color": "black", "width": 1}},
            hovertemplate="published: %{y:,.1f}<extra></extra>"))
    return styled(fig, "Hospital bed days per 1,000 people", height=380)


def beds_by_area(capacity: pd.DataFrame, year: str, level: str = "trust") -> go.Figure:
    """Beds needed in `year` by area at each target occupancy, with those the initiatives
    release."""
    part = capacity[(capacity["level"] == level) & (capacity["year"] == year)]
    fig = go.Figure()
    colours = [NHS_DARK_BLUE, NHS_BLUE]
    for k, (occ, frame) in enumerate(part.groupby("occupancy")):
        fig.add_trace(go.Bar(x=frame["area"], y=frame["planned_beds"],
                             name=f"Beds at {occ:.0%} occupancy",
                             marker={"color": colours[k % len(colours)]},
                             hovertemplate="%{x}: %{y:,.0f} beds<extra></extra>"))
    return styled(fig, f"Beds needed in {year} by {level}", height=360)
