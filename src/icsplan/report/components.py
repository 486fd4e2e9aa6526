"""The report's shared pieces: a section, an accessible table, headline cards, a chart with
its caption and data, and the function type that turns a chart into HTML.  Used by every
section; imports no section."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from icsplan.pipeline import Plan
    from icsplan.report.labels import Labels

#: turns a chart into HTML (the report embeds plotly.js once, in the page head)
FigureHtml = Callable[["go.Figure"], str]


@dataclass(frozen=True)
class Section:
    """One part of the report: a title and a function rendering its HTML from a plan."""

    title: str
    render: Callable[[Plan, FigureHtml], str]

    @property
    def anchor(self) -> str:
        """The section's id in the page, from its title: 'The financial bridge' -> 'the-
        financial-bridge' (the contents list links to it)."""
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "section"


def table_html(frame: pd.DataFrame, caption: str, formats: dict[str, str] | None = None,
               labels: Labels | None = None) -> str:
    """An accessible HTML table (caption, header scope), numbers right-aligned and formatted,
    inside a container that scrolls sideways on a narrow screen.  With `labels`, headers and
    coded values (pods, CCGs, localities, initiatives) are shown as planners name them."""
    formats = formats or {}
    head = "".join(f'<th scope="col" class="{_cls(frame[c])}">'
                   f"{html.escape(labels.column(c) if labels else str(c))}</th>"
                   for c in frame.columns)
    body = []
    for rec in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, rec, strict=True):
            shown = labels.value(col, value) if labels else value
            text = _fmt(shown, formats.get(col))
            css = _cls(frame[col])
            if col == "status":
                css += f" status-{value}"
            cells.append(f'<td class="{css}">{html.escape(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def cards_html(cards: list[tuple[str, str]]) -> str:
    """Headline figures as cards (value, label); at most ten, as the house style asks."""
    cells = "".join(f'<div class="card"><div class="value">{html.escape(v)}</div>'
                    f'<div class="label">{html.escape(label)}</div></div>'
                    for v, label in cards[:10])
    return f'<div class="cards">{cells}</div>'


def details_html(summary: str, body: str, open_: bool = False) -> str:
    """A collapsible block with a summary line."""
    opened = " open" if open_ else ""
    return f"<details{opened}><summary>{html.escape(summary)}</summary>{body}</details>"


def chart_html(figure: FigureHtml, fig: go.Figure | list[go.Figure], caption: str,
               data: pd.DataFrame, formats: dict[str, str] | None = None,
               labels: Labels | None = None) -> str:
    """A chart (or small multiples that reflow with the page) as a captioned figure: the
    caption is its text alternative (also its aria label), and the data behind it follows
    as a table in a collapsed block."""
    text = html.escape(caption)
    table = table_html(data, caption, formats, labels)
    if isinstance(fig, list):
        drawn = "".join(f'<div class="multiple">{figure(f)}</div>' for f in fig)
        drawn, kind = f'<div class="multiples">{drawn}</div>', "chart multi"
    else:
        drawn, kind = figure(fig), "chart"
    return (f'<figure class="{kind}" role="group" aria-label="{text}">{drawn}'
            f"<figcaption>{text}</figcaption>"
            f"{details_html('Data behind this chart', table)}</figure>")


def contents_html(sections: list[Section]) -> str:
    """The contents list: one link to each section."""
    items = "".join(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>'
                    for s in sections)
    return f'<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def _cls(series: pd.Series) -> str:
    return "num" if pd.api.types.is_numeric_dtype(series) else "text"


def _fmt(value: object, spec: str | None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if spec and isinstance(value, int | float) and not isinstance(value, bool):
        return format(value, spec)
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
