"""The report's shared pieces: a section, an accessible table, headline cards, and the
function type that turns a chart into HTML.  Used by every section; imports no section."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from icsplan.pipeline import Plan

#: turns a chart into HTML (the report embeds plotly.js once, with the first chart)
FigureHtml = Callable[["go.Figure"], str]


@dataclass(frozen=True)
class Section:
    """One part of the report: a title and a function rendering its HTML from a plan."""

    title: str
    render: Callable[[Plan, FigureHtml], str]


def table_html(frame: pd.DataFrame, caption: str, formats: dict[str, str] | None = None) -> str:
    """An accessible HTML table (caption, header scope), numbers right-aligned and formatted."""
    formats = formats or {}
    head = "".join(f'<th scope="col" class="{_cls(frame[c])}">{html.escape(str(c))}</th>'
                   for c in frame.columns)
    body = []
    for rec in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, rec, strict=True):
            text = _fmt(value, formats.get(col))
            css = _cls(frame[col])
            if col == "status":
                css += f" status-{value}"
            cells.append(f'<td class="{css}">{html.escape(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


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
