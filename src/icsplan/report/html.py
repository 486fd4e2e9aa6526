"""The self-contained HTML report a board member can read, with Plotly charts inline.

Plotly's JavaScript is embedded once, so the file opens with no network.  Sections, in order:
activity (report/sections/activity.py), population when the run has one, capacity when the
scenario gives lengths of stay, finance, uncertainty when the run made draws, delivery when
actuals were tracked, the programme register when given, and the reconciliation of
published figures.  This module only
assembles; it defines no section.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from icsplan.report.components import Section
from icsplan.report.sections import (
    activity,
    capacity,
    ccg,
    delivery,
    finance,
    population,
    reconciliation,
    register,
    uncertainty,
)
from icsplan.report.style import (
    BACKGROUND,
    BORDER,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREY,
    NHS_PALE_GREY,
    NHS_WARM_YELLOW,
    STATUS_DIFFERS,
    STATUS_INCONSISTENT,
    TEXT,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from icsplan.pipeline import Plan
    from icsplan.store.summary import RegisterSummary

CSS = f"""
body {{ font-family: Arial, sans-serif; color: {TEXT}; margin: 0; background: {BACKGROUND}; }}
header {{ background: {NHS_BLUE}; color: white; padding: 24px 40px; }}
header h1 {{ margin: 0 0 4px 0; font-size: 28px; }}
main {{ max-width: 1200px; margin: 0 auto; padding: 16px 40px 48px; }}
section {{ background: white; margin: 20px 0; padding: 20px 24px; border-radius: 4px; }}
h2 {{ color: {NHS_DARK_BLUE}; font-size: 22px; margin-top: 0; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }}
.card {{ border-left: 6px solid {NHS_BLUE}; background: {NHS_PALE_GREY}; padding: 12px 16px; }}
.card .value {{ font-size: 26px; font-weight: bold; color: {NHS_DARK_BLUE}; }}
.card .label {{ color: {NHS_GREY}; font-size: 14px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }}
caption {{ text-align: left; font-weight: bold; padding: 6px 0; color: {NHS_DARK_BLUE}; }}
th, td {{ padding: 4px 8px; border-bottom: 1px solid {BORDER}; text-align: right; }}
th {{ background: {NHS_PALE_GREY}; }}
td.text, th.text {{ text-align: left; }}
summary {{ cursor: pointer; font-weight: bold; color: {NHS_BLUE}; padding: 6px 0; }}
.status-differs {{ color: {STATUS_DIFFERS}; font-weight: bold; }}
.status-inconsistent {{ color: {STATUS_INCONSISTENT}; font-weight: bold; }}
footer {{ color: {NHS_GREY}; font-size: 12px; padding: 0 40px 24px; }}
.notice {{ border-left: 6px solid {NHS_WARM_YELLOW}; background: {NHS_PALE_GREY};
  padding: 8px 12px; }}
"""


def default_sections(plan: Plan) -> list[Section]:
    """The report's sections for a plan, in reading order."""
    people = population.SECTIONS if plan.population is not None else []
    tracked = delivery.SECTIONS if plan.delivery is not None else []
    programme = register.SECTIONS if plan.register is not None else []
    beds = capacity.SECTIONS if plan.capacity is not None else []
    draws = uncertainty.SECTIONS if plan.uncertainty is not None else []
    return [*activity.SECTIONS, *ccg.SECTIONS, *people, *beds, *finance.SECTIONS, *draws,
            *tracked, *programme,
            *reconciliation.SECTIONS]


def _figure_html():
    """A chart-to-HTML function that embeds plotly.js with the first chart only."""
    import plotly.io as pio

    first = [True]

    def figure(fig: go.Figure) -> str:
        include = first[0]
        first[0] = False
        return pio.to_html(fig, full_html=False, include_plotlyjs=include,
                           config={"displaylogo": False, "responsive": True})

    return figure


def render_report(plan: Plan, sections: list[Section] | None = None) -> str:
    """The whole report as one HTML string (Plotly embedded once, no network needed)."""
    figure = _figure_html()
    sections = default_sections(plan) if sections is None else sections
    s = plan.scenario
    body = "".join(f'<section aria-labelledby="s{i}"><h2 id="s{i}">{html.escape(sec.title)}'
                   f"</h2>{sec.render(plan, figure)}</section>"
                   for i, sec in enumerate(sections))
    m = plan.manifest
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(s.meta.title)}: icsplan report</title><style>{CSS}</style></head>
<body><header><h1>{html.escape(s.meta.title)}</h1>
<div>{html.escape(s.meta.description)}</div></header>
<main>{body}</main>
<footer>icsplan {html.escape(m.icsplan_version)} · scenario
{html.escape(s.name)} · inputs {html.escape(m.scenario_hash[:12])} ·
created {html.escape(m.created)}</footer></body></html>"""


def render_register_page(summary: RegisterSummary, source: str) -> str:
    """The stand-alone register report of `icsplan register report` (no network needed)."""
    figure = _figure_html()
    body = "".join(f'<section aria-labelledby="r{i}"><h2 id="r{i}">{html.escape(title)}</h2>'
                   f"{part(summary, figure)}</section>"
                   for i, (title, part) in enumerate(register.PARTS))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Programme register: icsplan report</title><style>{CSS}</style></head>
<body><header><h1>Programme register</h1>
<div>Schemes and QIPP, milestones, risks and locality maturity</div></header>
<main>{body}</main>
<footer>icsplan · register {html.escape(source)}</footer></body></html>"""
