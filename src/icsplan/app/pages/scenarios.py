"""Scenarios: the history of saved versions as a tree (branches under the version they came
from), each opened in What if by a link; compare any two side by side (inputs that differ,
the headline, activity by pod and year, the bridge, the locality targets, a chart of the
differences); download a version as a folder or a workbook."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from dash import Input, Output, State, dcc, html

from icsplan.app.compute import headline
from icsplan.app.layout import choice, graph, page, section, table

if TYPE_CHECKING:
    import pandas as pd

    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/scenarios", "scenarios", "Scenarios"
BASE = "base"


def family(ctx: AppContext) -> list:
    """The saved versions of the scenario and of every scenario branched from it, oldest
    first (`VersionInfo`s)."""
    from icsplan.register.versions import family as store_family

    with ctx.transaction("reader") as session:
        return store_family(session, ctx.scenario.name)


def _investment(info) -> str:
    if not info.levers:
        return "not recorded"
    return f"{float(info.levers.get('investment_pct', 100)):g}%"


def versions_frame(ctx: AppContext, versions: list | None = None) -> pd.DataFrame:
    """Saved versions (this scenario's and its branches'), newest first: id, scenario, number,
    author, time, message, parent and investment level."""
    import pandas as pd

    versions = family(ctx) if versions is None else versions
    columns = ["version", "scenario", "number", "author", "saved", "message", "parent",
               "investment level"]
    return pd.DataFrame([{"version": v.id, "scenario": v.name, "number": v.seq,
                          "author": v.author, "saved": f"{v.created_at:%Y-%m-%d %H:%M} UTC",
                          "message": v.message,
                          "parent": f"version {v.parent_id}" if v.parent_id else "published plan",
                          "investment level": _investment(v)}
                         for v in reversed(versions)], columns=columns)


def history_tree(ctx: AppContext, versions: list) -> html.Ul:
    """The history as a tree under the published plan: each version under its parent, with
    a link that opens it in What if."""
    children: dict[int | None, list] = {}
    known = {v.id for v in versions}
    for v in versions:
        children.setdefault(v.parent_id if v.parent_id in known else None, []).append(v)

    def item(v) -> html.Li:
        head = [html.Strong(f"Version {v.id}"), f" · {v.name} number {v.seq} · {v.author} · "
                f"{v.created_at:%Y-%m-%d %H:%M} UTC · {v.message or 'no message'} · "
                f"investment {_investment(v)} · ",
                dcc.Link("Open in What if", href=f"/whatif?version={v.id}",
                         id=f"open-version-{v.id}")]
        below = children.get(v.id)
        return html.Li([html.Span(head), html.Ul([item(c) for c in below])] if below else
                       [html.Span(head)])

    root = [html.Span([html.Strong("Published plan"), f" · {ctx.scenario.meta.title} · ",
                       dcc.Link("Open in What if", href="/whatif?version=base")])]
    if children.get(None):
        root.append(html.Ul([item(v) for v in children[None]]))
    return html.Ul([html.Li(root)], className="tree", id="versions-tree")


def _options(frame: pd.DataFrame) -> list[dict]:
    return [{"label": "The scenario as loaded (published plan)", "value": BASE},
            *({"label": f"Version {r.version} ({r.scenario} number {r.number}): {r.message} "
                        f"({r.author})", "value": str(r.version)}
              for r in frame.itertuples())]


def _choice(ident: str, label: str, options: list[dict], value: str) -> html.Fieldset:
    return choice(ident, label, options, value)


def layout(ctx: AppContext) -> html.Div:
    """The versions (as a tree and a table), the comparison and the downloads."""
    if ctx.engine is None:
        return page("Scenarios", section("No store", html.P(
            "Start the app with --db URL (or set ICSPLAN_DB) to save and compare versions.")))
    versions = family(ctx)
    frame = versions_frame(ctx, versions)
    options = _options(frame)
    newest = str(frame["version"].iloc[0]) if len(frame) else BASE
    listing = (table(frame, f"Saved versions of {ctx.scenario.name} and its branches, "
                     "newest first", {"version": "d", "number": "d"}, table_id="versions-table")
               if len(frame) else html.P("No version saved yet: save one on the What if page.",
                                         id="versions-table"))
    return page("Scenarios", section(
        "History", html.P("Each version sits under the one it was saved from; a new scenario "
                          "starts under the version it branched from.", className="note"),
        history_tree(ctx, versions), listing),
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
    parts += lever_differences(ctx, a, b)
    return parts or [html.P("The inputs are the same.")]


def lever_differences(ctx: AppContext, a: str, b: str) -> list:
    """The what-if levers that differ (the investment level is a lever, not a file)."""
    from icsplan.report.labels import labels_for, pod_label

    la, lb = ctx.version_levers(a), ctx.version_levers(b)
    if la is None or lb is None:
        return []
    names = labels_for(ctx.scenario).initiatives
    rows = []
    if la.investment_pct != lb.investment_pct:
        rows.append(("Investment level (% of the planned investment)", la.investment_pct,
                     lb.investment_pct))
    rows += [(f"{pod_label(k)}: growth (% a year)", la.growth_pct[k], lb.growth_pct[k])
             for k in la.growth_pct if la.growth_pct[k] != lb.growth_pct.get(k)]
    rows += [(f"{names.get(k, k)}: share of the planned reduction achieved (%)",
              la.achieved_pct[k], lb.achieved_pct[k])
             for k in la.achieved_pct if la.achieved_pct[k] != lb.achieved_pct.get(k)]
    rows += [(f"{names.get(k, k)}: delay (years)", la.delay_years[k], lb.delay_years[k])
             for k in la.delay_years if la.delay_years[k] != lb.delay_years.get(k)]
    if not rows:
        return []
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["Lever", "First", "Second"]).astype(
        {"First": float, "Second": float})
    return [table(frame, "Levers that differ", {"First": "g", "Second": "g"},
                  table_id="compare-levers")]


def output_differences(ctx: AppContext, a: str, b: str) -> html.Table:
    """The headline figures of both (each at its own investment level), side by side with
    differences."""
    from icsplan.app.pages.whatif import _difference

    pa, pb = ctx.version_plan(a), ctx.version_plan(b)
    rows = [html.Tr([html.Th(fb.title, scope="row", className="text"), html.Td(fa.text()),
                     html.Td(fb.text()), html.Td(_difference(fa, fb))])
            for fa, fb in zip(headline(pa), headline(pb), strict=True)]
    head = html.Thead(html.Tr([html.Th(t, scope="col", className="text" if t == "Figure" else
                                       "num") for t in ("Figure", "First", "Second",
                                                        "Difference")]))
    return html.Div(html.Table([
        html.Caption("Headline figures, each at its own investment level"), head,
        html.Tbody(rows)], id="compare-outputs"), className="scroll")


def result_differences(ctx: AppContext, a: str, b: str) -> list:
    """Activity by pod and year, the bridge's steps and the locality targets of both, with a
    chart of the differences in planned activity."""
    from icsplan.app.comparison import (
        DIFFERENCE,
        activity_differences,
        bridge_differences,
        difference_chart,
        target_differences,
    )

    pa, pb = ctx.version_plan(a), ctx.version_plan(b)
    activity = activity_differences(pa, pb)
    changed = activity[activity[DIFFERENCE].abs() > 0.5]
    bridge = bridge_differences(pa, pb)
    targets = target_differences(pa, pb)
    num = {c: ",.0f" for c in ("First", "Second", "Difference")}
    money = {c: ",.2f" for c in ("First", "Second", "Difference")}
    parts = [graph(difference_chart(activity), graph_id="compare-chart")]
    parts.append(table(changed, "Planned activity by point of delivery and year, where the "
                       "two differ", num, table_id="compare-activity") if len(changed) else
                 html.P("Planned activity is the same in every year.", id="compare-activity"))
    parts.append(table(bridge.rename(columns={c: f"{c} (£m)" for c in num}),
                       "The financial bridge's steps (£m)",
                       {f"{c} (£m)": f for c, f in money.items()}, table_id="compare-bridge"))
    parts.append(table(targets, "Locality targets at the horizon where the two differ", num,
                       table_id="compare-targets") if len(targets) else
                 html.P("The locality targets are the same.", id="compare-targets"))
    return parts


def download_name(ctx: AppContext, version: str) -> str:
    """The file name (without extension) of a version's download: named after the version's
    own scenario (a branch's version is not named after the scenario the app opened), made
    safe as a file name."""
    import re

    own = ctx.scenario.name if version == BASE else ctx.version_info(version).name
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", own).strip(".-") or "scenario"
    return safe if version == BASE else f"{safe}-v{version}"


def download_bytes(ctx: AppContext, version: str, excel: bool) -> tuple[bytes, str]:
    """A version as a zipped scenario folder or an Excel workbook: (content, file name)."""
    name = download_name(ctx, version)
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
                html.H3("Outputs that differ"), output_differences(ctx, a, b),
                *result_differences(ctx, a, b)]

    @app.callback(Output("download", "data"), Input("download-folder", "n_clicks"),
                  Input("download-excel", "n_clicks"), State("download-version", "value"),
                  prevent_initial_call=True)
    def download(_folder, _excel, version):
        from dash import callback_context

        content, filename = download_bytes(ctx, version or BASE,
                                           callback_context.triggered_id == "download-excel")
        return dcc.send_bytes(content, filename)
