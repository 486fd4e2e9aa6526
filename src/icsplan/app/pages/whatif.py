"""What if: levers for each pod's growth, each initiative's reduction and phasing, and the
investment level; the plan recomputed on every change beside the base, with differences;
problems shown next to their lever; "save as version" with a message.

`recompute` is the callback's whole work (a plain function, so the benchmark times the same
code); plans are cached by the scenario's content hash and the investment level.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import TYPE_CHECKING

from dash import ALL, Input, Output, State, dcc, html
from dash import callback_context as dash_ctx

from icsplan.app.compute import Figure, headline
from icsplan.app.layout import graph, page, section
from icsplan.app.levers import INVESTMENT, LEVERS, Levers, apply_levers, base_levers
from icsplan.errors import Problem
from icsplan.report.charts.finance import cash_flow_chart
from icsplan.report.style import pod_label
from icsplan.run_options import RunOptions
from icsplan.scenario.errors import ScenarioError
from icsplan.scenario.folder import in_folder

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.pipeline import Plan

PATH, NAME, TITLE = "/whatif", "whatif", "What if"


def _lever(kind: str, key: str, label: str, value: float, step: float, hint: str) -> html.Div:
    """One lever: the input inside its label (so it is named), its unit, its problems."""
    return html.Div(className="lever", children=[
        html.Label([label, html.Br(),
                    dcc.Input(id={"type": kind, "key": key}, type="number", value=value,
                              step=step, debounce=True),
                    html.Span(f" {hint}", className="note")]),
        html.Div(id={"type": "problem", "key": f"{kind}-{key}"}, className="problem",
                 role="alert"),
    ])


def levers_panel(ctx: AppContext) -> list:
    """Every lever, labelled, with the place its problems appear."""
    lv = base_levers(ctx.scenario)
    parts: list = [html.H2("Levers"), html.H3("Growth (% a year)")]
    parts += [_lever("growth", pod, pod_label(pod), pct, 0.1, "% a year")
              for pod, pct in lv.growth_pct.items()]
    parts.append(html.H3("Initiatives"))
    for ini in ctx.scenario.initiatives:
        parts.append(html.Fieldset([
            html.Legend(ini.name),
            _lever("achieved", ini.id, "Share of planned reduction achieved", 100, 5, "%"),
            _lever("delay", ini.id, "Delay", 0, 1, "years later than planned"),
        ]))
    parts.append(html.H3("Money"))
    parts.append(html.Div(className="lever", children=[
        html.Label(["Investment level", html.Br(),
                    dcc.Input(id="lever-investment", type="number", value=100, step=5,
                              debounce=True),
                    html.Span(" % of the planned investment", className="note")]),
        html.Div(id="problem-investment", className="problem", role="alert")]))
    return parts


def save_panel(ctx: AppContext) -> html.Div:
    """Save the what-if as a scenario version (when a store is configured)."""
    if ctx.engine is None:
        return section("Save", html.P("Start the app with --db (or set ICSPLAN_DB) to save "
                                      "versions.", className="note"))
    import flask

    from icsplan.store.db import current_user

    if ctx.login_required and not flask.session.get("user"):
        return section("Save as version", html.P([
            "Saving needs a login: ", html.A("log in to save versions", href="/login"), "."]),
            section_id="save-login")
    head = newest_version(ctx)
    fields = [html.Div(className="field", children=[
        html.Label("What changed (saved with the version)", htmlFor="save-message"),
        dcc.Input(id="save-message", type="text", value="", maxLength=500)])]
    if not ctx.login_required:
        fields.append(html.Div(className="field", children=[
            html.Label("Your name", htmlFor="save-author"),
            dcc.Input(id="save-author", type="text", value=current_user(), maxLength=120)]))
    else:
        fields.append(dcc.Input(id="save-author", type="hidden", value=""))
    return section("Save as version", *fields,
                   html.Button("Save as a new version", id="save-new", n_clicks=0),
                   html.Button(_update_label(head), id="save-update", n_clicks=0,
                               className="secondary"),
                   html.P("A new version is always kept, whoever saved since you opened this "
                          "page. Saving as the next version of the one you opened is refused "
                          "if someone saved a newer one meanwhile.", className="note"),
                   dcc.Store(id="whatif-parent", data=head),
                   html.Div(id="save-status", role="status"))


def _update_label(version_id: int | None) -> str:
    return (f"Save as the next version of version {version_id}" if version_id
            else "Save as the first version")


def newest_version(ctx: AppContext) -> int | None:
    """The id of the newest saved version of the scenario, if any."""
    from icsplan.store import list_versions

    with ctx.transaction("reader") as session:
        versions = list_versions(session, ctx.scenario.name)
    return versions[0].id if versions else None


def layout(ctx: AppContext) -> html.Div:
    """Levers on the left, results beside the base on the right, then saving."""
    out = recompute(ctx, *_lever_values(base_levers(ctx.scenario)))
    return page("What if", html.Div(className="columns", children=[
        html.Section(levers_panel(ctx), id="levers"),
        html.Div([html.Div(out["results"], id="whatif-results", **{"aria-live": "polite"}),
                  html.Div(out["general"], id="whatif-problems", className="problem",
                           role="alert")])]),
        save_panel(ctx))


def _lever_values(lv: Levers) -> tuple[list, list, list, float]:
    return (list(lv.growth_pct.values()), list(lv.achieved_pct.values()),
            list(lv.delay_years.values()), lv.investment_pct)


def levers_from(ctx: AppContext, growth: list, achieved: list, delay: list,
                investment: float | None) -> Levers:
    """Lever values from the page (in the order of the panel) as `Levers`."""
    base = base_levers(ctx.scenario)
    ids = [i.id for i in ctx.scenario.initiatives]
    return dataclasses.replace(
        base, growth_pct=dict(zip(base.growth_pct, growth, strict=True)),
        achieved_pct=dict(zip(ids, achieved, strict=True)),
        delay_years={k: _whole(v) for k, v in zip(ids, delay, strict=True)},
        investment_pct=investment)


def _whole(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def recompute(ctx: AppContext, growth: list, achieved: list, delay: list,
              investment: float | None) -> dict:
    """The what-if page's outputs for lever values: results beside the base, each lever's
    problems and the problems that belong to no single lever."""
    levers = levers_from(ctx, growth, achieved, delay, investment)
    keys = [f"growth-{p}" for p in levers.growth_pct]  # in the order of the panel
    keys += [k for i in levers.achieved_pct for k in (f"achieved-{i}", f"delay-{i}")]
    try:
        scenario = apply_levers(ctx.scenario, levers)
    except ScenarioError as exc:
        placed, general = place_problems(ctx, exc.problems)
        return {"results": dash_no_results(), "problems": [placed.get(k, "") for k in keys],
                "investment": placed.get("investment", ""),
                "general": [html.P(problem_text(ctx, p)) for p in general]}
    plan = ctx.cache.plan(scenario, RunOptions.whatif(levers.investment_level))
    shown = ctx.cache.derived(plan, "whatif", lambda p: results(ctx.whatif_base, p))
    return {"results": shown, "problems": [""] * len(keys),
            "investment": "", "general": []}


def dash_no_results() -> html.P:
    """What the results say while a lever is invalid: nothing was recomputed."""
    from dash import no_update

    return no_update


def place_problems(ctx: AppContext, problems: list[Problem]) -> tuple[dict[str, str], list]:
    """Each problem beside its lever, said in the lever's terms; the rest in one list."""
    placed: dict[str, list[str]] = {}
    general = []
    for p in problems:
        key, label = lever_of(ctx, p)
        if key:
            placed.setdefault(key, []).append(f"{label}: {_what(p)}")
        else:
            general.append(p)
    return {k: " ".join(v) for k, v in placed.items()}, general


def lever_of(ctx: AppContext, p: Problem) -> tuple[str | None, str]:
    """The lever a problem is about (its key on the page, its label), located by the
    problem's table, row key and field; (None, "") when it is about no lever."""
    if p.table == LEVERS and p.key == INVESTMENT:
        return "investment", "Investment level"
    growth = ctx.scenario.growth
    if p.table == "growth" and isinstance(p.key, int) and 0 <= p.key < len(growth):
        pod = str(growth.iloc[p.key]["pod"])
        return f"growth-{pod}", f"{pod_label(pod)} growth"
    names = {ini.id: ini.name for ini in ctx.scenario.initiatives}
    if p.table == "initiatives" and p.key in names:
        if (p.field or "").startswith(("delay", "phasing")):
            return f"delay-{p.key}", f"{names[p.key]}: delay"
        return f"achieved-{p.key}", f"{names[p.key]}: share of planned reduction achieved"
    return None, ""


def _what(p: Problem) -> str:
    """What is wrong, with the bad value quoted (the lever says where)."""
    return str(replace(p, file="", table=None, key=None, field=None, row=None, sheet=None))


def problem_text(ctx: AppContext, p: Problem) -> str:
    """A problem as the what-if page says it: by its lever, else as the folder would."""
    key, label = lever_of(ctx, p)
    return f"{label}: {_what(p)}" if key else str(in_folder(p))


def _difference(base: Figure, new: Figure) -> str:
    if base.value is None or new.value is None or base.unit == "year":
        return "" if base.value == new.value else "changed"
    diff = float(new.value) - float(base.value)
    if abs(diff) < 1e-9:
        return "no change"
    if base.unit == "pct":
        return f"{diff:+.2f} points"
    if base.unit == "gbpm":
        return f"{'+' if diff > 0 else '-'}£{abs(diff):,.1f}m"
    return f"{diff:+,.0f}"


def results(base: Plan, plan: Plan) -> list:
    """The what-if's headline figures beside the base's, with differences, and its money by
    year (the Activity page draws trajectories; one chart keeps the recompute fast)."""
    rows = []
    for b, n in zip(headline(base), headline(plan), strict=True):
        rows.append(html.Tr([html.Th(n.label, scope="row", className="text"),
                             html.Td(b.text()), html.Td(n.text(), id=f"whatif-value-{n.key}"),
                             html.Td(_difference(b, n), id=f"whatif-diff-{n.key}")]))
    head = html.Thead(html.Tr([html.Th(t, scope="col", className=c) for t, c in (
        ("Figure", "text"), ("Base", "num"), ("What if", "num"), ("Difference", "num"))]))
    parts = [section("Results", html.Table([
        html.Caption(f"The what-if beside the base plan, {plan.horizon}"), head,
        html.Tbody(rows)], id="whatif-table"))]
    if not plan.finance.cash_flow.empty:
        parts.append(section("Money", graph(cash_flow_chart(plan.finance.cash_flow,
                                                            plan.finance.payback_year))))
    return parts


def save(ctx: AppContext, user: str | None, author: str, message: str, parent: int | None,
         new_version: bool, levers: Levers) -> tuple[str, int | None, bool]:
    """Save the what-if as a version: (message for the page, the version now open, saved?).
    A new version goes after the newest; an update must be based on the newest."""
    from icsplan.errors import InputError
    from icsplan.store import StaleVersionError, save_version
    from icsplan.store.versions import save_as_new_version

    if ctx.login_required and not user:
        return "Log in to save: writing needs a logged-in user. Nothing was saved.", parent, \
            False
    author = user or (author or "").strip()
    if not author:
        return "Give your name so others can see who saved the version.", parent, False
    if not (message or "").strip():
        return "Say what changed: a version needs a message.", parent, False
    try:
        scenario = apply_levers(ctx.scenario, levers)
    except ScenarioError as exc:
        return ("Nothing was saved: " + " ".join(problem_text(ctx, p) for p in exc.problems)), \
            parent, False
    note = message.strip()
    try:
        with ctx.transaction(author) as session:
            if new_version:  # retried on a conflict: every user's version is kept
                saved = save_as_new_version(session, scenario, author, note, parent)
            else:
                saved = save_version(session, scenario, parent, author, note)
    except StaleVersionError as exc:
        return f"Refused: {exc}", parent, False
    except InputError as exc:  # an over-long or garbled name or message
        return "Nothing was saved: " + " ".join(p.message for p in exc.problems), parent, False
    return (f"Saved as version {saved.id} (number {saved.seq} of {saved.name}) by {author}.",
            saved.id, True)


def register(app, ctx: AppContext) -> None:
    """The recompute callback (every lever) and the save callback."""
    lever_inputs = [Input({"type": "growth", "key": ALL}, "value"),
                    Input({"type": "achieved", "key": ALL}, "value"),
                    Input({"type": "delay", "key": ALL}, "value"),
                    Input("lever-investment", "value")]

    @app.callback(Output("whatif-results", "children"),
                  Output({"type": "problem", "key": ALL}, "children"),
                  Output("problem-investment", "children"),
                  Output("whatif-problems", "children"), *lever_inputs,
                  prevent_initial_call=True)
    def update(growth, achieved, delay, investment):
        out = recompute(ctx, growth, achieved, delay, investment)
        return out["results"], out["problems"], out["investment"], out["general"]

    if ctx.engine is None:
        return

    @app.callback(Output("save-status", "children"), Output("save-status", "className"),
                  Output("whatif-parent", "data"), Output("save-update", "children"),
                  Input("save-new", "n_clicks"), Input("save-update", "n_clicks"),
                  State("save-author", "value"), State("save-message", "value"),
                  State("whatif-parent", "data"),
                  *[State(i.component_id, i.component_property) for i in lever_inputs],
                  prevent_initial_call=True)
    def on_save(_new, _update, author, message, parent, growth, achieved, delay, investment):
        import flask

        levers = levers_from(ctx, growth, achieved, delay, investment)
        text, opened, ok = save(ctx, flask.session.get("user"), author, message, parent,
                                dash_ctx.triggered_id == "save-new", levers)
        return text, "message" if ok else "refused", opened, _update_label(opened)
