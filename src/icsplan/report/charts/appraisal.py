"""Plotly charts of the options appraisal: access maps, beds by site and weighted scores.

The maps are schematic: small areas drawn as points at their centroids on plain
longitude/latitude axes (equal distances in both directions), sites as labelled markers -
no map tiles, so nothing is fetched over the network.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.charts.plain import panel_grid
from icsplan.report.style import (
    CRITERION_COLOURS,
    MINUTES_SCALE,
    NHS_DARK_BLUE,
    NHS_PALE_GREY,
    NHS_RED,
    SITE_COLOURS,
    TEXT,
    styled_layout,
)


def access_maps_figure(area_times: pd.DataFrame, sites: pd.DataFrame, services: pd.DataFrame,
                       options: list[str], labels: dict[str, str] | None = None) -> dict:
    """Minutes from each area to the nearest specialist emergency hospital, a panel per option,
    as a plain dict (`report.charts.plain`; the grid of panels laid out as Plotly's
    `make_subplots` would).

    The specialist site is a red star, other sites white circles.
    """
    labels = labels or {}
    cols = min(3, len(options))
    rows = math.ceil(len(options) / cols)
    layout = panel_grid(rows, cols, [labels.get(o, o) for o in options],
                        horizontal_spacing=0.03, vertical_spacing=0.08)
    top = max(60.0, float(area_times["minutes"].max()))
    mid_lat = math.radians(float(area_times["lat"].mean()))
    data = []
    for k, option in enumerate(options):
        axis = "" if k == 0 else str(k + 1)
        on = {"xaxis": f"x{axis}", "yaxis": f"y{axis}"}
        part = area_times[area_times["option"] == option]
        data.append({
            "hoverinfo": "text",
            "marker": {"color": part["minutes"].to_numpy(), "coloraxis": "coloraxis", "size": 5},
            "mode": "markers", "showlegend": False,
            "text": [f"{a} ({loc}): {m:.0f} min to {s}" for a, loc, m, s in
                     zip(part["area"].tolist(), part["locality"].tolist(),
                         part["minutes"].tolist(), part["site"].tolist(), strict=True)],
            "x": part["lon"].to_numpy(), "y": part["lat"].to_numpy(), "type": "scatter", **on})
        seh = set(services[(services["option"] == option)
                           & (services["service"] == "specialist_emergency")]["site"])
        for is_seh in (True, False):
            pick = sites[sites["site"].isin(seh) == is_seh]
            data.append({
                "hoverinfo": "text",
                "marker": {"color": NHS_RED if is_seh else "white",
                           "line": {"color": TEXT, "width": 1.5}, "size": 16 if is_seh else 10,
                           "symbol": "star" if is_seh else "circle"},
                "mode": "markers+text", "showlegend": False,
                "text": pick["name"].str.replace(" Hospital", "").str.replace(" University", "")
                .to_numpy(),
                "textfont": {"color": TEXT, "size": 11}, "textposition": "top center",
                "x": pick["lon"].to_numpy(), "y": pick["lat"].to_numpy(), "type": "scatter",
                **on})
        layout[f"xaxis{axis}"]["visible"] = False
        layout[f"yaxis{axis}"].update({"visible": False, "scaleanchor": f"x{axis}",
                                       "scaleratio": 1 / math.cos(mid_lat)})
    layout["coloraxis"] = {"colorbar": {"title": {"text": "minutes"}, "thickness": 14},
                           "colorscale": MINUTES_SCALE, "cmin": 0, "cmax": top}
    style = styled_layout("Road minutes to the nearest specialist emergency hospital (star), "
                          "by small area", height=330 * rows + 40)
    for name in layout:
        if name.startswith(("xaxis", "yaxis")):
            layout[name].update(style[name[:5]])
    layout.update({k: v for k, v in style.items() if k not in ("xaxis", "yaxis")})
    layout["margin"] = {"l": 10, "r": 10, "t": 70, "b": 10}
    for note in layout["annotations"]:
        note["font"] = {"size": 13, "color": NHS_DARK_BLUE}
    return {"data": data, "layout": layout}


def access_maps(area_times: pd.DataFrame, sites: pd.DataFrame, services: pd.DataFrame,
                options: list[str], labels: dict[str, str] | None = None) -> go.Figure:
    """`access_maps_figure` as a Plotly figure (the app)."""
    return go.Figure(access_maps_figure(area_times, sites, services, options, labels))


def beds_figure(beds: pd.DataFrame, site_names: dict[str, str], options: list[str]) -> dict:
    """Beds needed at 85% occupancy by site, grouped by option, as a plain dict
    (`report.charts.plain`)."""
    data = []
    for k, (site, name) in enumerate(site_names.items()):
        part = beds[beds["site"] == site].set_index("option").reindex(options)
        data.append({"marker": {"color": SITE_COLOURS[k % len(SITE_COLOURS)]}, "name": name,
                     "text": part["beds_85"].round(0).to_numpy(), "textposition": "outside",
                     "x": list(options), "y": part["beds_85"].round(0).to_numpy(),
                     "type": "bar"})
    layout = styled_layout("Beds needed by site at 85% occupancy (emergency and elective "
                           "admissions)", height=420)
    layout["yaxis"]["title"] = {"text": "beds"}
    layout["barmode"] = "group"
    return {"data": data, "layout": layout}


def beds_chart(beds: pd.DataFrame, site_names: dict[str, str], options: list[str]) -> go.Figure:
    """`beds_figure` as a Plotly figure (the app)."""
    return go.Figure(beds_figure(beds, site_names, options))


def scores_figure(scores: pd.DataFrame, criteria: pd.DataFrame) -> dict:
    """Weighted score of each option, stacked by criterion, best option at the top, as a
    plain dict (`report.charts.plain`)."""
    totals = scores[scores["criterion"] == "total"].sort_values("weighted")
    order = list(totals["option"])
    data = []
    for k, rec in enumerate(criteria.to_dict(orient="records")):
        part = scores[scores["criterion"] == rec["criterion"]].set_index("option").reindex(order)
        data.append({"marker": {"color": CRITERION_COLOURS[k % len(CRITERION_COLOURS)]},
                     "name": f"{rec['name']} ({rec['weight_pct']:g}%)", "orientation": "h",
                     "x": part["weighted"].to_numpy(), "y": order, "type": "bar"})
    data.append({"hoverinfo": "skip", "mode": "text", "showlegend": False,
                 "text": [f"{t:.2f} (rank {r})" for t, r in
                          zip(totals["weighted"], totals["rank"], strict=True)],
                 "textposition": "middle right", "x": (totals["weighted"] + 0.05).to_numpy(),
                 "y": order, "type": "scatter"})
    layout = styled_layout("Weighted scores (0-10) by criterion; total and rank at the right",
                           height=120 + 50 * len(order))
    layout["legend"].update({"orientation": "h", "y": -0.25})
    layout["xaxis"].update({"title": {"text": "weighted score"}, "range": [0, 10.5],
                            "gridcolor": NHS_PALE_GREY})
    layout["barmode"] = "stack"
    return {"data": data, "layout": layout}


def scores_chart(scores: pd.DataFrame, criteria: pd.DataFrame) -> go.Figure:
    """`scores_figure` as a Plotly figure (the app)."""
    return go.Figure(scores_figure(scores, criteria))
