"""Charts of the programme register: QIPP pipeline, milestone slippage, risk heat map, maturity.

One set of functions for the HTML report and the web app; colours come from report/style.py.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import (
    LEVEL_COLOURS,
    NHS_DARK_BLUE,
    NHS_GREEN,
    NHS_GREY,
    NHS_RED,
    RAG_COLOURS,
    RAG_TEXT,
    STATUS_COLOURS,
    STATUS_LABELS,
    styled,
)

K = 1e3


def _wrap(label: str, width: int = 28) -> str:
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def qipp_pipeline(qipp: pd.DataFrame) -> go.Figure:
    """Stacked QIPP by status against the target and the target with headroom (£k)."""
    fig = go.Figure()
    labels = [f"{r.organisation.replace('_', ' ').title()} {r.year}" for r in qipp.itertuples()]
    rows = list(range(len(qipp)))
    for status in ("delivered", "in_progress", "scoping"):
        values = qipp[f"{status}_gbp"] / K
        fig.add_bar(y=rows, x=values, name=STATUS_LABELS[status], orientation="h",
                    marker_color=STATUS_COLOURS[status], width=0.6,
                    text=[f"£{v:,.0f}k" if v else "" for v in values], textposition="inside",
                    insidetextanchor="middle")
    fig.add_bar(y=rows, x=qipp.gap_gbp.clip(lower=0) / K, name="Gap to target", width=0.6,
                orientation="h", marker={"color": "white", "line": {"color": NHS_RED, "width": 2},
                                         "pattern": {"shape": "/", "fgcolor": NHS_RED}},
                text=[f"gap £{v:,.0f}k" for v in qipp.gap_gbp / K], textposition="outside")
    for column, name, colour, dash in (
            ("target_gbp", "QIPP target", NHS_DARK_BLUE, "solid"),
            ("target_with_headroom_gbp", "Target + headroom", NHS_GREEN, "dash")):
        xs, ys = [], []
        for row, value in zip(rows, qipp[column] / K, strict=True):
            xs += [value, value, None]
            ys += [row - 0.45, row + 0.45, None]
        fig.add_scatter(x=xs, y=ys, mode="lines", name=name,
                        line={"color": colour, "width": 4, "dash": dash})
        top = dash == "solid"
        for row, value in zip(rows, qipp[column] / K, strict=True):
            fig.add_annotation(x=value, y=row + (0.45 if top else -0.45),
                               text=f"{name}: £{value:,.0f}k", showarrow=False,
                               yanchor="bottom" if top else "top", font={"color": colour})
    fig.update_layout(barmode="stack", xaxis_title="Net QIPP saving (£k)",
                      legend={"y": -0.45})
    fig.update_yaxes(tickvals=rows, ticktext=labels, range=[-0.75, len(rows) - 0.2],
                     showgrid=False)
    return styled(fig, "QIPP pipeline against target by status", height=320 + 80 * len(qipp))


def milestone_slippage(milestones: pd.DataFrame) -> go.Figure:
    """Days each milestone is forecast (or was delivered) late; 0 when on its planned date."""
    frame = milestones.iloc[::-1]
    days = frame.slippage_days.fillna(0).astype(int)
    colours = [NHS_RED if d > 0 else NHS_GREEN for d in days]
    labels = [f"{_wrap(n, 40)} ({p:%d %b %Y})" for n, p in zip(frame.milestone, frame.planned_date,
                                                                strict=True)]
    fig = go.Figure(go.Bar(y=labels, x=days, orientation="h", marker_color=colours,
                           text=[f"{d:+d} days" for d in days], textposition="outside",
                           hovertext=frame.status, cliponaxis=False))
    fig.update_layout(xaxis_title="Slippage against planned date (days; + is late)",
                      showlegend=False)
    fig.update_xaxes(zeroline=True, zerolinecolor=NHS_GREY, zerolinewidth=2)
    return styled(fig, "Milestone slippage", height=180 + 46 * len(frame))


def risk_heat_map(heat: pd.DataFrame) -> go.Figure:
    """5 x 5 grid of impact x likelihood, each cell coloured by its rating, with risk counts."""
    fig = go.Figure()
    for row in heat.itertuples():
        colour = RAG_COLOURS.get(row.rag, NHS_GREY)
        fig.add_shape(type="rect", x0=row.likelihood - 0.5, x1=row.likelihood + 0.5,
                      y0=row.impact - 0.5, y1=row.impact + 0.5, fillcolor=colour,
                      opacity=1 if row.count else 0.35, line={"color": "white", "width": 2},
                      layer="below")
        label = f"<b>{row.count}</b>" if row.count else ""
        fig.add_annotation(x=row.likelihood, y=row.impact, text=label, showarrow=False,
                           font={"size": 22, "color": RAG_TEXT.get(row.rag, "white")})
    fig.add_scatter(x=heat.likelihood, y=heat.impact, mode="markers", opacity=0,
                    hovertext=[f"impact {r.impact} x likelihood {r.likelihood} = {r.score} "
                               f"({r.rag}): {r.count} risk(s)" for r in heat.itertuples()],
                    hoverinfo="text", showlegend=False)
    for rating, colour in RAG_COLOURS.items():
        if rating in set(heat.rag):
            fig.add_scatter(x=[None], y=[None], mode="markers", name=rating,
                            marker={"size": 14, "symbol": "square", "color": colour})
    fig.update_xaxes(range=[0.5, 5.5], dtick=1, title="Likelihood (1 unlikely - 5 likely)",
                     showgrid=False)
    fig.update_yaxes(range=[0.5, 5.5], dtick=1, title="Impact (1 minor - 5 major)",
                     showgrid=False, zeroline=False)
    fig.update_xaxes(zeroline=False)
    fig.update_layout(width=640, margin={"r": 120})
    return styled(fig, "Risk heat map: number of risks by impact and likelihood", height=560)


def maturity(shares: pd.DataFrame) -> go.Figure:
    """Share of localities at each maturity level by quarter: planned bars, assessed markers."""
    fig = go.Figure()
    planned = shares[shares.measure == "planned"]
    assessed = shares[shares.measure == "assessed"]
    quarters = sorted(set(shares.quarter))
    for level in (1, 2, 3, 4):
        mine = planned[planned.level == level].set_index("quarter").reindex(quarters)
        fig.add_bar(x=quarters, y=mine.share.fillna(0) * 100, name=f"Level {level} planned",
                    marker_color=LEVEL_COLOURS[level])
    for level in (1, 2, 3, 4):
        mine = assessed[assessed.level == level]
        if not mine.empty:
            fig.add_scatter(x=mine.quarter, y=mine.share * 100, mode="lines+markers",
                            name=f"Level {level} assessed",
                            line={"color": LEVEL_COLOURS[level], "dash": "dot", "width": 3},
                            marker={"size": 9, "symbol": "diamond",
                                    "line": {"color": NHS_GREY, "width": 1}})
    fig.update_layout(barmode="stack", yaxis_title="Localities at each level (%)",
                      yaxis_range=[0, 100])
    fig.update_xaxes(tickangle=-45)
    return styled(fig, "Locality maturity: planned level and assessed level over time",
                  height=480)
