"""Take the current what-if away: its results as the board workbook (cover, every table,
native charts: what `icsplan run --excel` writes) and its board pack as a PDF (the report
printed by Debian's headless Chromium, as `icsplan run --pdf`).

The what-if's levers, the investment level included, are applied to the scenario and the
plan is run as `icsplan run` runs it (`RunOptions` at the lever's investment level), so its
figures are the What if page's. Files are made in a private temporary folder that is removed
when the bytes have been read: nothing is written into the user's folders. A file's name
says the scenario, the version open (or the published plan), "what-if" and the date.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dash import Input, Output, State, dcc, html

from icsplan.app.layout import section

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.app.levers import Levers
    from icsplan.pipeline import Plan

KINDS = {"xlsx": "results (Excel workbook)", "pdf": "board pack (PDF)"}


def file_name(ctx: AppContext, opened: dict | None, kind: str,
              today: dt.date | None = None) -> str:
    """'mse-2016_published_what-if_2026-12-06.xlsx' or '..._version-4_what-if_...'."""
    opened = opened or {}
    name = opened.get("name") or ctx.scenario.name
    which = f"version-{int(opened['id'])}" if opened.get("id") else "published"
    day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    stem = re.sub(r"[^A-Za-z0-9_.-]", "-", f"{name}_{which}_what-if_{day}")
    return f"{stem}.{kind}"


def whatif_plan(ctx: AppContext, levers: Levers) -> Plan:
    """The what-if's plan as `icsplan run` makes it (reconciliation and appraisal included)."""
    from icsplan.app.levers import apply_levers
    from icsplan.appraisal.reference import road_minutes_for
    from icsplan.pipeline import run_plan
    from icsplan.run_options import RunOptions

    scenario = apply_levers(ctx.scenario, levers)
    return run_plan(scenario, RunOptions(investment_level=levers.investment_level),
                    population=ctx.population, road_minutes=road_minutes_for(scenario))


def whatif_bytes(plan: Plan, kind: str) -> bytes:
    """The workbook or the PDF of a plan, made in a temporary folder that is then removed."""
    from icsplan.report.excel import write_board_workbook
    from icsplan.report.files import output_tables
    from icsplan.report.html import render_report
    from icsplan.report.pdf import chromium_path, print_pdf

    with tempfile.TemporaryDirectory(prefix="icsplan-download-") as folder:
        out = Path(folder)
        if kind == "xlsx":
            path = write_board_workbook(plan, output_tables(plan), out / "results.xlsx")
        else:
            chromium_path()
            html_path = out / "report.html"
            html_path.write_text(render_report(plan), encoding="utf-8")
            path = print_pdf(html_path, out / "report.pdf")
        return path.read_bytes()


def panel() -> html.Section:
    """The What if page's download buttons."""
    return section("Take it away", html.P(
        "Download this what-if (its levers and investment level as set above) as results "
        "(the Excel workbook with its cover and charts) or as the board pack (PDF). Making "
        "the PDF takes up to a minute.", className="note"),
        html.Div(className="actions", children=[
            html.Button("Download results (Excel)", id="download-xlsx", n_clicks=0,
                        className="secondary"),
            html.Button("Download the board pack (PDF)", id="download-pdf", n_clicks=0,
                        className="secondary")]),
        dcc.Loading(html.Div(id="download-status", role="status"), type="dot"),
        dcc.Download(id="download-file"), section_id="downloads")


def register(app, ctx: AppContext, lever_states: list, levers_from) -> None:
    """Make the file of the levers shown when a button is pressed."""
    from dash import callback_context as dash_ctx
    from dash import no_update

    @app.callback(Output("download-file", "data"), Output("download-status", "children"),
                  Input("download-xlsx", "n_clicks"), Input("download-pdf", "n_clicks"),
                  *lever_states, State("whatif-opened", "data"), prevent_initial_call=True)
    def download(_xlsx, _pdf, growth, achieved, delay, investment, opened):
        from icsplan.errors import InputError

        kind = "pdf" if dash_ctx.triggered_id == "download-pdf" else "xlsx"
        try:
            levers = levers_from(ctx, growth, achieved, delay, investment)
            plan = whatif_plan(ctx, levers)
            data = whatif_bytes(plan, kind)
        except InputError as exc:
            return no_update, html.P("Nothing was downloaded: " + " ".join(
                p.message for p in exc.problems), className="refused")
        except (TypeError, ValueError):
            return no_update, html.P("Nothing was downloaded: correct the lever marked in "
                                     "red first.", className="refused")
        name = file_name(ctx, opened, kind)
        return dcc.send_bytes(data, name), html.P(f"Downloaded {name} ({KINDS[kind]}).",
                                                   className="message")
