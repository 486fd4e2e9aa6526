"""Build the Dash app (pages, routing, login, the server-side write guard) and serve it.

`create_app(context)` returns a `dash.Dash`; `serve` runs it under waitress, a production
WSGI server (Dash's own development server only with `--debug`).
"""

from __future__ import annotations

import html as html_text
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from icsplan.app.layout import CSS

if TYPE_CHECKING:
    import dash

    from icsplan.app.context import AppContext


def pages():
    """The pages in menu order: modules with PATH, TITLE, layout(ctx) and register(app, ctx)."""
    from icsplan.app.pages import (
        activity,
        appraisal,
        delivery,
        explain,
        finance,
        forecast,
        glossary,
        overview,
        population,
        programmes,
        reconciliation,
        register,
        scenarios,
        uncertainty,
        waiting_list,
        whatif,
    )

    return [overview, activity, whatif, finance, appraisal, uncertainty, population, forecast,
            waiting_list, delivery, programmes, register, scenarios, reconciliation, explain,
            glossary]


def warm(ctx: AppContext) -> None:
    """Pay the server's one-time costs at start-up, not in the first user's request: the
    what-if scenario builder (which rules the levers reach, the tables' hashes), then freeze
    everything built so far out of the cyclic garbage collector.  The base plans are large and
    live as long as the server; without the freeze every full collection walks them again,
    which showed as 120-150 ms pauses in one what-if request in twenty
    (benchmarks/bench_app.py)."""
    import gc

    if ctx.scenario.has_demand_model:
        from icsplan.app.levers import base_levers

        ctx.cache.lever_scenario(ctx.scenario, base_levers(ctx.scenario))
    gc.collect()
    gc.freeze()


def create_app(ctx: AppContext) -> dash.Dash:
    """The app for one scenario: every page, its callbacks, login when users are given."""
    import flask
    from dash import Dash, Input, Output, dcc, html

    from icsplan.app.applies import home, not_applicable, usable_pages
    from icsplan.app.security import install

    server = flask.Flask("icsplan.app")
    server.secret_key = os.environ.get("ICSPLAN_APP_SECRET") or secrets.token_hex(32)
    install(server, ctx)  # server-side sessions, CSRF, headers, static-only /assets/
    app = Dash("icsplan.app", server=server, title=f"{ctx.scenario.meta.title}: icsplan",
               suppress_callback_exceptions=True, update_title=None,
               assets_folder=str(Path(__file__).parent / "assets"))
    server.extensions["icsplan_dash"] = app
    app.index_string = INDEX.replace("{css}", CSS)
    ctx.base_plan, ctx.whatif_base  # noqa: B018  computed now, so the first page loads fast
    warm(ctx)
    every = pages()
    mods = usable_pages(every, ctx)  # a plan without an activity model: only its pages
    by_path = {m.PATH: m for m in mods}
    every_path = {m.PATH: m for m in every}
    by_path["/"] = home(every, ctx)

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
        if module is None and pathname in every_path:
            return not_applicable(every_path[pathname], ctx)
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
        if not ctx.login_required:
            return None
        if flask.session.get("user") and server.extensions["icsplan_writing_user"]():
            return None  # a live session of a user still in the users file
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

    @server.route("/login", methods=["GET", "POST"])
    def login():
        message, status = "", 200
        if flask.request.method == "POST":
            sent = flask.request.form.get("csrf", "")
            token = flask.session.get("csrf", "")
            if not token or not secrets.compare_digest(sent, token):
                message, status = ("The form had expired or came from another site; log in "
                                   "again."), 400
            else:
                name = flask.request.form.get("username", "")[:80]
                password = flask.request.form.get("password", "")[:1024]
                result = server.extensions["icsplan_login"](
                    name, password, flask.request.remote_addr or "")
                if result == "throttled":
                    message, status = ("Too many failed logins: wait 15 minutes and try "
                                       "again."), 429
                elif result:
                    sessions = server.extensions["icsplan_sessions"]
                    sessions.end(flask.session.get("sid"))
                    flask.session.clear()
                    flask.session["sid"] = sessions.create(result)
                    flask.session["user"] = result
                    return flask.redirect("/whatif")
                else:
                    message, status = "That user name and password do not match. Try again.", 401
        page = (LOGIN.replace("{css}", CSS).replace("{message}", html_text.escape(message))
                .replace("{csrf}", server.extensions["icsplan_csrf"]()))
        return page, status

    @server.route("/logout")
    def logout():
        server.extensions["icsplan_sessions"].end(flask.session.get("sid"))
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
<form method="post" action="/login"><input type="hidden" name="csrf" value="{csrf}">
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
