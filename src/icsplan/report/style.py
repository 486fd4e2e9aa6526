"""NHS identity colours and chart defaults shared by every chart and page."""

from __future__ import annotations

import plotly.graph_objects as go

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_GREY = "#425563"
NHS_PALE_GREY = "#E8EDEE"
NHS_GREEN = "#009639"
NHS_WARM_YELLOW = "#FFB81C"
NHS_RED = "#DA291C"
POD_LABELS = {"ae": "A&E attendances", "elective": "Elective admissions",
              "daycase": "Daycases", "non_elective": "Non-elective admissions",
              "outpatient": "Outpatient appointments", "gp": "GP appointments",
              "ambulance": "Ambulance dispatches", "bed_days": "Bed days"}
SERIES = {"baseline": NHS_GREY, "momentum": NHS_RED, "planned": NHS_BLUE}


def styled(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """Apply the house look: Arial, sentence-case title, white background, pale grid."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": "Arial, sans-serif", "size": 13, "color": "#212b32"},
        paper_bgcolor="white", plot_bgcolor="white", height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor=NHS_PALE_GREY, linecolor=NHS_GREY)
    fig.update_yaxes(gridcolor=NHS_PALE_GREY, linecolor=NHS_GREY, separatethousands=True)
    return fig
