"""Charts of the forecast outturn: activity under each assumption beside the plan and the
actuals, and the bridge gap under each assumption with its range.  They read the tidy
tables of `icsplan.forecast` (forecast.csv, delivery_to_date.csv), so the report and the
app draw the same figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import (
    FAN_INNER,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREEN,
    NHS_GREY,
    NHS_RED,
    NHS_WARM_YELLOW,
    pod_label,
    styled,
)
from icsplan.vocabulary import MILLION

COLOURS = {"plan": NHS_BLUE, "continues": NHS_RED, "recovers": NHS_WARM_YELLOW,
           "as_planned": NHS_GREEN}


def outturn_activity(table: pd.DataFrame, pod: str, actual: pd.DataFrame | None = None,
                     momentum: pd.Series | None = None) -> go.Figure:
    """A pod's system activity by year: the plan, each assumption's forecast (with its
    10th-90th percentile band when drawn), momentum and, indexed the same way, the actuals
    (`actual`: year, actual_index; shown as the plan's index-year value x index / 100)."""
    fig = go.Figure()
    part = table[(table["metric"] == "activity") & (table["pod"] == pod)]
    for name, rows in part.groupby("assumption", sort=False):
        rows = rows.sort_values("year")
        label = rows["label"].iloc[0]
        if rows["p10"].notna().any() and name != "plan":
            fig.add_trace(go.Scatter(x=rows["year"], y=rows["p90"], mode="lines",
                                     line={"width": 0}, showlegend=False, hoverinfo="skip"))
            fig.add_trace(go.Scatter(x=rows["year"], y=rows["p10"], mode="lines",
                                     line={"width": 0}, fill="tonexty", fillcolor=FAN_INNER,
                                     name=f"{label}: 10th to 90th percentile",
                                     hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["principal"], mode="lines+markers", name=label,
            line={"color": COLOURS.get(name, NHS_GREY), "width": 2,
                  "dash": "dash" if name == "plan" else "solid"},
            hovertemplate="%{x}: %{y:,.0f}<extra>" + label + "</extra>"))
    if momentum is not None and len(momentum):
        fig.add_trace(go.Scatter(x=list(momentum.index), y=momentum.to_numpy(), mode="lines",
                                 name="momentum (nothing done)",
                                 line={"color": NHS_GREY, "width": 1, "dash": "dot"}))
    if actual is not None and len(actual):
        fig.add_trace(go.Scatter(x=actual["year"], y=actual["value"], mode="markers",
                                 name="actuals (indexed to the plan)",
                                 marker={"color": NHS_DARK_BLUE, "size": 10,
                                         "symbol": "diamond"},
                                 hovertemplate="%{x}: %{y:,.0f}<extra>actuals</extra>"))
    fig.update_yaxes(title_text="activity a year")
    return styled(fig, f"{pod_label(pod)}: the plan against the forecast outturn")


def gap_by_assumption(headline: pd.DataFrame) -> go.Figure:
    """The bridge gap at the horizon under each assumption (£m), red for a deficit and green
    for a surplus, with the 10th-90th percentile of its draws as an error bar when drawn."""
    h = headline.copy()
    y = h["bridge_gap_gbp"] / MILLION
    drawn = h["gap_p10_gbp"].notna()
    err = {}
    if drawn.any():
        err = {"error_y": {"type": "data", "symmetric": False,
                           "array": ((h["gap_p90_gbp"] - h["bridge_gap_gbp"]) / MILLION)
                           .fillna(0).to_numpy(),
                           "arrayminus": ((h["bridge_gap_gbp"] - h["gap_p10_gbp"]) / MILLION)
                           .fillna(0).to_numpy(), "color": NHS_GREY}}
    # coloured by what the bar says, not by its assumption: a deficit is red whichever
    # assumption gives it (a green "as planned" bar below zero read as good news)
    fig = go.Figure(go.Bar(x=h["label"], y=y,
                           marker_color=[NHS_RED if v < 0 else NHS_GREEN for v in y],
                           hovertemplate="%{x}: £%{y:,.1f}m<extra></extra>", **err))
    fig.add_hline(y=0, line_color=NHS_GREY)
    fig.update_yaxes(title_text="£m (negative: deficit)")
    return styled(fig, "The financial gap at the horizon under each assumption")
