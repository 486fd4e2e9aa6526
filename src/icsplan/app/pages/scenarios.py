"""Scenarios: saved versions with author, time and message; compare any two side by side
(inputs that differ, outputs that differ); download a version as a folder or a workbook."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from dash import Input, Output, State, dcc, html

from icsplan.app.compute import headline
from icsplan.app.layout import choice, page, section, table
from icsplan.run_options import RunOptions

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/scenarios", "scenarios", "Scenarios"
BASE = "base"


def versions_frame(ctx: AppContext) -> pd.DataFrame:
    """Saved versions of the scenario, newest first: id, number, author, time, message."""
    import pandas as pd

    from icsplan.store import list_versions

    with ctx.transaction("reader") as session:
        versions = list_versions(session, ctx.scenario.name)
    return pd.DataFrame([{"version": v.id, "number": v.seq, "author": v.author,
                          "saved": f"{v.created_at:%Y-%m-%d %H:%M} UTC",
                          "message": v.message, "after version": v.parent_id or ""}
                         for v in versions],
                        columns=["version", "number", "author", "saved", "message",
                                 "after version"])


def _options(frame: pd.DataFrame) -> list[dict]:
    return [{"label": "The scenario as loaded (published plan)", "value": BASE},
            *({"label": f"Version {r.version}: {r.message} ({r.author})", "value": str(r.version)}
              for r in frame.itertuples())]


def _choice(ident: str, label: str, options: list[dict], value: str) -> html.Fieldset:
    return choice(ident, label, options, value)


def layout(ctx: AppContext) -> html.Div:
    """The versions, the comparison and the downloads."""
    if ctx.engine is None:
        return page("Scenarios", section("No store", html.P(
            "Start the app with --db URL (or set ICSPLAN_DB) to save and compare versions.")))
    frame = versions_frame(ctx)
    options = _options(frame)
    newest = str(frame["version"].iloc[0]) if len(frame) else BASE
    return page("Scenarios", section(
        "Saved versions", table(frame, f"Saved versions of {ctx.scenario.name}, newest first",
                                {"version": "d", "number": "d"}, table_id="versions-table")
        if len(frame) else html.P("No version saved yet: save one on the What if page.",
                                  id="versions-table")),
        section("Compare two versions", html.Div(className="filters", children=[
            _choice("compare-a", "First", options, BASE),
            _choice("compare-b", "Second", options, newest)]),
            html.Div(id="compare-body")),
        section("Download a version", _choice("download-version", "Version", options, newest),
                html.Button("Download as a scenario folder (zip)", id="download-folder",
                            n_clicks=0),
                html.Button("Download as an Excel workbook", id="download-excel", n_clicks=0),
                dcc.Download(id="download")))


def input_differences(ctx: AppContext, a: str, b: str) -> list:
    """Files whose content differs, and for tables the rows found in only one of them."""
    import pandas as pd

    fa, fb = ctx.version_files(a), ctx.version_files(b)
    parts = []
    for rel in sorted(set(fa) | set(fb)):
        if fa.get(rel) == fb.get(rel):
            continue
        if rel not in fa or rel not in fb:
            parts.append(html.P(f"{rel}: only in the {'second' if rel not in fa else 'first'}"))
            continue
        if rel.endswith(".csv"):
            ta, tb = pd.read_csv(io.StringIO(fa[rel])), pd.read_csv(io.StringIO(fb[rel]))
            both = ta.merge(tb, how="outer", indicator="in")
            only = both[both["in"] != "both"].copy()
            only["in"] = only["in"].map({"left_only": "first", "right_only": "second"})
            parts.append(table(only[["in", *ta.columns]], f"{rel}: rows that differ"))
        else:
            import difflib

            diff = difflib.unified_diff(fa[rel].splitlines(), fb[rel].splitlines(), "first",
                                        "second", lineterm="", n=1)
            parts.append(html.Details([html.Summary(f"{rel}: lines that differ"),
                                       html.Pre("\n".join(diff))], open=True))
    return parts or [html.P("The inputs are the same.")]


def output_differences(ctx: AppContext, a: str, b: str) -> html.Table:
    """The headline figures of both (full investment), side by side with differences."""
    from icsplan.app.pages.whatif import _difference

    pa = ctx.cache.plan(ctx.version_scenario(a), RunOptions.whatif())
    pb = ctx.cache.plan(ctx.version_scenario(b), RunOptions.whatif())
    rows = [html.Tr([html.Th(fb.label, scope="row", className="text"), html.Td(fa.text()),
                     html.Td(fb.text()), html.Td(_difference(fa, fb))])
            for fa, fb in zip(headline(pa), headline(pb), strict=True)]
    head = html.Thead(html.Tr([html.Th(t, scope="col", className="text" if t == "Figure" else
                                       "num") for t in ("Figure", "First", "Second",
                                                        "Difference")]))
    return html.Table([html.Caption("Outputs: headline figures at full investment"), head,
                       html.Tbody(rows)], id="compare-outputs")


def download_bytes(ctx: AppContext, version: str, excel: bool) -> tuple[bytes, str]:
    """A version as a zipped scenario folder or an Excel workbook: (content, file name)."""
    name = ctx.scenario.name if version == BASE else f"{ctx.scenario.name}-v{version}"
    if excel:
        import tempfile
        from pathlib import Path

        from icsplan.scenario.excel import export_excel

        with tempfile.TemporaryDirectory() as tmp:
            path = export_excel(ctx.version_scenario(version), Path(tmp) / f"{name}.xlsx")
            return path.read_bytes(), f"{name}.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, body in sorted(ctx.version_files(version).items()):
            zf.writestr(f"{name}/{rel}", body)
    return buffer.getvalue(), f"{name}.zip"


def register(app, ctx: AppContext) -> None:
    """Comparison and download callbacks."""
    if ctx.engine is None:
        return

    @app.callback(Output("compare-body", "children"), Input("compare-a", "value"),
                  Input("compare-b", "value"))
    def compare(a: str, b: str):
        return [html.H3("Inputs that differ"), *input_differences(ctx, a, b),
                html.H3("Outputs that differ"), output_differences(ctx, a, b)]

    @app.callback(Output("download", "data"), Input("download-folder", "n_clicks"),
                  Input("download-excel", "n_clicks"), State("download-version", "value"),
                  prevent_initial_call=True)
    def download(_folder, _excel, version):
        from dash import callback_context

        content, filename = download_bytes(ctx, version or BASE,
                                           callback_context.triggered_id == "download-excel")
        return dcc.send_bytes(content, filename)
