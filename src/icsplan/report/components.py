"""The report's shared pieces: a section, an accessible table, headline cards, a chart with
its caption and data, and the function type that turns a chart into HTML.  Used by every
section and by `icsplan compare`'s page; imports no section.  Each renders its template in
report/templates/components/ (Jinja2, autoescaped): text arguments are escaped there, the
`body` of a block and a chart's drawing are HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.templating import render, trusted

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from icsplan.pipeline import Plan
    from icsplan.report.labels import Labels

#: turns a chart (a figure, or its plain dict: `report.charts.plain`) into HTML (the report
#: embeds plotly.js once, in the page head)
FigureHtml = Callable[["go.Figure | dict"], str]


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
    css = {c: _cls(frame[c]) for c in frame.columns}
    headers = [(css[c], labels.column(c) if labels else str(c)) for c in frame.columns]
    columns = [_cells(col, _values(frame.iloc[:, k]), css[col], formats.get(col), labels)
               for k, col in enumerate(frame.columns)]
    rows = list(zip(*columns, strict=True)) if columns else [() for _ in range(len(frame))]
    return render("components/table.html", caption=caption, headers=headers, rows=rows)


def cards_html(cards: list[tuple[str, str]]) -> str:
    """Headline figures as cards (value, label); at most ten, as the house style asks."""
    return render("components/cards.html", cards=cards[:10])


def details_html(summary: str, body: str, open_: bool = False) -> str:
    """A collapsible block with a summary line (text) around `body` (HTML from components,
    templates or charts)."""
    return render("components/details.html", summary=summary, body=trusted(body), open=open_)


def chart_html(figure: FigureHtml, fig: go.Figure | dict | list[go.Figure | dict], caption: str,
               data: pd.DataFrame, formats: dict[str, str] | None = None,
               labels: Labels | None = None) -> str:
    """A chart (or small multiples that reflow with the page) as a captioned figure: the
    caption is its text alternative (also its aria label), and the data behind it follows
    as a table in a collapsed block."""
    table = details_html("Data behind this chart", table_html(data, caption, formats, labels))
    if isinstance(fig, list):
        drawn, kind = [trusted(figure(f)) for f in fig], "chart multi"
    else:
        drawn, kind = trusted(figure(fig)), "chart"
    return render("components/chart.html", kind=kind, caption=caption, drawn=drawn,
                  data=trusted(table))


def paragraph_html(text: str) -> str:
    """A paragraph of plain text (e.g. what a section says when the plan has none of it)."""
    return render("components/paragraph.html", text=text)


def contents_html(sections: list[Section]) -> str:
    """The contents list: one link to each section."""
    return render("components/contents.html", sections=sections)


def section_html(anchor: str, title: str, body: str) -> str:
    """One section of a page: its heading (with the id the contents link to) and its HTML."""
    return render("components/section.html", anchor=anchor, title=title, body=trusted(body))


def _cells(col: str, values: list, css: str, spec: str | None,
           labels: Labels | None) -> list[tuple[str, str]]:
    """One column's cells, a column at a time: (css class, text shown)."""
    shown = [labels.value(col, v) for v in values] if labels else values
    texts = [_fmt(v, spec) for v in shown]
    if col == "status":
        return [(f"{css} status-{v}", t) for v, t in zip(values, texts, strict=True)]
    return [(css, t) for t in texts]


def _values(column: pd.Series) -> list:
    """A column's values as Python objects: text of pandas' Arrow-backed string dtype converted
    in one go (the same strings, and NaN where missing, as iterating it gives one at a time)."""
    if isinstance(column.dtype, pd.StringDtype):
        return column.tolist()
    return list(column)


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
