"""Two plans side by side on everything that differs: the headline, activity by pod and year,
the bridge's steps and the locality targets, as tables with planners' words, and a chart of
the differences in planned activity.

The functions take two `Plan`s and return plain DataFrames (first, second, difference), so
the Scenarios page, the tests and anything else compare the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.labels import labels_for, pod_label
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from icsplan.pipeline import Plan

FIRST, SECOND, DIFFERENCE = "First", "Second", "Difference"


def _side_by_side(a: pd.Series, b: pd.Series) -> pd.DataFrame:
    both = pd.concat([a.rename(FIRST), b.rename(SECOND)], axis=1).fillna(0.0)
    both[DIFFERENCE] = both[SECOND] - both[FIRST]
    return both


def activity_differences(a: Plan, b: Plan) -> pd.DataFrame:
    """Planned activity by pod and year in both plans and the difference (second - first)."""
    def planned(plan: Plan) -> pd.Series:
        return plan.activity.summary.set_index(["pod", "year"])["planned"]

    both = _side_by_side(planned(a), planned(b)).reset_index()
    both["pod"] = [pod_label(p) for p in both["pod"]]
    return both.rename(columns={"pod": "Point of delivery", "year": "Year"})


def bridge_differences(a: Plan, b: Plan) -> pd.DataFrame:
    """Each step of the financial bridge (£m) in both plans and the difference."""
    def steps(plan: Plan) -> pd.Series:
        bridge = plan.finance.bridge
        if bridge.empty:
            return pd.Series(dtype=float)
        return bridge.set_index("step")["value_gbp"] / MILLION

    both = _side_by_side(steps(a), steps(b))
    labels = labels_for(a.scenario)
    both.index = [labels.words(str(s)) for s in both.index]
    both.index.name = "Step"
    total = pd.DataFrame([both.sum()], index=pd.Index(["Gap after the bridge"], name="Step"))
    return pd.concat([both, total]).reset_index()


def target_differences(a: Plan, b: Plan) -> pd.DataFrame:
    """Each locality's target activity at the horizon, by pod, where the two plans differ."""
    def targets(plan: Plan) -> pd.Series:
        return plan.targets.set_index(["locality", "pod"])["target"]

    both = _side_by_side(targets(a), targets(b)).reset_index()
    both = both[both[DIFFERENCE].abs() > 0.5]
    labels = labels_for(a.scenario)
    both["locality"] = [labels.value("locality", v) for v in both["locality"]]
    both["pod"] = [pod_label(p) for p in both["pod"]]
    return both.rename(columns={"locality": "Locality", "pod": "Point of delivery"})


def difference_chart(activity: pd.DataFrame) -> go.Figure:
    """Planned activity, second minus first, by year: one line per point of delivery."""
    import plotly.graph_objects as go

    from icsplan.report.style import SITE_COLOURS, styled

    fig = go.Figure()
    pods = list(dict.fromkeys(activity["Point of delivery"]))
    for n, pod in enumerate(pods):
        rows = activity[activity["Point of delivery"] == pod]
        fig.add_trace(go.Scatter(x=rows["Year"], y=rows[DIFFERENCE], name=pod,
                                 mode="lines+markers",
                                 line={"color": SITE_COLOURS[n % len(SITE_COLOURS)]}))
    fig.add_hline(y=0, line_color="#425563", line_width=1)
    fig.update_yaxes(title_text="Second minus first")
    return styled(fig, "Planned activity: second minus first, by year", height=380)
