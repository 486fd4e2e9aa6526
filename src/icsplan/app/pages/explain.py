"""Explain a number: what makes a headline figure, from the published plan's or a what-if's
own tables (`app.explain`). Reached from every headline card on the Overview and every row
of the What if results; `?figure=gap` picks the figure and `?levers=...` (the What if page's
levers as JSON) the what-if it belongs to.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

from dash import Input, Output, State, dcc, html

from icsplan.app.explain import EXPLAINED, Breakdown, explain
from icsplan.app.layout import choice, page, section, table
from icsplan.headline import figures
from icsplan.report.labels import labels_for
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.app.levers import Levers
    from icsplan.pipeline import Plan

PATH, NAME, TITLE = "/explain", "explain", "Explain a number"


def href(key: str, levers: Levers | None = None) -> str:
    """The link that explains figure `key` (of the what-if with `levers`, if given)."""
    query = {"figure": key}
    if levers is not None:
        query["levers"] = json.dumps(levers.as_dict(), separators=(",", ":"))
    return f"{PATH}?{urlencode(query)}"


def wanted(search: str | None) -> tuple[str | None, dict | None]:
    """The figure and the what-if levers a link asks for (None where it names none)."""
    query = parse_qs((search or "").lstrip("?"))
    key = query.get("figure", [None])[0]
    try:
        levers = json.loads(query["levers"][0]) if "levers" in query else None
    except (ValueError, TypeError):
        levers = None
    return key, levers if isinstance(levers, dict) else None


def plan_for(ctx: AppContext, levers: dict | None) -> tuple[Plan, str]:
    """The plan to explain and a sentence naming it: the published plan, or the what-if."""
    if levers is None:
        return ctx.base_plan, "the published plan"
    from icsplan.app.levers import apply_levers, levers_from_dict
    from icsplan.run_options import RunOptions
    from icsplan.scenario.errors import ScenarioError

    try:
        chosen = levers_from_dict(ctx.scenario, levers)
        scenario = apply_levers(ctx.scenario, chosen)
    except (ScenarioError, ValueError, TypeError, AttributeError):
        return ctx.base_plan, "the published plan (the what-if's levers were not valid)"
    plan = ctx.cache.plan(scenario, RunOptions.whatif(chosen.investment_level))
    return plan, (f"the what-if (investment at {chosen.investment_pct:g}% of the planned "
                  "investment)")


def _shown(b: Breakdown) -> tuple[object, dict, dict]:
    """A breakdown's rows for a table: values in £m or contacts, plus a total row."""
    frame = b.frame.copy()
    label = next(c for c in frame.columns if c != "value")
    total = {label: f"Total: {b.of}", "value": b.total}
    frame = frame.astype({label: object})
    frame.loc[len(frame)] = total
    if b.unit == "gbp":
        frame = frame.assign(value=frame["value"] / MILLION).rename(
            columns={"value": "value_gbpm"})
        return frame, {"value_gbpm": ",.1f"}, {}
    frame = frame.rename(columns={"value": "contacts"})
    return frame, {"contacts": ",.0f"}, {"contacts": "Contacts a year"}


def breakdown_table(b: Breakdown, plan: Plan, title: str | None = None) -> html.Div:
    """One breakdown as an accessible table (names for codes, a total row)."""
    frame, fmt, names = _shown(b)
    names = {**names, "step": "Step of the bridge", "part": "Part"}
    return table(frame, title or b.title, fmt, names, table_id=f"explain-{b.ident}",
                 names=labels_for(plan.scenario))


def body(ctx: AppContext, key: str | None, levers: dict | None) -> list:
    """The figure, the sentence saying what it adds up from, and its breakdowns."""
    plan, which = plan_for(ctx, levers)
    shown = {f.key: f for f in figures(plan)}
    if key not in shown or key not in EXPLAINED:
        return [html.P("Pick a figure to explain.")]
    fig = shown[key]
    parts = explain(plan, key)
    labels = labels_for(plan.scenario)
    first, rest = parts[0], parts[1:]
    out = [html.P([html.Strong(f"{fig.title}: {fig.text()}"), f" in {which}. It is the sum "
                   f"of the {len(first.frame)} parts below."], id="explain-figure"),
           breakdown_table(first, plan)]
    for b in rest:
        if b.ident.startswith("step-"):
            out.append(html.Details([html.Summary(b.title),
                                     breakdown_table(b, plan)], open=True))
    for b in rest:
        if b.ident.startswith("initiative-"):
            ini = b.ident.removeprefix("initiative-")
            name = labels.initiatives.get(ini, ini)
            tables = [breakdown_table(b, plan, f"{name}: net saving in {plan.horizon}")]
            tables += [breakdown_table(a, plan, f"{name}: activity it removes in "
                                       f"{plan.horizon} by "
                                       f"{'point of delivery' if 'pod' in a.ident else 'locality'}")
                       for a in rest if a.ident in (f"activity-pod-{ini}",
                                                    f"activity-locality-{ini}")]
            out.append(html.Details([html.Summary(name), *tables]))
    out += [breakdown_table(b, plan) for b in rest
            if not b.ident.startswith(("step-", "initiative-", "activity-"))]
    return out


def layout(ctx: AppContext) -> html.Div:
    """Pick a figure (or arrive from a card's link); its parts follow."""
    plan = ctx.base_plan
    options = [{"label": f.title, "value": f.key} for f in figures(plan)
               if f.key in EXPLAINED]
    return page("Explain a number", dcc.Location(id="explain-url", refresh=False),
                section("Which figure", choice("explain-figure-choice", "Figure", options,
                                               "gap")),
                section("What makes it", html.Div(id="explain-body")))


def register(app, ctx: AppContext) -> None:
    """The link picks the figure; the figure (and the link's levers) give the parts."""
    from dash import no_update

    @app.callback(Output("explain-figure-choice", "value"), Input("explain-url", "search"))
    def pick(search):
        key, _ = wanted(search)
        return key if key in EXPLAINED else no_update

    @app.callback(Output("explain-body", "children"),
                  Input("explain-figure-choice", "value"), State("explain-url", "search"))
    def show(key, search):
        _, levers = wanted(search)
        return body(ctx, key, levers)
