"""Register: edit the programme register where people work. Pick a register and an item,
change its fields (a risk's impact, likelihood and mitigation; a scheme's status and
forecast saving; a milestone's forecast or actual date; a locality's assessed maturity), save
with the version read: the store refuses the save if someone changed the item since
(register/edits.py) and audits every changed field (register/audit.py); the item's history (who
changed what, when) is shown beside it.

Writing needs a login when the app has users: the status output's id contains "save-status",
so the server's write guard (`auth.writes_output`) refuses the request before it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import ALL, Input, Output, State, dcc, html
from dash import callback_context as dash_ctx

from icsplan.app import register_page_items as items_ui
from icsplan.app.layout import choice, page, section, table

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/register", "register", "Register"

#: what may be edited here, by register: field -> (label, input type)
EDITABLE = {
    "risks": {"impact": ("Impact (1 to 5)", "number"),
              "likelihood": ("Likelihood (1 to 5)", "number"),
              "mitigation": ("Mitigation", "text")},
    "schemes": {"status": ("Status (scoping, in_progress, delivered or stopped)", "text"),
                "forecast_net_saving_gbp": ("Forecast net saving (£)", "number")},
    "milestones": {"forecast_date": ("Forecast date (YYYY-MM-DD)", "text"),
                   "actual_date": ("Actual date (YYYY-MM-DD)", "text")},
    "maturity": {"assessed_level": ("Assessed maturity level (1 to 4)", "number")},
}
REGISTER_NAMES = {"risks": "Risks", "schemes": "Schemes", "milestones": "Milestones",
                  "maturity": "Locality maturity"}
#: what names an item in the list of keys, by register
DESCRIBE = {"risks": "description", "schemes": "name", "milestones": "name",
            "maturity": "locality"}


def _model(register: str):
    from icsplan.register.models import REGISTER_MODELS

    return REGISTER_MODELS[register]


def item_keys(ctx: AppContext, register: str) -> list[tuple[str, str]]:
    """(key, short description) of every item of a register, in key order."""
    from sqlalchemy import select

    model = _model(register)
    with ctx.transaction("reader") as session:
        rows = list(session.scalars(select(model).order_by(model.id)))
        return [(r.id, str(getattr(r, DESCRIBE[register]))[:80]) for r in rows]


def read_item(ctx: AppContext, register: str, key: str) -> tuple[dict | None, int | None]:
    """An item's editable values (as text for the form) and the version read."""
    with ctx.transaction("reader") as session:
        row = session.get(_model(register), key)
        if row is None:
            return None, None
        values = {f: getattr(row, f) for f in EDITABLE[register]}
        return {f: "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v)
                for f, v in values.items()}, row.version


def item_history(ctx: AppContext, register: str, key: str):
    """The item's audit entries, newest first, as a table's frame."""
    import pandas as pd

    from icsplan.register.audit import history

    entity = _model(register).__tablename__
    with ctx.transaction("reader") as session:
        entries = history(session, entity, key)
        rows = [{"when": f"{e.at:%Y-%m-%d %H:%M} UTC", "who": e.author, "action": e.action,
                 "field": e.field or "", "from": e.old_value or "", "to": e.new_value or "",
                 "version": e.version} for e in reversed(entries)]
    return pd.DataFrame(rows, columns=["when", "who", "action", "field", "from", "to",
                                       "version"])


def save_item(ctx: AppContext, user: str | None, register: str, key: str, changes: dict,
              version: int | None) -> tuple[str, bool]:
    """Save changed fields of an item read at `version`: (message for the page, saved?)."""
    from icsplan.register.edits import StaleEditError, update
    from icsplan.register.rows import RegisterInputError

    if ctx.login_required and not user:
        return "Log in to edit the register: nothing was saved.", False
    current, _ = read_item(ctx, register, key)
    if current is None or version is None:
        return f"There is no item '{key}' in {REGISTER_NAMES[register].lower()}.", False
    changed = {f: v for f, v in changes.items()
               if f in EDITABLE[register] and str(v if v is not None else "")
               != str(current.get(f, ""))}
    if not changed:
        return "Nothing changed: nothing was saved.", False
    author = user or "app user"
    try:
        with ctx.transaction(author) as session:
            row = update(session, register, key, changed, version)
            now = row.version
    except StaleEditError as exc:
        return f"Refused: {exc}", False
    except RegisterInputError as exc:
        return "Nothing was saved: " + " ".join(str(p) for p in exc.problems), False
    names = ", ".join(EDITABLE[register][f][0].split(" (")[0].lower() for f in changed)
    return f"Saved {names} of {key} (now version {now}) by {author}.", True


def _form(ctx: AppContext, register: str, key: str) -> list:
    values, version = read_item(ctx, register, key)
    if values is None:
        return [html.P(f"There is no item '{key}' in this register.", className="refused")]
    fields = [html.Div(className="field", children=[html.Label([
        label, dcc.Input(id={"type": "register-field", "key": field}, type=kind,
                         value=values[field])])])
        for field, (label, kind) in EDITABLE[register].items()]
    return [html.P(f"{key}, version {version} as read.", id="register-read"), *fields,
            html.Button("Save the change", id="register-save", n_clicks=0),
            *items_ui.close_controls(ctx, register, key)]


def layout(ctx: AppContext) -> html.Div:
    """Pick a register and an item; its form, the save status and its history."""
    if ctx.engine is None:
        return page("Register", section("No store", html.P(
            "Start the app with --db URL (or set ICSPLAN_DB) to edit the register.")))
    import flask

    login = []
    if ctx.login_required and not flask.session.get("user"):
        login = [html.P(["Editing needs a login: ", html.A("log in", href="/login"), "."],
                        id="register-login")]
    options = [{"label": v, "value": k} for k, v in REGISTER_NAMES.items()]
    return page("Register", section(
        "Edit an item", *login,
        choice("register-kind", "Register", options, "risks"),
        html.Div(className="field", children=[
            html.Label("Item (type or pick its key)", htmlFor="register-key"),
            dcc.Input(id="register-key", type="text", value="", list="register-keys",
                      debounce=True),
            html.Datalist(id="register-keys")]),
        html.Div(id="register-form"),
        dcc.Store(id="register-version"),
        html.Div(id="register-save-status", role="status")),
        section("History of the item", html.Div(id="register-history")),
        items_ui.add_section(), items_ui.upload_section(ctx))


def register(app, ctx: AppContext) -> None:
    """The item list follows the register; the form and history follow the item; saving."""
    if ctx.engine is None:
        return

    @app.callback(Output("register-keys", "children"), Output("register-key", "value"),
                  Input("register-kind", "value"))
    def keys(kind):
        items = item_keys(ctx, kind or "risks")
        return ([html.Option(f"{k}: {d}", value=k) for k, d in items],
                items[0][0] if items else "")

    def shown_history(kind, key):
        frame = item_history(ctx, kind, key)
        if frame.empty:
            return html.P("No change recorded yet.", id="register-history-table")
        return table(frame, f"Changes to {key}, newest first", {"version": "d"},
                     {c: c.capitalize() for c in frame.columns},
                     table_id="register-history-table")

    @app.callback(Output("register-form", "children"), Output("register-version", "data"),
                  Output("register-history", "children"), Input("register-key", "value"),
                  State("register-kind", "value"))
    def item(key, kind):
        kind = kind or "risks"
        if not key:
            return html.P("Pick an item."), None, ""
        _, version = read_item(ctx, kind, key)
        return _form(ctx, kind, key), version, shown_history(kind, key)

    @app.callback(Output("register-save-status", "children"),
                  Output("register-save-status", "className"),
                  Output("register-version", "data", allow_duplicate=True),
                  Output("register-history", "children", allow_duplicate=True),
                  Output("register-read", "children"),
                  Input("register-save", "n_clicks"), State("register-kind", "value"),
                  State("register-key", "value"), State("register-version", "data"),
                  State({"type": "register-field", "key": ALL}, "value"),
                  prevent_initial_call=True)
    def save(clicks, kind, key, version, values):
        import flask
        from dash import no_update
        from dash.exceptions import PreventUpdate

        if not clicks:  # the button was just drawn (a new item's form), not clicked
            raise PreventUpdate
        fields = [o["id"]["key"] for o in dash_ctx.states_list[3]]
        text, ok = save_item(ctx, flask.session.get("user"), kind, key,
                             dict(zip(fields, values, strict=True)), version)
        if not ok:
            return text, "refused", no_update, no_update, no_update
        _, now = read_item(ctx, kind, key)
        return (text, "message", now, shown_history(kind, key),
                f"{key}, version {now} as read.")

    from types import SimpleNamespace

    items_ui.register(app, ctx, SimpleNamespace(item_keys=item_keys, read_item=read_item,
                                                shown_history=shown_history))
