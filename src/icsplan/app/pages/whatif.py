"""What if: levers for each pod's growth, each initiative's reduction and phasing, and the
investment level; the plan recomputed on every change beside the base, with differences;
problems shown next to their lever in the lever's words (results marked stale until every
lever is valid); "save as version" with a message.

`recompute` is the callback's whole work (a plain function, so the benchmark times the same
code); plans are cached by the scenario's content hash and the investment level.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from dash import ALL, Input, Output, State, dcc, html
from dash import callback_context as dash_ctx

from icsplan.app import downloads
from icsplan.app.compute import Figure, headline
from icsplan.app.layout import figure_dict, graph, page, section
from icsplan.app.levers import INVESTMENT, LEVERS, Levers, apply_levers, base_levers
from icsplan.errors import Problem
from icsplan.headline import difference_text
from icsplan.report.charts.finance import cash_flow_figure
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
    """Save the what-if as a scenario version, or as a new named scenario branched from the
    version open (when a store is configured)."""
    if ctx.engine is None:
        return section("Save", html.P("Start the app with --db (or set ICSPLAN_DB) to save "
                                      "versions.", className="note"))
    import flask

    from icsplan.register.db import current_user

    if ctx.login_required and not flask.session.get("user"):
        return section("Save as version", html.P([
            "Saving needs a login: ", html.A("log in to save versions", href="/login"), "."]),
            section_id="save-login")
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
                   html.Button(_update_label(None), id="save-update", n_clicks=0,
                               className="secondary"),
                   html.P("A new version is always kept, whoever saved since you opened this "
                          "page. Saving as the next version of the one you opened is refused "
                          "if someone saved a newer one meanwhile.", className="note"),
                   html.Div(className="field", children=[
                       html.Label("Name of a new scenario (lower case, digits and -)",
                                  htmlFor="branch-name"),
                       dcc.Input(id="branch-name", type="text", value="", maxLength=100)]),
                   html.Button("Save as a new scenario", id="save-branch", n_clicks=0,
                               className="secondary"),
                   html.P("A new scenario starts its own history from the version open here "
                          "(its parent), so the published plan's history stays as it is.",
                          className="note"),
                   html.Div(id="save-status", role="status"))


def _update_label(version_id: int | None) -> str:
    return (f"Save as the next version of version {version_id}" if version_id
            else "Save as the next version of the one open")


def newest_version(ctx: AppContext, name: str | None = None) -> int | None:
    """The id of the newest saved version of scenario `name` (the app's own by default)."""
    from icsplan.register.versions import newest_version as newest

    with ctx.transaction("reader") as session:
        info = newest(session, name or ctx.scenario.name)
    return info.id if info else None


def opened_label(ctx: AppContext, opened: dict | None) -> str:
    """What the page is working on, in words."""
    opened = opened or {}
    if not opened.get("id"):
        return (f"Working on the published plan ({ctx.scenario.meta.title}); the levers start "
                "as it has them.")
    info = ctx.version_info(opened["id"])
    message = info.message or "no message"
    return (f"Working on version {info.id} of scenario {info.name} (number {info.seq}, saved "
            f"by {info.author} at {info.created_at:%Y-%m-%d %H:%M} UTC: {message}).")


def open_version(ctx: AppContext, search: str | None) -> tuple[Levers | None, dict, str]:
    """The levers of the version named in a link's query (`?version=N`): (levers or None when
    nothing is to be loaded, the version now open, a sentence for the page)."""
    from urllib.parse import parse_qs

    from icsplan.register.versions import VersionNotFoundError

    wanted = parse_qs((search or "").lstrip("?")).get("version", [""])[0]
    base = {"id": None, "name": ctx.scenario.name}
    if not wanted or wanted == "base":
        return None, base, opened_label(ctx, base)
    if not wanted.isdigit() or ctx.engine is None:
        return None, base, f"There is no saved version '{wanted}': showing the published plan."
    try:
        info = ctx.version_info(int(wanted))
    except VersionNotFoundError:
        return None, base, f"There is no saved version {wanted}: showing the published plan."
    opened = {"id": info.id, "name": info.name}
    levers = ctx.version_levers(info.id)
    if levers is None:
        return None, base, (f"Version {info.id} was saved without its lever settings (from "
                            "files, not from this page), so it cannot be opened here; compare "
                            "it on the Scenarios page. Showing the published plan.")
    return levers, opened, opened_label(ctx, opened)


def layout(ctx: AppContext) -> html.Div:
    """Levers on the left, results beside the base on the right, then saving."""
    lv = base_levers(ctx.scenario)
    out = recompute(ctx, *_lever_values(lv))
    opened = {"id": None, "name": ctx.scenario.name}
    return page("What if", dcc.Location(id="whatif-url", refresh=False),
                dcc.Store(id="whatif-opened", data=opened),
                dcc.Store(id="lever-history", data=[list(_lever_values(lv))]),
                html.P(opened_label(ctx, opened), id="whatif-opened-label", role="status"),
                html.Div(className="actions", children=[
                    html.Button("Reset to the published plan", id="whatif-reset", n_clicks=0,
                                className="secondary"),
                    html.Button("Undo the last lever change", id="whatif-undo", n_clicks=0,
                                className="secondary")]),
                html.Div(className="columns", children=[
                    html.Section(levers_panel(ctx), id="levers"),
                    html.Div([html.Div(id="whatif-stale", role="alert"),
                              html.Div(out["results"], id="whatif-results",
                                       **{"aria-live": "polite"}),
                              html.Div(out["general"], id="whatif-problems",
                                       className="problem", role="alert")])]),
                downloads.panel(), save_panel(ctx))


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
    problems and the problems that belong to no single lever (valid settings seen before come
    from the cache by their values: `PlanCache.for_levers`)."""
    return ctx.cache.for_levers((growth, achieved, delay, investment), lambda: _recompute(
        ctx, growth, achieved, delay, investment))


def _recompute(ctx: AppContext, growth: list, achieved: list, delay: list,
               investment: float | None) -> dict:
    levers = levers_from(ctx, growth, achieved, delay, investment)
    keys = [f"growth-{p}" for p in levers.growth_pct]  # in the order of the panel
    keys += [k for i in levers.achieved_pct for k in (f"achieved-{i}", f"delay-{i}")]
    try:
        scenario = ctx.cache.lever_scenario(ctx.scenario, levers)
    except ScenarioError as exc:
        placed, general = place_problems(ctx, exc.problems)
        return {"results": dash_no_results(), "problems": [placed.get(k, "") for k in keys],
                "investment": placed.get("investment", ""),
                "general": [html.P(problem_text(ctx, p)) for p in general]}
    plan = ctx.cache.plan(scenario, RunOptions.whatif(levers.investment_level))
    base = ctx.whatif_base
    shown = ctx.cache.derived(plan, "whatif", lambda p: results(
        base, p, levers, ctx.cache.derived(base, "headline", headline)))
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
        key = lever_of(ctx, p)
        if key:
            placed.setdefault(key, []).append(lever_words(ctx, key, p))
        else:
            general.append(p)
    return {k: " ".join(v) for k, v in placed.items()}, general


def lever_words(ctx: AppContext, key: str, problem: Problem) -> str:
    """A problem as the lever's own: 'A&E attendances growth (% a year): Input should be
    less than or equal to 100 (got '150').' rather than the file, line and field."""
    kind, _, ident = key.partition("-")
    names = {i.id: i.name for i in ctx.scenario.initiatives}
    lever = {"investment": "Investment level (% of the planned investment)",
             "growth": f"{pod_label(ident)} growth (% a year)",
             "achieved": f"{names.get(ident, ident)}: share of the planned reduction achieved "
                         "(%)",
             "delay": f"{names.get(ident, ident)}: delay (years)"}[kind]
    got = "" if problem.value is None else f" (got '{problem.value}')"
    return f"{lever}: {problem.message}{got}."


def lever_of(ctx: AppContext, p: Problem) -> str | None:
    """The lever a problem is about (its key on the page), located by the problem's table,
    row key and field; None when it is about no lever."""
    if p.table == LEVERS and p.key == INVESTMENT:
        return "investment"
    growth = ctx.scenario.growth
    if p.table == "growth" and isinstance(p.key, int) and 0 <= p.key < len(growth):
        return f"growth-{growth.iloc[p.key]['pod']}"
    names = {ini.id for ini in ctx.scenario.initiatives}
    if p.table == "initiatives" and p.key in names:
        if (p.field or "").startswith(("delay", "phasing")):
            return f"delay-{p.key}"
        return f"achieved-{p.key}"
    return None


def problem_text(ctx: AppContext, p: Problem) -> str:
    """A problem as the what-if page says it: by its lever, else as the folder would."""
    key = lever_of(ctx, p)
    return lever_words(ctx, key, p) if key else str(in_folder(p))


def _difference(base: Figure, new: Figure) -> str:
    return difference_text(base, new)


def results(base: Plan, plan: Plan, levers: Levers | None = None,
            base_figures: list[Figure] | None = None) -> list:
    """The what-if's headline figures beside the base's (`base_figures`: the base's headline,
    when already made), with differences, and its money by year (the Activity page draws
    trajectories; one chart keeps the recompute fast); each figure that has a drill-down
    links to it (for the what-if's `levers`)."""
    from icsplan.app.explain import explained_by
    from icsplan.app.pages.explain import href

    rows = []
    for b, n in zip(base_figures or headline(base), headline(plan), strict=True):
        target = explained_by(n.key)
        more = ([" ", dcc.Link("What makes it", href=href(target, levers),
                               id=f"whatif-explain-{n.key}",
                               title=f"What makes the what-if's {n.label}")]
                if levers is not None and target else [])
        rows.append(html.Tr([html.Th([n.title, *more], scope="row", className="text"),
                             html.Td(b.text()), html.Td(n.text(), id=f"whatif-value-{n.key}"),
                             html.Td(_difference(b, n), id=f"whatif-diff-{n.key}")]))
    head = html.Thead(html.Tr([html.Th(t, scope="col", className=c) for t, c in (
        ("Figure", "text"), ("Base", "num"), ("What if", "num"), ("Difference", "num"))]))
    parts = [section("Results", html.Table([
        html.Caption(f"The what-if beside the base plan, {plan.horizon}"), head,
        html.Tbody(rows)], id="whatif-table"))]
    if not plan.finance.cash_flow.empty:
        parts.append(section("Money", graph(figure_dict(cash_flow_figure(
            plan.finance.cash_flow, plan.finance.payback_year)))))
    return parts


def save(ctx: AppContext, user: str | None, author: str, message: str,  # noqa: PLR0913  (the save form's fields, one each)
         parent: int | None, new_version: bool, levers: Levers, branch: str | None = None,
         name: str | None = None) -> tuple[str, int | None, bool]:
    """Save the what-if with its levers: (message for the page, the version now open, saved?).
    A new version goes after the newest of scenario `name` (the app's own by default); an
    update must be based on the newest; `branch` starts a new scenario of that name whose
    parent is `parent`."""
    from icsplan.errors import InputError
    from icsplan.register import StaleVersionError

    if ctx.login_required and not user:
        return "Log in to save: writing needs a logged-in user. Nothing was saved.", parent, \
            False
    author = user or (author or "").strip()
    if not author:
        return "Give your name so others can see who saved the version.", parent, False
    if not (message or "").strip():
        return "Say what changed: a version needs a message.", parent, False
    target = (branch or "").strip() if branch is not None else (name or ctx.scenario.name)
    refused = branch_name_problem(target) if branch is not None else None
    if refused:
        return refused, parent, False
    try:
        scenario = apply_levers(ctx.scenario, levers)
        if target != scenario.name:
            scenario = scenario.replace(meta=scenario.meta.model_copy(update={"name": target}))
    except ScenarioError as exc:
        return ("Nothing was saved: " + " ".join(problem_text(ctx, p) for p in exc.problems)), \
            parent, False
    note = message.strip()
    try:
        with ctx.transaction(author) as session:
            saved = _write(session, scenario, parent, author, note, levers,
                           "branch" if branch is not None else "new" if new_version else "update")
    except StaleVersionError as exc:
        return f"Refused: {exc}", parent, False
    except InputError as exc:  # an over-long or garbled name or message, a bad branch
        return "Nothing was saved: " + " ".join(p.message for p in exc.problems), parent, False
    return (f"Saved as version {saved.id} (number {saved.seq} of {saved.name}) by {author}.",
            saved.id, True)


def _write(session, scenario, parent: int | None, author: str, note: str,  # noqa: PLR0913  (one save's parts)
           levers: Levers, how: str):
    """Store the version: as a new scenario ("branch"), after the newest ("new") or as an
    update of `parent` ("update")."""
    from icsplan.register import save_version
    from icsplan.register.versions import branch_version, save_as_new_version

    if how == "branch":
        return branch_version(session, scenario, parent, author, note, levers.as_dict())
    if how == "new":  # retried on a conflict: every user's version is kept
        return save_as_new_version(session, scenario, author, note, parent,
                                   levers=levers.as_dict())
    return save_version(session, scenario, parent, author, note, levers.as_dict())


SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def branch_name_problem(target: str) -> str | None:
    """Why a new scenario's name is refused, or None when it is fine."""
    if not target:
        return "Give the new scenario a name."
    if not SCENARIO_NAME.match(target):
        return (f"The new scenario's name '{target}' must start with a lower-case letter or "
                "digit and hold only lower-case letters, digits, - and _. Nothing was saved.")
    return None


def history_step(history: list | None, state: list) -> list:
    """The lever history after the page shows `state`: a state equal to the one before the
    last is an undo (the last is dropped); a new state is appended (at most 50 kept)."""
    history = list(history or [])
    if len(history) >= 2 and history[-2] == state:
        return history[:-1]
    if not history or history[-1] != state:
        history.append(state)
    return history[-50:]


def register(app, ctx: AppContext) -> None:  # noqa: C901  (Dash callbacks nested as closures over ctx)
    """The recompute callback (every lever), opening a version, reset, undo, and saving."""
    from dash import no_update

    lever_inputs = [Input({"type": "growth", "key": ALL}, "value"),
                    Input({"type": "achieved", "key": ALL}, "value"),
                    Input({"type": "delay", "key": ALL}, "value"),
                    Input("lever-investment", "value")]
    lever_outputs = [Output(i.component_id, i.component_property) for i in lever_inputs]

    @app.callback(Output("whatif-results", "children"),
                  Output({"type": "problem", "key": ALL}, "children"),
                  Output("problem-investment", "children"),
                  Output("whatif-problems", "children"), Output("whatif-stale", "children"),
                  Output("lever-history", "data"), *lever_inputs,
                  State("lever-history", "data"), prevent_initial_call=True)
    def update(growth, achieved, delay, investment, history):
        out = recompute(ctx, growth, achieved, delay, investment)
        if out["results"] is no_update:  # an invalid lever: the results shown are stale
            stale = html.P("These results are for the last valid levers: nothing is "
                           "recomputed until the lever marked in red is corrected.",
                           className="refused stale")
            return (out["results"], out["problems"], out["investment"], out["general"], stale,
                    no_update)
        state = [growth, achieved, delay, investment]
        return (out["results"], out["problems"], out["investment"], out["general"], "",
                history_step(history, state))

    @app.callback(*lever_outputs, Output("whatif-opened", "data"),
                  Output("whatif-opened-label", "children"),
                  Input("whatif-url", "search"), Input("whatif-reset", "n_clicks"),
                  Input("whatif-undo", "n_clicks"), State("lever-history", "data"))
    def load(search, _reset, _undo, history):
        trigger = dash_ctx.triggered_id
        keep = [[no_update] * len(o) if isinstance(o, list) else no_update
                for o in dash_ctx.outputs_list[:4]]
        if trigger == "whatif-reset":
            base = {"id": None, "name": ctx.scenario.name}
            return (*_lever_values(base_levers(ctx.scenario)), base, opened_label(ctx, base))
        if trigger == "whatif-undo":
            if not history or len(history) < 2:
                return (*keep, no_update, "There is no lever change to undo.")
            return (*history[-2], no_update, no_update)
        levers, opened, text = open_version(ctx, search)
        if levers is None:
            return (*keep, opened, text)
        return (*_lever_values(levers), opened, text)

    downloads.register(app, ctx, [State(i.component_id, i.component_property)
                                  for i in lever_inputs], levers_from)
    if ctx.engine is None:
        return

    @app.callback(Output("save-status", "children"), Output("save-status", "className"),
                  Output("whatif-opened", "data", allow_duplicate=True),
                  Output("whatif-opened-label", "children", allow_duplicate=True),
                  Output("save-update", "children"),
                  Input("save-new", "n_clicks"), Input("save-update", "n_clicks"),
                  Input("save-branch", "n_clicks"),
                  State("save-author", "value"), State("save-message", "value"),
                  State("branch-name", "value"), State("whatif-opened", "data"),
                  *[State(i.component_id, i.component_property) for i in lever_inputs],
                  prevent_initial_call=True)
    def on_save(_new, _update, _branch, author, message, branch, opened, growth, achieved,
                delay, investment):
        import flask

        opened = opened or {"id": None, "name": ctx.scenario.name}
        trigger = dash_ctx.triggered_id
        levers = levers_from(ctx, growth, achieved, delay, investment)
        text, now, ok = save(ctx, flask.session.get("user"), author, message, opened.get("id"),
                             trigger == "save-new", levers,
                             branch=(branch or "") if trigger == "save-branch" else None,
                             name=opened.get("name"))
        if not ok:
            status: list = [text]
            if text.startswith("Refused:"):
                newest = newest_version(ctx, opened.get("name"))
                status = [text, " ", dcc.Link(f"Load the newest version ({newest})",
                                               href=f"/whatif?version={newest}",
                                               id="load-newest")]
            return status, "refused", no_update, no_update, no_update
        info = ctx.version_info(now)
        new_open = {"id": now, "name": info.name}
        return text, "message", new_open, opened_label(ctx, new_open), _update_label(now)
