"""Fan charts of a Monte Carlo run: activity by pod and money by year, with percentile bands.

Each takes the tidy summaries of `icsplan.montecarlo` (activity_uncertainty.csv,
finance_uncertainty.csv), so the report and the app draw the same figures from the same
columns: principal, mean, p5, p10, p50, p90, p95.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.charts.activity import pod_panels
from icsplan.report.style import (
    FAN_INNER,
    FAN_MEDIAN,
    FAN_OUTER,
    FAN_PRINCIPAL,
    NHS_GREY,
    SERIES,
    pod_label,
    styled,
)
from icsplan.vocabulary import MILLION


# noqa below: Plotly's own placement arguments (row, col) and labels; a private helper.
def _fan(fig: go.Figure, x: list, part: pd.DataFrame, scale: float, name: str, first: bool,  # noqa: PLR0913
         row: int | None = None, col: int | None = None, unit: str = "") -> None:
    """Add the bands (5th-95th, 10th-90th), the median and the principal run to a figure."""
    where = {"row": row, "col": col} if row else {}
    for lo, hi, colour, label in (("p5", "p95", FAN_OUTER, "5th to 95th percentile"),
                                  ("p10", "p90", FAN_INNER, "10th to 90th percentile")):
        fig.add_trace(go.Scatter(x=x, y=part[hi] / scale, mode="lines", line={"width": 0},
                                 showlegend=False, hoverinfo="skip", legendgroup=label), **where)
        fig.add_trace(go.Scatter(
            x=x, y=part[lo] / scale, mode="lines", line={"width": 0}, fill="tonexty",
            fillcolor=colour, name=label, legendgroup=label, showlegend=first,
            customdata=part[[lo, hi]].to_numpy() / scale,
            hovertemplate=f"{label}: %{{customdata[0]:,.1f}}{unit} to "
                          f"%{{customdata[1]:,.1f}}{unit}<extra>{name}</extra>"), **where)
    fig.add_trace(go.Scatter(x=x, y=part["p50"] / scale, mode="lines", name="Median of draws",
                             line={"color": FAN_MEDIAN, "width": 2}, legendgroup="median",
                             showlegend=first,
                             hovertemplate=f"median: %{{y:,.1f}}{unit}<extra>{name}</extra>"),
                  **where)
    fig.add_trace(go.Scatter(x=x, y=part["principal"] / scale, mode="lines+markers",
                             name="Principal run (the plan)", legendgroup="principal",
                             line={"color": FAN_PRINCIPAL, "width": 2, "dash": "dash"},
                             marker={"size": 5}, showlegend=first,
                             hovertemplate=f"plan: %{{y:,.1f}}{unit}<extra>{name}</extra>"),
                  **where)


def activity_fan(activity: pd.DataFrame, measure: str = "planned", level: str = "pod",
                 where: dict[str, str] | None = None) -> go.Figure:
    """Planned (or momentum) activity by year with its percentile bands, one panel per pod.

    `where` filters rows first (e.g. {"ccg": "thurrock"} with level "ccg")."""
    part = activity[(activity["level"] == level) & (activity["measure"] == measure)]
    for key, value in (where or {}).items():
        part = part[part[key] == value]
    part = part.groupby(["pod", "year"], sort=False, as_index=False)[
        ["principal", "mean", "p5", "p10", "p50", "p90", "p95"]].sum()
    pods = list(dict.fromkeys(part["pod"]))
    fig, rows, cols = pod_panels(pods, 0.16)
    for i, pod in enumerate(pods):
        rows_pod = part[part["pod"] == pod]
        _fan(fig, list(rows_pod["year"]), rows_pod, 1.0, pod_label(pod), i == 0,
             row=i // cols + 1, col=i % cols + 1)
    what = "Planned" if measure == "planned" else "Momentum"
    fig = styled(fig, f"{what} activity by year: the plan and the range of its draws (axes "
                 "do not start at zero)", height=300 * rows)
    return fig


def pod_fan(activity: pd.DataFrame, pod: str, measure: str = "planned",
            level: str = "pod") -> go.Figure:
    """One pod's planned (or momentum) activity by year with its percentile bands: a small
    chart of its own, titled with the pod, for a grid that reflows with the screen."""
    part = activity[(activity["level"] == level) & (activity["measure"] == measure)
                    & (activity["pod"] == pod)]
    part = part.groupby("year", sort=False, as_index=False)[
        ["principal", "mean", "p5", "p10", "p50", "p90", "p95"]].sum()
    fig = go.Figure()
    _fan(fig, list(part["year"]), part, 1.0, pod_label(pod), True)
    return styled(fig, pod_label(pod), height=340)


def money_fan(finance: pd.DataFrame, metric: str = "cumulative_net_gbp",
              wrap: int = 44) -> go.Figure:
    """Net saving (per year or cumulative, £m) with its percentile bands; zero marked
    (`wrap`: the title's line length, shorter for a chart in a phone-wide cell)."""
    part = finance[finance["metric"] == metric]
    fig = go.Figure()
    _fan(fig, list(part["year"]), part, MILLION, "£m", True, unit="m")
    fig.add_hline(y=0, line={"color": NHS_GREY, "width": 1})
    title = ("Cumulative net saving (£m): the plan and the range of its draws"
             if metric == "cumulative_net_gbp" else "Net saving by year (£m)")
    fig = styled(fig, title, height=420, wrap=wrap)
    fig.update_yaxes(title_text="£m")
    return fig


def gap_range(finance: pd.DataFrame) -> go.Figure:
    """The bridge gap at the horizon (£m): percentiles as a horizontal range, the plan and
    zero marked (right of zero the gap closes)."""
    row = finance[finance["metric"] == "bridge_gap_gbp"].iloc[0]
    fig = go.Figure()
    for lo, hi, colour, width, label in (("p5", "p95", FAN_OUTER, 26, "5th to 95th percentile"),
                                         ("p10", "p90", FAN_INNER, 26,
                                          "10th to 90th percentile")):
        fig.add_trace(go.Scatter(x=[row[lo] / MILLION, row[hi] / MILLION], y=["gap", "gap"],
                                 mode="lines", line={"color": colour, "width": width},
                                 name=label, hovertemplate="%{x:,.1f}m<extra></extra>"))
    fig.add_trace(go.Scatter(x=[row["p50"] / MILLION], y=["gap"], mode="markers",
                             marker={"color": FAN_MEDIAN, "size": 14, "symbol": "line-ns",
                                     "line": {"width": 3, "color": FAN_MEDIAN}},
                             name="Median of draws", hovertemplate="%{x:,.1f}m<extra></extra>"))
    fig.add_trace(go.Scatter(x=[row["principal"] / MILLION], y=["gap"], mode="markers",
                             marker={"color": SERIES["planned"], "size": 12, "symbol": "diamond"},
                             name="Principal run (the plan)",
                             hovertemplate="%{x:,.1f}m<extra></extra>"))
    fig.add_vline(x=0, line={"color": NHS_GREY, "dash": "dot"})
    fig = styled(fig, f"Financial gap in {row['year']} (£m; at or above 0 the gap closes): "
                 f"probability {row['probability']:.0%}", height=260)
    fig.update_layout(legend={"y": -0.35})
    fig.update_yaxes(showticklabels=False)
    return fig
