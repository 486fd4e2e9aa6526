"""Charts as plain dicts: the report draws its larger charts from a figure's dict (data,
layout) instead of a `go.Figure`, skipping Plotly's check of every property, which cost
most of the report's time.  A chart function `x_figure` builds the dict with its keys in
the order Plotly would hold them; `x` (for the app and tests) is `go.Figure(x_figure(...))`.
`figure_json` gives the JSON a `go.Figure` built the same way writes, so the report's bytes
do not depend on which of the two drew a chart."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

_TEMPLATE: list[dict] = []


def default_template() -> dict:
    """Plotly's default template as a new `go.Figure` takes it: the "plotly" template Plotly
    ships as JSON, read once (building it as Plotly's template object, which checks every
    property, cost ~0.06 s)."""
    if not _TEMPLATE:
        import plotly

        shipped = Path(plotly.__file__).parent / "package_data" / "templates" / "plotly.json"
        template = json.loads(shipped.read_text(encoding="utf-8"))
        _TEMPLATE.append({"data": template["data"], "layout": template["layout"]})
    return _TEMPLATE[0]


def figure_json(figure: dict) -> dict:
    """A chart's dict (data, layout without a template) as `go.Figure.to_plotly_json` gives
    a figure built by adding its traces and layout in that order: the default template
    first in the layout, numeric arrays packed (base64) as Plotly packs them."""
    from _plotly_utils.utils import convert_to_base64

    res = {"data": deepcopy(figure["data"]), "layout": deepcopy(figure["layout"])}
    convert_to_base64(res)
    if "template" not in res["layout"]:  # (`as_constructed` placed it already)
        res["layout"] = {"template": default_template(), **res["layout"]}
    return res


def as_constructed(figure: dict) -> dict:
    """A chart's dict in the order `go.Figure(figure)` holds it (for `figure_json`): every
    dict's keys sorted, a trace's type last, and the default template last in the layout.
    A chart the report drew as `go.Figure(x_figure(...))` keeps its bytes this way."""
    def ordered(value: object) -> object:
        if isinstance(value, dict):
            return {k: ordered(value[k]) for k in sorted(value)}
        if isinstance(value, list):
            return [ordered(v) for v in value]
        return value

    data = [{**ordered({k: v for k, v in trace.items() if k != "type"}),
             "type": trace.get("type", "scatter")} for trace in figure["data"]]
    return {"data": data, "layout": {**ordered(figure["layout"]), "template": default_template()}}


def panel_grid(rows: int, cols: int, titles: list[str], horizontal_spacing: float,
               vertical_spacing: float) -> dict:
    """The layout of an empty grid of panels, filled row by row from the top left, as
    `plotly.subplots.make_subplots` lays it out (without building a figure): per panel an
    x and y axis anchored to each other with their domains, and each title (centred above
    its panel, a blank one left out) as an annotation.  Its floats are computed as Plotly's
    are, so a chart drawn on it writes the same bytes."""
    width = (1.0 - horizontal_spacing * (cols - 1)) / cols
    height = (1.0 - vertical_spacing * (rows - 1)) / rows
    layout: dict = {}
    notes = []
    for k in range(rows * cols):
        row, col = divmod(k, cols)
        left = sum([width] * col) + col * horizontal_spacing
        level = rows - 1 - row  # rows count from the bottom of the paper
        bottom = sum([height] * level) + level * vertical_spacing
        x = [left, left + width]
        y = [max(0.0, bottom), min(1.0, bottom + height)]
        axis = "" if k == 0 else str(k + 1)
        layout[f"xaxis{axis}"] = {"anchor": f"y{axis}", "domain": x}
        layout[f"yaxis{axis}"] = {"anchor": f"x{axis}", "domain": y}
        if k < len(titles) and titles[k]:
            notes.append({"font": {"size": 16}, "showarrow": False, "text": titles[k],
                          "x": sum(x) / 2.0, "xanchor": "center", "xref": "paper", "y": y[1],
                          "yanchor": "bottom", "yref": "paper"})
    if notes:
        layout["annotations"] = notes
    return layout


def trace_types(figure: dict) -> set[str]:
    """The trace types a chart's dict draws (a trace without a type is a scatter)."""
    return {trace.get("type") or "scatter" for trace in figure["data"]}
