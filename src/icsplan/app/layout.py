"""The app's shell and shared pieces: header, navigation, cards, accessible tables, graphs.

Colours and fonts come from `report.style` (NHS identity, Arial); the page CSS is built from
them here, so the app and the report cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import dcc, html

from icsplan.report.labels import COLUMN_LABELS
from icsplan.report.style import (
    BACKGROUND,
    BORDER,
    FONT,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREY,
    NHS_PALE_GREY,
    NHS_RED,
    STATUS_DIFFERS,
    STATUS_INCONSISTENT,
    STATUS_LABELS,
    TEXT,
)

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from icsplan.app.compute import Figure
    from icsplan.report.labels import Labels

CSS = f"""
body {{ font-family: {FONT}; color: {TEXT}; margin: 0; background: {BACKGROUND}; }}
a {{ color: {NHS_BLUE}; }}
a:focus, button:focus, input:focus, select:focus {{ outline: 3px solid #ffeb3b; }}
.skip {{ position: absolute; left: -999px; }}
.skip:focus {{ left: 8px; top: 8px; background: white; padding: 8px; z-index: 10; }}
header {{ background: {NHS_BLUE}; color: white; padding: 14px 32px; display: flex;
         justify-content: space-between; align-items: center; flex-wrap: wrap; }}
header .title {{ font-size: 22px; font-weight: bold; margin: 0; }}
header a {{ color: white; }}
nav {{ background: {NHS_DARK_BLUE}; padding: 0 24px; }}
nav ul {{ list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; }}
nav a {{ color: white; display: block; padding: 10px 12px; text-decoration: none; }}
nav a:hover, nav a[aria-current="page"] {{ text-decoration: underline; background: {NHS_BLUE}; }}
main {{ max-width: 1280px; margin: 0 auto; padding: 8px 32px 48px; }}
h1 {{ color: {NHS_DARK_BLUE}; font-size: 26px; }}
h2 {{ color: {NHS_DARK_BLUE}; font-size: 20px; margin-top: 0; }}
section {{ background: white; margin: 16px 0; padding: 16px 20px; border-radius: 4px; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; }}
.card {{ border-left: 6px solid {NHS_BLUE}; background: {NHS_PALE_GREY}; padding: 10px 14px; }}
.card .value {{ font-size: 24px; font-weight: bold; color: {NHS_DARK_BLUE}; }}
.card .label {{ color: {NHS_GREY}; font-size: 14px; }}
.card .more {{ font-size: 13px; display: inline-block; margin-top: 4px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }}
caption {{ text-align: left; font-weight: bold; padding: 6px 0; color: {NHS_DARK_BLUE}; }}
th, td {{ padding: 4px 8px; border-bottom: 1px solid {BORDER}; text-align: right; }}
th {{ background: {NHS_PALE_GREY}; }}
td.text, th.text {{ text-align: left; }}
.status-differs {{ color: {STATUS_DIFFERS}; font-weight: bold; }}
.status-inconsistent {{ color: {STATUS_INCONSISTENT}; font-weight: bold; }}
.columns {{ display: grid; grid-template-columns: minmax(280px, 360px) 1fr; gap: 16px; }}
.lever {{ margin: 6px 0 10px; }}
.lever label {{ display: block; font-weight: bold; font-size: 14px; }}
.lever input, .lever select {{ font-size: 15px; padding: 4px; width: 110px;
                              border: 2px solid {NHS_GREY}; }}
.problem {{ color: {NHS_RED}; font-weight: bold; font-size: 13px; }}
.problem:empty {{ display: none; }}
.field {{ margin: 8px 0; }}
.field label {{ display: block; font-weight: bold; }}
.field input, .field select {{ font-size: 15px; padding: 4px; border: 2px solid {NHS_GREY};
                              min-width: 260px; }}
button {{ background: {NHS_BLUE}; color: white; border: 0; padding: 8px 14px; font-size: 15px;
         margin: 4px 8px 4px 0; cursor: pointer; border-radius: 3px; }}
button.secondary {{ background: {NHS_GREY}; }}
.note {{ color: {NHS_GREY}; font-size: 13px; }}
.message {{ font-weight: bold; color: {NHS_DARK_BLUE}; }}
.refused {{ font-weight: bold; color: {NHS_RED}; }}
summary {{ cursor: pointer; font-weight: bold; color: {NHS_BLUE}; padding: 6px 0; }}
.filters {{ display: flex; gap: 24px; flex-wrap: wrap; }}
fieldset {{ border: 1px solid {BORDER}; margin: 8px 0; padding: 6px 10px; }}
legend {{ font-weight: bold; color: {NHS_DARK_BLUE}; }}
.choice .option {{ display: inline-block; margin: 2px 14px 2px 0; font-size: 14px; }}
.choice input {{ margin-right: 4px; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
dt {{ font-weight: bold; color: {NHS_DARK_BLUE}; margin-top: 10px; }}
dd {{ margin: 2px 0 0 16px; }}
.scroll table {{ margin-top: 0; }}
pre {{ overflow-x: auto; white-space: pre-wrap; word-break: break-word; }}
.tree, .tree ul {{ list-style: none; padding-left: 18px; margin: 4px 0; }}
.tree li {{ margin: 4px 0; border-left: 2px solid {BORDER}; padding-left: 8px; }}
.actions {{ display: flex; flex-wrap: wrap; gap: 4px; }}
.stale {{ background: #fff4e5; padding: 8px; border-left: 6px solid {NHS_RED}; }}
figure {{ max-width: 100%; overflow: hidden; }}
nav ul {{ row-gap: 0; }}
.multiples .grid {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
                   gap: 12px; }}
.multiples .cell {{ min-width: 0; }}
@media (max-width: 800px) {{
  header {{ padding: 10px 12px; }}
  header .title {{ font-size: 18px; }}
  nav {{ padding: 0 6px; }}
  nav a {{ padding: 8px 8px; }}
  main {{ padding: 4px 10px 32px; }}
  section {{ padding: 10px 10px; }}
  h1 {{ font-size: 22px; }}
  .columns {{ grid-template-columns: 1fr; }}
  .field input, .field select {{ min-width: 0; width: 100%; box-sizing: border-box; }}
  .cards {{ grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }}
  .multiples .grid {{ grid-template-columns: 1fr; }}
}}
"""


def cards(figures: list[Figure], link=None) -> html.Div:
    """Headline figures as cards, each with an id for tests and screen readers; `link(key)`
    gives a card's "what makes it" link (None: no link)."""
    def card(f: Figure) -> html.Div:
        target = link(f.key) if link else None
        more = [dcc.Link("What makes it", href=target, className="more",
                         id=f"explain-{f.key}", title=f"What makes the {f.label}")
                ] if target else []
        return html.Div(className="card", id=f"card-{f.key}", children=[
            html.Div(f.text()[:1].upper() + f.text()[1:], className="value"),
            html.Div(f.label, className="label"), *more])
    return html.Div(className="cards", children=[card(f) for f in figures])


def table(frame: pd.DataFrame, caption: str, formats: dict[str, str] | None = None,
          labels: dict[str, str] | None = None, table_id: str | None = None,
          names: Labels | None = None) -> html.Div:
    """An accessible table in its own scrolling box (so a wide table never widens the page):
    caption, column headers with scope, numbers right-aligned. With `names` (the scenario's
    label map, `report.labels`) headers and coded values (pods, CCGs, localities,
    initiatives, statuses) read as planners' words, as in the report; the codes stay in CSVs."""
    import pandas as pd

    formats, labels = formats or {}, labels or {}
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns}

    def header(col: str) -> str:
        if col in labels:
            return labels[col]
        return names.column(col) if names is not None else col.replace("_", " ")

    head = html.Thead(html.Tr([
        html.Th(header(c), scope="col", className="num" if numeric[c] else "text")
        for c in frame.columns]))
    rows = []
    for rec in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, rec, strict=True):
            css = "num" if numeric[col] else "text"
            shown = value
            if col == "status":
                css += f" status-{value}"
                if names is not None and isinstance(value, str):
                    shown = STATUS_LABELS.get(value) or COLUMN_LABELS.get(value, value)
            elif names is not None:
                shown = names.value(col, value)
            cells.append(html.Td(_fmt(shown, formats.get(col)), className=css))
        rows.append(html.Tr(cells))
    kwargs = {"id": table_id} if table_id else {}
    return html.Div(html.Table([html.Caption(caption), head, html.Tbody(rows)], **kwargs),
                    className="scroll", tabIndex="0", role="region",
                    **{"aria-label": f"{caption} (scrolls sideways)"})


def _fmt(value: object, spec: str | None) -> str:
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if spec and isinstance(value, int | float):
        return format(value, spec)
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def graph(fig: go.Figure | dict, graph_id: str | None = None, responsive: bool = False
          ) -> html.Figure:
    """A chart from `report.charts` (a figure, or a figure's plain dict made by
    `figure_dict`) without Plotly's logo, captioned with its title (`responsive`: drawn at
    the width of its box, e.g. a cell of a grid of small charts)."""
    if isinstance(fig, dict):
        text, height = (fig["layout"].get("title") or {}).get("text"), fig["layout"].get("height")
    else:
        text, height = fig.layout.title.text, fig.layout.height
    title = _plain(text or "chart")
    kwargs: dict = {"id": graph_id} if graph_id else {}
    if responsive:
        kwargs["responsive"] = True
        kwargs["style"] = {"height": f"{height or 420}px"}
    return html.Figure([dcc.Graph(figure=fig, config={"displaylogo": False}, **kwargs),
                        html.Figcaption(title, className="note")], style={"margin": 0})


def figure_dict(figure: dict) -> dict:
    """A figure's plain dict (data, layout) as Plotly's `Figure.to_plotly_json` gives it, for
    a dict that `go.Figure` would take unchanged (e.g. `report.charts.finance.cash_flow_figure`):
    with Plotly's default template and numeric arrays packed as Plotly packs them, so the
    page receives the very JSON a `go.Figure` of it sends, without checking every property."""
    from _plotly_utils.utils import convert_to_base64

    from icsplan.report.charts.plain import default_template

    data = [dict(trace) for trace in figure["data"]]
    convert_to_base64(data)  # the numeric arrays, as to_plotly_json packs them
    return {"data": data, "layout": {**figure["layout"], "template": default_template()}}


def _plain(text: str) -> str:
    """Chart text without Plotly's HTML tags."""
    import re

    return re.sub(r"<[^>]+>", " ", text).strip()


def section(title: str, *children: object, section_id: str | None = None) -> html.Section:
    """A white panel with a sentence-case heading."""
    kwargs = {"id": section_id} if section_id else {}
    return html.Section([html.H2(title), *children], **kwargs)


def page(title: str, *children: object) -> html.Div:
    """A page: its heading, then its sections."""
    return html.Div([html.H1(title), *children])


def choice(ident: str, legend: str, options: list[dict], value: str) -> html.Fieldset:
    """A labelled group of radio buttons (native inputs: named, keyboard-usable, and free of
    the dropdown's hidden focusable input that axe-core flags)."""
    return html.Fieldset(className="choice", children=[
        html.Legend(legend),
        dcc.RadioItems(id=ident, options=options, value=value, inline=True,
                       labelClassName="option")])


def small_multiples(figures: list, ident: str, caption: str) -> html.Div:
    """One small chart per pod in a grid that reflows with the screen (three across on a
    desktop, one on a phone), so no chart's title or labels overlap another's: the report's
    own per-pod charts, each drawn at the width of its cell."""
    return html.Div(id=ident, className="multiples", children=[
        html.P(caption, className="note"),
        html.Div(className="grid", children=[
            html.Div(graph(fig, f"{ident}-{i}", responsive=True), className="cell")
            for i, fig in enumerate(figures)])])
