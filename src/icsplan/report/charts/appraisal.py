"""Plotly charts of the options appraisal: access maps, beds by site and weighted scores.

The maps are schematic: small areas drawn as points at their centroids on plain
longitude/latitude axes (equal distances in both directions), sites as labelled markers -
no map tiles, so nothing is fetched over the network.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from icsplan.report.style import (
    CRITERION_COLOURS,
    MINUTES_SCALE,
    NHS_DARK_BLUE,
    NHS_PALE_GREY,
    NHS_RED,
    SITE_COLOURS,
    TEXT,
    styled,
)


def access_maps(area_times: pd.DataFrame, sites: pd.DataFrame, services: pd.DataFrame,
                options: list[str], labels: dict[str, str] | None = None) -> go.Figure:
    """Minutes from each area to the nearest specialist emergency hospital, a panel per option.

    The specialist site is a red star, other sites white circles.
    """
    labels = labels or {}
    cols = min(3, len(options))
    rows = math.ceil(len(options) / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[labels.get(o, o) for o in options],
                        horizontal_spacing=0.03, vertical_spacing=0.08)
    top = max(60.0, float(area_times["minutes"].max()))
    mid_lat = math.radians(float(area_times["lat"].mean()))
    for k, option in enumerate(options):
        r, c = divmod(k, cols)
        part = area_times[area_times["option"] == option]
        fig.add_trace(go.Scatter(
            x=part["lon"], y=part["lat"], mode="markers", showlegend=False,
            marker={"size": 5, "color": part["minutes"], "coloraxis": "coloraxis"},
            text=[f"{a} ({loc}): {m:.0f} min to {s}" for a, loc, m, s in
                  zip(part["area"], part["locality"], part["minutes"], part["site"], strict=True)],
            hoverinfo="text"), row=r + 1, col=c + 1)
        seh = set(services[(services["option"] == option)
                           & (services["service"] == "specialist_emergency")]["site"])
        for is_seh in (True, False):
            pick = sites[sites["site"].isin(seh) == is_seh]
            fig.add_trace(go.Scatter(
                x=pick["lon"], y=pick["lat"], mode="markers+text", showlegend=False,
                text=pick["name"].str.replace(" Hospital", "").str.replace(" University", ""),
                textposition="top center", textfont={"size": 11, "color": TEXT},
                marker={"symbol": "star" if is_seh else "circle", "size": 16 if is_seh else 10,
                        "color": NHS_RED if is_seh else "white",
                        "line": {"color": TEXT, "width": 1.5}},
                hoverinfo="text"), row=r + 1, col=c + 1)
        axis = "" if k == 0 else str(k + 1)
        fig.update_layout({f"xaxis{axis}": {"visible": False},
                           f"yaxis{axis}": {"visible": False, "scaleanchor": f"x{axis}",
                                            "scaleratio": 1 / math.cos(mid_lat)}})
    fig.update_layout(coloraxis={"colorscale": MINUTES_SCALE, "cmin": 0, "cmax": top,
                                 "colorbar": {"title": {"text": "minutes"}, "thickness": 14}})
    fig = styled(fig, "Road minutes to the nearest specialist emergency hospital (star), "
                 "by small area", height=330 * rows + 40)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10})
    fig.update_annotations(font={"size": 13, "color": NHS_DARK_BLUE})
    return fig


def beds_chart(beds: pd.DataFrame, site_names: dict[str, str], options: list[str]) -> go.Figure:
    """Beds needed at 85% occupancy by site, grouped by option."""
    fig = go.Figure()
    for k, (site, name) in enumerate(site_names.items()):
        part = beds[beds["site"] == site].set_index("option").reindex(options)
        fig.add_trace(go.Bar(x=options, y=part["beds_85"].round(0), name=name,
                             marker={"color": SITE_COLOURS[k % len(SITE_COLOURS)]},
                             text=part["beds_85"].round(0), textposition="outside"))
    fig = styled(fig, "Beds needed by site at 85% occupancy (emergency and elective "
                 "admissions)", height=420)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="beds")
    return fig


def scores_chart(scores: pd.DataFrame, criteria: pd.DataFrame) -> go.Figure:
    """Weighted score of each option, stacked by criterion, best option at the top."""
    totals = scores[scores["criterion"] == "total"].sort_values("weighted")
    order = list(totals["option"])
    fig = go.Figure()
    for k, rec in enumerate(criteria.to_dict(orient="records")):
        part = scores[scores["criterion"] == rec["criterion"]].set_index("option").reindex(order)
        fig.add_trace(go.Bar(y=order, x=part["weighted"], orientation="h",
                             name=f"{rec['name']} ({rec['weight_pct']:g}%)",
                             marker={"color": CRITERION_COLOURS[k % len(CRITERION_COLOURS)]}))
    fig.add_trace(go.Scatter(y=order, x=totals["weighted"] + 0.05, mode="text",
                             text=[f"{t:.2f} (rank {r})" for t, r in
                                   zip(totals["weighted"], totals["rank"], strict=True)],
                             textposition="middle right", showlegend=False, hoverinfo="skip"))
    fig = styled(fig, "Weighted scores (0-10) by criterion; total and rank at the right",
                 height=120 + 50 * len(order))
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.25})
    fig.update_xaxes(title_text="weighted score", range=[0, 10.5], gridcolor=NHS_PALE_GREY)
    return fig
