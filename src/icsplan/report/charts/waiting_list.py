"""Plotly charts of an RTT waiting list: actual and projected size and share within 18
weeks against the 92% standard, and the long waits by month."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import MDC_TARGET, NHS_BLUE, NHS_DARK_BLUE, NHS_GREY, NHS_RED, styled


def share_within_18_weeks(actuals: pd.DataFrame, projection: pd.DataFrame) -> go.Figure:
    """Share of the waiting list within 18 weeks by month (%): actual, then projected under
    the plan, with the 92% standard."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=actuals["month"], y=actuals["share_within_18_weeks"],
                             name="Actual", mode="lines+markers",
                             line={"color": NHS_DARK_BLUE, "width": 3},
                             hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(x=projection["month"], y=projection["share_within_18_weeks"],
                             name="Projected (the plan)", mode="lines",
                             line={"color": NHS_BLUE, "width": 3, "dash": "dash"},
                             hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    months = [*actuals["month"], *projection["month"]]
    fig.add_trace(go.Scatter(x=[months[0], months[-1]], y=[92, 92], name="Standard 92%",
                             mode="lines", line={"color": MDC_TARGET, "dash": "dot"},
                             hoverinfo="skip"))
    return styled(fig, "Waiting list within 18 weeks (%)", height=360)


def long_waits(actuals: pd.DataFrame, projection: pd.DataFrame) -> go.Figure:
    """Pathways waiting 52, 65 and 78 weeks or more by month, actual then projected."""
    both = pd.concat([actuals, projection], ignore_index=True)
    fig = go.Figure()
    for column, name, colour in (("over_52_weeks", "52 weeks or more", NHS_RED),
                                 ("over_65_weeks", "65 weeks or more", NHS_GREY),
                                 ("over_78_weeks", "78 weeks or more", NHS_DARK_BLUE)):
        if column in both and both[column].notna().any():
            fig.add_trace(go.Scatter(x=both["month"], y=both[column], name=name,
                                     mode="lines", line={"color": colour, "width": 2},
                                     hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    return styled(fig, "Long waits (pathways)", height=360)


def plan_and_levers(actuals: pd.DataFrame, plan: pd.DataFrame, levers: pd.DataFrame,
                    column: str, title: str, unit: str) -> go.Figure:
    """One measure by month: actual, projected under the plan and under changed levers (the
    app's What-if view of the waiting list); the 92% standard on the share within 18 weeks."""
    fig = go.Figure()
    tip = "%{x}: %{y:,.1f}" + unit + "<extra></extra>"
    if column in actuals:
        fig.add_trace(go.Scatter(x=actuals["month"], y=actuals[column], name="Actual",
                                 mode="lines", line={"color": NHS_DARK_BLUE, "width": 3},
                                 hovertemplate=tip))
    fig.add_trace(go.Scatter(x=plan["month"], y=plan[column], name="The plan", mode="lines",
                             line={"color": NHS_BLUE, "width": 3, "dash": "dash"},
                             hovertemplate=tip))
    fig.add_trace(go.Scatter(x=levers["month"], y=levers[column], name="With the levers",
                             mode="lines", line={"color": NHS_RED, "width": 2},
                             hovertemplate=tip))
    if column == "share_within_18_weeks":
        months = [*actuals["month"], *plan["month"]]
        fig.add_trace(go.Scatter(x=[months[0], months[-1]], y=[92, 92], name="Standard 92%",
                                 mode="lines", line={"color": MDC_TARGET, "dash": "dot"},
                                 hoverinfo="skip"))
    fig.update_yaxes(rangemode="tozero")
    return styled(fig, title, height=340)
