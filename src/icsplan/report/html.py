"""The self-contained HTML report a board member can read, with Plotly charts inline.

Plotly's JavaScript is embedded once (a partial bundle, `plotly_js`), so the file opens with
no network.  Sections, in order: contents, the summary, activity (report/sections/
activity.py), CCG roll-ups, population when the run has one, capacity when the scenario
gives lengths of stay, finance, uncertainty when the run made draws, delivery when actuals
were tracked, the programme register when given, and the reconciliation of published
figures.  The stylesheet makes the page work down to 390 px and print cleanly on A4.  This
module only assembles, through the page templates in report/templates/pages/; it defines no
section.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from icsplan.report.components import FigureHtml, Section, contents_html, section_html
from icsplan.report.sections import (
    activity,
    appraisal,
    capacity,
    ccg,
    delivery,
    finance,
    forecast,
    forensics,
    population,
    programmes,
    reconciliation,
    register,
    summary,
    uncertainty,
    waiting_list,
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
from icsplan.report.templating import render, trusted

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from icsplan.appraisal.appraise import Appraisal
    from icsplan.pipeline import Plan
    from icsplan.register.summary import RegisterSummary
    from icsplan.scenario.model import Scenario

log = logging.getLogger(__name__)

CSS = f"""
* {{ box-sizing: border-box; }}
body {{ font-family: Arial, sans-serif; color: {TEXT}; margin: 0; background: {BACKGROUND};
  font-size: 16px; line-height: 1.45; }}
header {{ background: {NHS_BLUE}; color: white; padding: 24px 40px; }}
header h1 {{ margin: 0 0 4px 0; font-size: 28px; }}
main {{ max-width: 1200px; margin: 0 auto; padding: 16px 40px 48px; }}
section, nav.contents {{ background: white; margin: 20px 0; padding: 20px 24px;
  border-radius: 4px; min-width: 0; }}
nav.contents ol {{ columns: 2 18em; margin: 0; padding-left: 1.4em; }}
nav.contents a {{ color: {NHS_BLUE}; }}
h2 {{ color: {NHS_DARK_BLUE}; font-size: 22px; margin-top: 0; }}
p.lead {{ font-size: 18px; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }}
.card {{ border-left: 6px solid {NHS_BLUE}; background: {NHS_PALE_GREY}; padding: 12px 16px; }}
.card .value {{ font-size: 26px; font-weight: bold; color: {NHS_DARK_BLUE}; }}
.card .label {{ color: {NHS_GREY}; font-size: 14px; }}
.table-wrap {{ overflow-x: auto; max-width: 100%; margin: 8px 0 16px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
caption {{ text-align: left; font-weight: bold; padding: 6px 0; color: {NHS_DARK_BLUE}; }}
th, td {{ padding: 4px 8px; border-bottom: 1px solid {BORDER}; text-align: right; }}
th {{ background: {NHS_PALE_GREY}; vertical-align: bottom; }}
td.text, th.text {{ text-align: left; }}
summary {{ cursor: pointer; font-weight: bold; color: {NHS_BLUE}; padding: 6px 0; }}
figure.chart {{ margin: 16px 0 24px; min-width: 0; }}
.multiples {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr));
  gap: 8px 16px; }}
.multiple {{ min-width: 0; }}
figure.chart figcaption {{ color: {NHS_GREY}; font-size: 14px; margin-top: 4px; }}
.status-differs {{ color: {STATUS_DIFFERS}; font-weight: bold; }}
.status-inconsistent {{ color: {STATUS_INCONSISTENT}; font-weight: bold; }}
footer {{ color: {NHS_GREY}; font-size: 13px; padding: 0 40px 24px; }}
.notice {{ border-left: 6px solid {NHS_WARM_YELLOW}; background: {NHS_PALE_GREY};
  padding: 8px 12px; }}
@media (max-width: 700px) {{
  header {{ padding: 16px; }} header h1 {{ font-size: 22px; }}
  main {{ padding: 8px 8px 32px; }} section, nav.contents {{ padding: 14px 12px; }}
  footer {{ padding: 0 12px 16px; }} .card .value {{ font-size: 22px; }}
}}
@page {{ size: A4; margin: 14mm 12mm 16mm; }}
@media print {{
  body {{ background: white; font-size: 11pt; }}
  header {{ background: white; color: {NHS_DARK_BLUE}; padding: 0 0 8px;
    border-bottom: 3px solid {NHS_BLUE}; }}
  main {{ max-width: none; padding: 0; }}
  section, nav.contents {{ margin: 0 0 12px; padding: 0; break-before: auto; }}
  h2, h3 {{ break-after: avoid; }}
  figure.chart:not(.multi), .multiple, .plotly-graph-div, .card, tr, .cards, figcaption {{
    break-inside: avoid; }}
  caption, thead {{ break-after: avoid; }}
  .multiples {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }}
  figure.chart details, .modebar, .modebar-container {{ display: none !important; }}
  .table-wrap {{ overflow: visible; }}
  table {{ font-size: 9.5pt; }} th, td {{ padding: 3px 5px; overflow-wrap: break-word; }}
  thead {{ display: table-header-group; }}
  details > summary {{ display: none; }}
  details:not([open]) {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }}
  footer {{ padding: 8px 0 0; }}
}}
"""


def default_sections(plan: Plan) -> list[Section]:
    """The report's sections for a plan, in reading order."""
    people = population.SECTIONS if plan.population is not None else []
    tracked = delivery.SECTIONS if plan.delivery is not None else []
    programme = register.SECTIONS if plan.register is not None else []
    options = appraisal.SECTIONS if plan.appraisal is not None else []
    beds = capacity.SECTIONS if plan.capacity is not None else []
    draws = uncertainty.SECTIONS if plan.uncertainty is not None else []
    tracked = tracked + (forecast.SECTIONS if plan.forecast is not None else [])
    adds_up = forensics.SECTIONS if any(f.rule != "recompute" for f in plan.findings) else []
    rtt = waiting_list.SECTIONS if plan.waiting_list is not None else []
    portfolio = programmes.SECTIONS if plan.programmes is not None else []
    if not plan.scenario.has_demand_model:  # a programme, finance and KPI plan: no activity
        return [*portfolio, *rtt, *tracked, *programme, *reconciliation.SECTIONS, *adds_up]
    return [*summary.SECTIONS, *activity.SECTIONS, *ccg.SECTIONS, *people, *beds,
            *finance.SECTIONS, *draws, *rtt, *tracked, *programme, *portfolio, *options,
            *reconciliation.SECTIONS, *adds_up]


def _figure_html() -> tuple[FigureHtml, set[str]]:
    """A chart-to-HTML function (no plotly.js: the page head embeds it once, no toolbar)
    and the set of trace types it has drawn, filled as it is called."""
    import plotly.io as pio

    from icsplan.report.charts.plain import figure_json, trace_types

    kinds: set[str] = set()

    def figure(fig: go.Figure | dict) -> str:
        if isinstance(fig, dict):  # a chart's plain dict (report.charts.plain): not re-checked
            kinds.update(trace_types(fig))
            return pio.to_html(figure_json(fig), full_html=False, include_plotlyjs=False,
                               config={"displayModeBar": False, "responsive": True},
                               validate=False)
        kinds.update(trace.type or "scatter" for trace in fig.data)
        return pio.to_html(fig, full_html=False, include_plotlyjs=False,
                           config={"displayModeBar": False, "responsive": True})

    return figure, kinds


def page_html(template: str, title: str, heading: str, plotly: str | None = None,
              **context: object) -> str:
    """A whole self-contained page from `template` (templates/pages/): its title and heading
    (text), the stylesheet, plotly.js when given, and the template's own `context`."""
    if plotly is not None:
        context["plotly"] = trusted(plotly)
    return render(template, title=title, heading=heading, css=trusted(CSS), **context)


def render_report(plan: Plan, sections: list[Section] | None = None) -> str:
    """The whole report as one HTML string (Plotly embedded once, no network needed)."""
    figure, kinds = _figure_html()
    sections = default_sections(plan) if sections is None else sections
    s = plan.scenario
    body = [trusted(section_html(sec.anchor, sec.title, sec.render(plan, figure)))
            for sec in sections]
    m = plan.manifest
    return page_html("pages/report.html", f"{s.meta.title}: icsplan report", s.meta.title,
                     plotly_js(kinds), description=s.meta.description,
                     contents=trusted(contents_html(sections)), sections=body,
                     version=m.icsplan_version, scenario=s.name, inputs=m.scenario_hash[:12],
                     created=m.created)


def render_register_page(summary: RegisterSummary, source: str) -> str:
    """The stand-alone register report of `icsplan register report` (no network needed)."""
    figure, kinds = _figure_html()
    body = [trusted(section_html(f"r{i}", title, part(summary, figure)))
            for i, (title, part) in enumerate(register.PARTS)]
    return page_html("pages/register.html", "Programme register: icsplan report",
                     "Programme register", plotly_js(kinds),
                     description="Schemes and QIPP, milestones, risks and locality maturity",
                     sections=body, source=source)


#: the trace types in plotly.js's "finance" bundle (vendor/plotly-finance.min.js)
BUNDLE_TRACES = frozenset({"scatter", "bar", "histogram", "funnel", "waterfall", "pie",
                           "funnelarea", "indicator", "ohlc", "candlestick"})


def plotly_js(kinds: set[str] | frozenset[str] = frozenset()) -> str:
    """The plotly.js the report embeds once: the partial bundle vendored in
    `report/vendor/` (refreshed by scripts/vendor-plotly.sh) when its version is the one
    plotly.py writes figures for and it draws every trace type in `kinds`, otherwise
    plotly.py's full bundle."""
    from importlib.resources import files

    import plotly.offline

    vendor = files("icsplan.report") / "vendor"
    version = (vendor / "plotly.js-VERSION").read_text().strip()
    if version != plotly.offline.get_plotlyjs_version():
        log.warning("the vendored plotly.js %s does not match plotly.py's %s: embedding the "
                    "full bundle (refresh it with scripts/vendor-plotly.sh)", version,
                    plotly.offline.get_plotlyjs_version())
    elif not set(kinds) <= BUNDLE_TRACES:
        log.info("charts of type %s need plotly.js's full bundle",
                 ", ".join(sorted(set(kinds) - BUNDLE_TRACES)))
    else:
        return (vendor / "plotly-finance.min.js").read_text(encoding="utf-8")
    return plotly.offline.get_plotlyjs()


def render_appraisal(result: Appraisal, scenario: Scenario) -> str:
    """A page with the options-appraisal section alone (`icsplan options`), self-contained."""
    figure, kinds = _figure_html()
    title = f"{scenario.meta.title}: options appraisal"
    body = appraisal.appraisal_html(result, scenario, figure)
    return page_html("pages/appraisal.html", title, title, plotly_js(kinds),
                     body=trusted(body))
