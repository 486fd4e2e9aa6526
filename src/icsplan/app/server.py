"""Build the Dash app (pages, routing, login, the server-side write guard) and serve it.

`create_app(context)` returns a `dash.Dash`; `serve` runs it under waitress, a production
WSGI server (Dash's own development server only with `--debug`).
"""

from __future__ import annotations

import html as html_text
import os
import secrets
from typing import TYPE_CHECKING

from icsplan.app.layout import CSS

if TYPE_CHECKING:
    import dash

    from icsplan.app.context import AppContext


def pages():
    """The pages in menu order: modules with PATH, TITLE, layout(ctx) and register(app, ctx)."""
    from icsplan.app.pages import (
        activity,
        delivery,
        finance,
        glossary,
        overview,
        population,
        reconciliation,
        register,
        scenarios,
        whatif,
    )

    return [overview, activity, whatif, finance, population, delivery, register, scenarios,
            reconciliation, glossary]


def create_app(ctx: AppContext) -> dash.Dash:
    """The app for one scenario: every page, its callbacks, login when users are given."""
    import flask
    from dash import Dash, Input, Output, dcc, html

    server = flask.Flask("icsplan.app")
    server.secret_key = os.environ.get("ICSPLAN_APP_SECRET") or secrets.token_hex(32)
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app = Dash("icsplan.app", server=server, title=f"{ctx.scenario.meta.title}: icsplan",
               suppress_callback_exceptions=True, update_title=None, assets_folder="")
    app.index_string = INDEX.replace("{css}", CSS)
    ctx.base_plan, ctx.whatif_base  # noqa: B018  computed now, so the first page loads fast
    mods = pages()
    by_path = {m.PATH: m for m in mods}

    def layout():
        user = flask.session.get("user")
        account = []
        if ctx.login_required:
            account = ([html.Span(f"Signed in as {user} · "), html.A("Log out", href="/logout")]
                       if user else [html.A("Log in to save versions", href="/login")])
        return html.Div([
            html.A("Skip to content", href="#content", className="skip"),
            html.Header([html.P(f"icsplan · {ctx.scenario.meta.title}", className="title"),
                         html.Div(account, id="account")]),
            html.Nav(html.Ul([html.Li(dcc.Link(m.TITLE, href=m.PATH, id=f"nav-{m.NAME}"))
                              for m in mods]), **{"aria-label": "Pages"}),
            dcc.Location(id="url"),
            html.Main(id="content", tabIndex="-1"),
        ])

    app.layout = layout

    @app.callback(Output("content", "children"), Input("url", "pathname"))
    def route(pathname: str | None):
        module = by_path.get(pathname or "/")
        if module is None:
            return html.Div([html.H1("Page not found"),
                             dcc.Link("Go to the overview", href="/")])
        return module.layout(ctx)

    for m in mods:
        m.register(app, ctx)
    _login_routes(server, ctx)
    _write_guard(server, ctx)
    return app


def _write_guard(server, ctx: AppContext) -> None:
    """Refuse, before any callback runs, a request that writes without a logged-in user."""
    import flask

    from icsplan.app.auth import writes_output

    @server.before_request
    def guard():
        if not ctx.login_required or flask.session.get("user"):
            return None
        if flask.request.method == "POST" and flask.request.path.endswith(
                "_dash-update-component"):
            body = flask.request.get_json(silent=True) or {}
            if writes_output(body):
                return flask.jsonify({"error": "Log in to save: writing needs a logged-in "
                                               "user."}), 403
        return None


def _login_routes(server, ctx: AppContext) -> None:
    """/login (a plain form, so it works without scripts) and /logout."""
    import flask

    from icsplan.app.auth import verify_password

    @server.route("/login", methods=["GET", "POST"])
    def login():
        message = ""
        if flask.request.method == "POST":
            name = flask.request.form.get("username", "")
            password = flask.request.form.get("password", "")
            stored = (ctx.users or {}).get(name)
            if stored and verify_password(stored, password):
                flask.session.clear()
                flask.session["user"] = name
                return flask.redirect("/whatif")
            message = "That user name and password do not match. Try again."
        return LOGIN.replace("{css}", CSS).replace("{message}", html_text.escape(message)), (
            401 if message else 200)

    @server.route("/logout")
    def logout():
        flask.session.clear()
        return flask.redirect("/")


INDEX = """<!DOCTYPE html>
<html lang="en"><head>{%metas%}<meta name="viewport" content="width=device-width,
initial-scale=1"><title>{%title%}</title>{%favicon%}{%css%}<style>{css}</style></head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body></html>"""

LOGIN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in: icsplan</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>
<body><header><p class="title">icsplan</p></header><main id="content">
<h1>Log in to save scenario versions</h1>
<p class="refused" role="alert">{message}</p>
<form method="post" action="/login">
<div class="field"><label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required></div>
<div class="field"><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
</div><button type="submit">Log in</button></form>
<p><a href="/">Back to the plan without logging in</a></p></main></body></html>"""


def wsgi_server(app: dash.Dash, host: str = "127.0.0.1", port: int = 8050, threads: int = 8):
    """A waitress server for the app (not yet running): `.run()` serves, `.close()` stops;
    port 0 picks a free port (`.effective_port`)."""
    from waitress.server import create_server

    return create_server(app.server, host=host, port=port, threads=threads)


def serve(app: dash.Dash, host: str = "127.0.0.1", port: int = 8050, debug: bool = False,
          threads: int = 8) -> None:
    """Serve the app: waitress (production WSGI server), or Dash's debug server."""
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    wsgi_server(app, host, port, threads).run()
