"""Uncertainty: how likely the plan is to close the gap, as the report's uncertainty section
shows it (cards, the gap range, money and activity fan charts, the percentiles and the
intervals), from a Monte Carlo run started here.  The run goes in the background
(`app.jobs`): a progress bar, polled every second, and Cancel stop it between blocks of
draws; its results replace the charts when it is done.  Until then the page shows a default
run (`DEFAULT_DRAWS` draws from the CLI's default seed), computed once per plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import dcc, html

from icsplan.app.layout import choice, graph, page, section, small_multiples, table
from icsplan.report.charts import uncertainty as charts
from icsplan.report.labels import labels_for
from icsplan.report.sections.uncertainty import (
    PERCENTILE_FORMATS,
    horizon_percentiles,
    uncertainty_cards,
)

if TYPE_CHECKING:
    from icsplan.app.context import AppContext
    from icsplan.app.jobs import Job, Settings
    from icsplan.montecarlo import Uncertainty

NEEDS_ACTIVITY = True  # the draws run on the activity model (app.applies)
PATH, NAME, TITLE = "/uncertainty", "uncertainty", "Uncertainty"
DEFAULT_DRAWS, DEFAULT_SEED = 1_000, 2016
POLL_MS = 1000
JOBS = "icsplan_montecarlo_jobs"  # the app's `JobRegistry` in the Flask server's extensions


def run_job(ctx: AppContext, settings: Settings, progress) -> Uncertainty:
    """The Monte Carlo of the scenario as loaded (the report's plan), reporting `progress`."""
    from icsplan.montecarlo import monte_carlo

    plan = ctx.base_plan
    return monte_carlo(plan.scenario, plan.projection, plan.finance, settings.draws,
                       settings.seed, levels=settings.levels, poisson=settings.poisson,
                       progress=progress)


def default_run(ctx: AppContext) -> Uncertainty:
    """The run the page opens with (computed once per plan, then cached)."""
    from icsplan.app.jobs import Settings

    return ctx.cache.derived(ctx.base_plan, "uncertainty-default", lambda _plan: run_job(
        ctx, Settings(DEFAULT_DRAWS, DEFAULT_SEED), None))


def _cards(unc: Uncertainty, horizon: str) -> html.Div:
    """The report's uncertainty cards: chance the gap closes, its range, net saving, payback."""
    cards = uncertainty_cards(unc.finance, horizon)
    return html.Div(className="cards", children=[
        html.Div(className="card", children=[html.Div(value, className="value"),
                                             html.Div(label, className="label")])
        for value, label in cards])


def result_parts(ctx: AppContext, unc: Uncertainty, what: str) -> list:
    """A run's results as the report shows them, headed by what run it is."""
    plan = ctx.base_plan
    horizon = plan.horizon
    names = labels_for(plan.scenario)
    parts = [html.P(f"{what}: {unc.draws:,} draws from seed {unc.seed}"
                    + (", Poisson activity" if unc.poisson else "") + ".",
                    className="message", id="mc-run"),
             _cards(unc, horizon)]
    if ((unc.finance["metric"] == "bridge_gap_gbp") & (unc.finance["year"] == horizon)).any():
        parts.append(graph(charts.gap_range(unc.finance), "mc-gap"))
    parts.append(small_multiples(
        [charts.money_fan(unc.finance, wrap=30),
         charts.money_fan(unc.finance, "net_saving_gbp", wrap=30)], "mc-money",
        "Net saving, cumulative and by year: the plan (dashed) and the range of the draws."))
    pods = list(dict.fromkeys(unc.activity.loc[unc.activity["level"] == "pod", "pod"]))
    parts.append(small_multiples(
        [charts.pod_fan(unc.activity, pod) for pod in pods], "mc-activity",
        "Planned activity by year, one chart per point of delivery: the plan (dashed) and the "
        "range of its draws (the axes do not start at zero)."))
    parts.append(table(horizon_percentiles(unc.activity, horizon),
                       f"Planned activity in {horizon}: the plan and the percentiles of its "
                       "draws", PERCENTILE_FORMATS, names=names))
    intervals = plan.scenario.intervals
    if len(intervals):
        parts.append(html.Details([
            html.Summary(f"The {len(intervals)} uncertain inputs and their sources"),
            table(intervals, "Intervals (10th and 90th percentiles)",
                  {"p10": ",.2f", "p90": ",.2f"}, names=names)]))
    return parts


def _field(ident: str, label: str, value: int, hint: str) -> html.Div:
    return html.Div(className="field", children=[
        html.Label(label, htmlFor=ident),
        dcc.Input(id=ident, type="number", value=value, step=1, inputMode="numeric"),
        html.Div(hint, id=f"{ident}-hint", className="note"),
        html.Div(id=f"{ident}-problem", className="problem", role="alert")])


def controls(job: Job | None = None) -> html.Section:
    """Draws, seed, level and Poisson; Start and Cancel; the progress of the session's job
    (polled while it runs)."""
    from icsplan.app.jobs import MAX_DRAWS, MAX_SEED, MIN_DRAWS

    return section(
        "Run a Monte Carlo",
        html.P("Draws every uncertain input (the intervals below) as many times as you ask, "
               "in the background: you may leave the page and come back.", className="note"),
        _field("mc-draws", "Number of draws", 5_000,
               f"A whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}."),
        _field("mc-seed", "Seed", DEFAULT_SEED,
               f"A whole number from 0 to {MAX_SEED:,}: the same seed gives the same results."),
        choice("mc-level", "Activity drawn", [
            {"label": "By point of delivery", "value": "pod"},
            {"label": "By point of delivery and CCG (slower)", "value": "ccg"}], "pod"),
        dcc.Checklist(id="mc-poisson", options=[
            {"label": "Poisson activity (counts vary around each draw's expected value)",
             "value": "poisson"}], value=[], labelClassName="option"),
        html.Div(className="actions", children=[
            html.Button("Start the Monte Carlo", id="mc-start"),
            html.Button("Cancel", id="mc-cancel", className="secondary")]),
        html.Div(progress_view(job), id="mc-progress", **{"aria-live": "polite"}),
        html.Div(id="mc-problem", className="problem", role="alert"),
        dcc.Interval(id="mc-poll", interval=POLL_MS,
                     disabled=job is None or job.finished),
        dcc.Store(id="mc-finished"))


def progress_view(job: Job | None) -> list:
    """The job's state in words and, while it runs, a labelled progress bar."""
    if job is None:
        return []
    draws = f"{job.settings.draws:,} draws"
    if job.state == "running":
        percent = round(100 * job.fraction)
        return [html.Label(f"Running {draws}: {percent}% done", htmlFor="mc-bar",
                           className="message"),
                html.Progress(id="mc-bar", value=str(percent), max="100",
                              style={"width": "100%", "maxWidth": "420px",
                                     "display": "block"})]
    words = {"done": f"Finished {draws}: the results below are this run's.",
             "cancelled": f"Cancelled the run of {draws} before it finished; the results "
                          "below are unchanged.",
             "failed": f"The run of {draws} failed: {job.error}"}[job.state]
    return [html.P(words, className="refused" if job.state == "failed" else "message",
                   id="mc-state")]


def layout(ctx: AppContext) -> html.Div:
    """Controls, then the session's last finished run's results (else the default run's);
    a run still going goes on being polled."""
    import flask

    intervals = ctx.scenario.tables.get("intervals")
    if intervals is None or not len(intervals):
        return page(TITLE, section("No uncertain inputs", html.P(
            "This scenario has no intervals (intervals.csv), so there is nothing to draw.")))
    jobs = flask.current_app.extensions.get(JOBS)
    job = jobs.get(flask.session.get("mc_job")) if jobs is not None else None
    form = controls(job)
    shown = (result_parts(ctx, job.result, "Your last run")
             if job is not None and job.result is not None
             else result_parts(ctx, default_run(ctx), "The default run"))
    return page("Uncertainty: how likely is the plan?", form,
                section("Results", html.Div(shown, id="mc-results")))


def _session_key() -> str:
    """This browser session's key for its job (kept in the signed session cookie)."""
    import secrets

    import flask

    key = flask.session.get("mc_job")
    if not key:
        key = flask.session["mc_job"] = secrets.token_urlsafe(16)
    return key


def register(app, ctx: AppContext) -> None:
    """Start, cancel and poll the session's Monte Carlo job."""
    from dash import Input, Output, State, callback_context, no_update

    from icsplan.app.jobs import Job, JobRegistry, check_settings

    jobs = app.server.extensions[JOBS] = JobRegistry()

    @app.callback(Output("mc-progress", "children"), Output("mc-problem", "children"),
                  Output("mc-draws-problem", "children"), Output("mc-seed-problem", "children"),
                  Output("mc-finished", "data"), Output("mc-poll", "disabled"),
                  Input("mc-start", "n_clicks"), Input("mc-cancel", "n_clicks"),
                  Input("mc-poll", "n_intervals"),
                  State("mc-draws", "value"), State("mc-seed", "value"),
                  State("mc-level", "value"), State("mc-poisson", "value"),
                  prevent_initial_call=True)
    def monte_carlo(_start, _cancel, _tick, draws, seed, level, poisson):  # noqa: PLR0913  (Dash passes each input and state)
        # Cheap on purpose: a poll that outlasts the next tick is superseded by it, so the
        # results are drawn by `show` below, once, when this says the run has finished.
        key = _session_key()
        trigger = callback_context.triggered_id
        if trigger == "mc-start":
            settings, problems = check_settings(draws, seed, level, "poisson" in (poisson or []))
            if settings is None:
                return (no_update, problems.get("level", ""), problems.get("draws", ""),
                        problems.get("seed", ""), no_update, True)
            refused = jobs.start(key, Job(settings, lambda s, report: run_job(ctx, s, report)))
            if refused:
                return no_update, refused, "", "", no_update, no_update
            return progress_view(jobs.get(key)), "", "", "", no_update, False
        if trigger == "mc-cancel" and not jobs.cancel(key):
            return (no_update, "No Monte Carlo run is running.", no_update, no_update,
                    no_update, no_update)
        job = jobs.get(key)
        if job is None or not job.finished:
            return progress_view(job), "", no_update, no_update, no_update, job is None
        return progress_view(job), "", no_update, no_update, f"{id(job)}:{job.state}", True

    @app.callback(Output("mc-results", "children"), Input("mc-finished", "data"),
                  prevent_initial_call=True)
    def show(_finished):
        job = jobs.get(_session_key())
        if job is None or job.state != "done" or job.result is None:
            return no_update
        return result_parts(ctx, job.result, "This run")
