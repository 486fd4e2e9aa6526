"""Charts as plain dicts: the report draws its larger charts from a figure's dict (data,
layout) instead of a `go.Figure`, skipping Plotly's check of every property, which cost
most of the report's time.  A chart function `x_figure` builds the dict with its keys in
the order Plotly would hold them; `x` (for the app and tests) is `go.Figure(x_figure(...))`.
`figure_json` gives the JSON a `go.Figure` built the same way writes, so the report's bytes
do not depend on which of the two drew a chart."""

from __future__ import annotations

from copy import deepcopy

_TEMPLATE: list[dict] = []


def default_template() -> dict:
    """Plotly's default template as a new `go.Figure` takes it (read once)."""
    if not _TEMPLATE:
        import plotly.graph_objects as go

        _TEMPLATE.append(go.Figure().to_plotly_json()["layout"]["template"])
    return _TEMPLATE[0]


def figure_json(figure: dict) -> dict:
    """A chart's dict (data, layout without a template) as `go.Figure.to_plotly_json` gives
    a figure built by adding its traces and layout in that order: the default template
    first in the layout, numeric arrays packed (base64) as Plotly packs them."""
    from _plotly_utils.utils import convert_to_base64

    res = {"data": deepcopy(figure["data"]), "layout": deepcopy(figure["layout"])}
    convert_to_base64(res)
    res["layout"] = {"template": default_template(), **res["layout"]}
    return res


def trace_types(figure: dict) -> set[str]:
    """The trace types a chart's dict draws (a trace without a type is a scatter)."""
    return {trace.get("type") or "scatter" for trace in figure["data"]}
