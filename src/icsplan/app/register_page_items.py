"""The Register page's forms for adding and closing items and uploading KPI actuals (the
work is `app.register_items`'; this module draws the forms and wires their callbacks).

Every status output's id contains "save-status", so the server's write guard
(`auth.writes_output`) refuses a request without a login before the callback runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import ALL, Input, Output, State, dcc, html
from dash import callback_context as dash_ctx

from icsplan.app.layout import choice, section, table
from icsplan.app.register_items import (
    ADD_FIELDS,
    CLOSING,
    MAX_UPLOAD_BYTES,
    add_item,
    close_item,
    item_status,
    upload_actuals,
)

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

ADD_NAMES = {"risks": "Risk", "schemes": "Scheme", "milestones": "Milestone"}


def close_controls(ctx: AppContext, register: str, key: str) -> list:
    """How to close the item open in the form (risks, schemes, milestones), or that it is."""
    if register not in CLOSING:
        return []
    status = item_status(ctx, register, key)
    if status in CLOSING[register]:
        return [html.P(f"This item is closed ({CLOSING[register][status].lower()}).",
                       id="register-closed", className="note")]
    options = [{"label": words, "value": code} for code, words in CLOSING[register].items()]
    return [html.H3("Close the item"),
            choice("register-close-as", "Close it as", options, options[0]["value"]),
            html.Button("Close the item", id="register-close", n_clicks=0,
                        className="secondary"),
            html.Div(id="register-close-save-status", role="status")]


def add_fields(register: str) -> list:
    """The new item's inputs, each inside its label."""
    return [html.Div(className="field", children=[html.Label([
        label, dcc.Input(id={"type": "register-add-field", "field": field}, type=kind,
                         value="", debounce=False)])])
        for field, (label, kind) in ADD_FIELDS[register].items()]


def add_section() -> html.Section:
    """Add a risk, a scheme or a milestone."""
    options = [{"label": v, "value": k} for k, v in ADD_NAMES.items()]
    return section("Add an item",
                   choice("register-add-kind", "What to add", options, "risks"),
                   html.Div(add_fields("risks"), id="register-add-form"),
                   html.Button("Add the item", id="register-add", n_clicks=0),
                   html.Div(id="register-add-save-status", role="status"),
                   section_id="register-add-section")


def stored_table(ctx: AppContext):
    """The actuals stored in the register, newest month first (at most 24 rows shown)."""
    from icsplan.register.actuals import stored_actuals
    from icsplan.report.labels import labels_for

    with ctx.transaction("reader") as session:
        frame = stored_actuals(session)
    if frame.empty:
        return html.P("No actuals uploaded yet.", id="actuals-stored")
    frame = frame.sort_values(["period", "measure", "org"], ascending=[False, True, True])
    shown = frame.head(24).assign(period=frame["period"].dt.strftime("%B %Y"))
    shown = shown[["measure", "org", "period", "value", "numerator", "denominator", "version"]]
    return table(shown, f"Actuals in the register ({len(frame):,} months of KPIs; the newest "
                 "24 shown)", {"version": "d"}, {"period": "Month", "org": "Organisation"},
                 table_id="actuals-stored", names=labels_for(ctx.scenario))


def upload_section(ctx: AppContext) -> html.Section:
    """Upload a month's KPI actuals (the long CSV format of `icsplan delivery import`)."""
    return section(
        "Upload a month's KPI actuals",
        html.P(["A CSV file with the columns measure, org, period (YYYY-MM-DD, the first day "
                "of the month), value (or numerator and denominator), as ",
                html.Code("icsplan delivery import"), " takes it; or NHS England's A&E "
                "format. Nothing is stored unless every row is valid; each problem is shown "
                f"here. At most {MAX_UPLOAD_BYTES // 1000:,} kB."], className="note"),
        html.Label(className="field", children=[  # names the upload's own file input
            "Actuals file (CSV)",
            dcc.Upload(html.Button("Choose a CSV file to upload", className="secondary"),
                       id="actuals-upload", accept=".csv,text/csv", multiple=False,
                       max_size=MAX_UPLOAD_BYTES)]),
        html.Div(id="actuals-save-status", role="status"),
        html.Div(stored_table(ctx), id="actuals-stored-box"),
        section_id="actuals-section")


def _lines(sentences: list[str], ok: bool) -> html.Div:
    head, *rest = sentences
    return html.Div([html.P(head), html.Ul([html.Li(s) for s in rest])] if rest
                    else [html.P(head)], className="message" if ok else "refused")


def register(app, ctx: AppContext, page) -> None:
    """Callbacks: the add form follows its register; add; close; upload. `page` is the
    Register page's namespace (its item list, item reader and history), passed in so this
    module does not import the page that imports it."""
    import flask
    from dash import no_update
    from dash.exceptions import PreventUpdate

    @app.callback(Output("register-add-form", "children"), Input("register-add-kind", "value"),
                  prevent_initial_call=True)
    def add_form(kind):
        return add_fields(kind or "risks")

    @app.callback(Output("register-add-save-status", "children"),
                  Output("register-keys", "children", allow_duplicate=True),
                  Output("register-key", "value", allow_duplicate=True),
                  Input("register-add", "n_clicks"), State("register-add-kind", "value"),
                  State({"type": "register-add-field", "field": ALL}, "value"),
                  State("register-kind", "value"), prevent_initial_call=True)
    def add(clicks, kind, values, editing):
        if not clicks:
            raise PreventUpdate
        fields = [o["id"]["field"] for o in dash_ctx.states_list[1]]
        given = dict(zip(fields, values, strict=True))
        sentences, ok = add_item(ctx, flask.session.get("user"), kind, given)
        if not ok or kind != (editing or "risks"):  # another register's item: not opened
            return _lines(sentences, ok), no_update, no_update
        options = [html.Option(f"{k}: {d}", value=k) for k, d in page.item_keys(ctx, kind)]
        return _lines(sentences, ok), options, str(given.get("id", "")).strip()

    @app.callback(Output("register-close-save-status", "children"),
                  Output("register-version", "data", allow_duplicate=True),
                  Output("register-history", "children", allow_duplicate=True),
                  Output("register-read", "children", allow_duplicate=True),
                  Input("register-close", "n_clicks"), State("register-kind", "value"),
                  State("register-key", "value"), State("register-version", "data"),
                  State("register-close-as", "value"), prevent_initial_call=True)
    def close(clicks, kind, key, version, status):
        if not clicks:
            raise PreventUpdate
        text, ok = close_item(ctx, flask.session.get("user"), kind, key, version, status)
        if not ok:
            return html.P(text, className="refused"), no_update, no_update, no_update
        _, now = page.read_item(ctx, kind, key)
        return (html.P(text, className="message"), now, page.shown_history(kind, key),
                f"{key}, version {now} as read.")

    @app.callback(Output("actuals-save-status", "children"),
                  Output("actuals-stored-box", "children"),
                  Input("actuals-upload", "contents"), State("actuals-upload", "filename"),
                  prevent_initial_call=True)
    def upload(contents, filename):
        if not contents:
            raise PreventUpdate
        sentences, ok = upload_actuals(ctx, flask.session.get("user"), contents, filename)
        return _lines(sentences, ok), stored_table(ctx) if ok else no_update
