"""Plotly charts of the population pipeline: the risk model's calibration."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icsplan.report.style import NHS_BLUE, NHS_GREY, styled


def calibration_chart(calibration: pd.DataFrame) -> go.Figure:
    """Mean predicted risk against the observed rate, by decile of predicted risk."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=calibration["decile"], y=100 * calibration["observed_rate"],
                         name="Observed", marker={"color": NHS_BLUE}))
    fig.add_trace(go.Scatter(x=calibration["decile"], y=100 * calibration["mean_predicted"],
                             name="Predicted", mode="lines+markers",
                             line={"color": NHS_GREY, "width": 3}))
    fig = styled(fig, "Risk of a non-elective admission in 12 months: predicted and observed, "
                 "by decile of predicted risk")
    fig.update_xaxes(title_text="decile of predicted risk", dtick=1)
    fig.update_yaxes(title_text="% of people admitted")
    return fig
