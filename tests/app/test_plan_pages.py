"""The Forecast, Waiting lists and Programmes pages' data, and which pages a plan without an
activity model (mse-2019) shows: the figures are the model's own (the board pack's), computed
the way `run_plan` and `icsplan waiting-list plan` compute them."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.functional
ACTUALS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ae_attendances.csv"
needs_actuals = pytest.mark.skipif(not ACTUALS.is_file(),
                                   reason="needs ../shared/data beside the project")


@pytest.fixture(scope="module")
def ctx_2016():
    from icsplan.app.context import AppContext
    from icsplan.scenario import load_scenario

    return AppContext(scenario=load_scenario("mse-2016"))


@pytest.fixture(scope="module")
def ctx_actuals():
    from icsplan.app.context import AppContext
    from icsplan.delivery.actuals import read_actuals
    from icsplan.scenario import load_scenario

    scenario = load_scenario("mse-2016")
    return AppContext(scenario=scenario,
                      actuals=read_actuals(ACTUALS, scenario.table("kpi_measures")))


@pytest.fixture(scope="module")
def ctx_2019(tmp_path_factory):
    from icsplan.app.context import AppContext
    from icsplan.register import make_engine, upgrade
    from icsplan.scenario import load_scenario

    engine = make_engine(str(tmp_path_factory.mktemp("store") / "store.db"))
    upgrade(engine)
    return AppContext(scenario=load_scenario("mse-2019"), engine=engine)


# --- which pages apply -------------------------------------------------------------------


def test_a_plan_without_an_activity_model_shows_only_its_pages(ctx_2019, ctx_2016):
    from icsplan.app.applies import home, not_applicable, usable_pages
    from icsplan.app.server import pages

    every = pages()
    names = [m.NAME for m in usable_pages(every, ctx_2019)]
    assert "programmes" in names and "delivery" in names and "reconciliation" in names
    for gone in ("overview", "activity", "whatif", "finance", "population", "forecast",
                 "waiting_list"):
        assert gone not in names
    assert home(every, ctx_2019).NAME == "programmes"
    # mse-2016 has activity and programmes? it has no programmes table: that page goes
    names_2016 = [m.NAME for m in usable_pages(every, ctx_2016)]
    assert names_2016[0] == "overview" and "forecast" in names_2016
    assert ("programmes" in names_2016) == ("programmes" in ctx_2016.scenario.tables)
    activity = next(m for m in every if m.NAME == "activity")
    assert "without an activity model" in str(not_applicable(activity, ctx_2019))


# --- forecast ------------------------------------------------------------------------------


def test_without_actuals_the_forecast_page_says_how_to_get_one(ctx_2016):
    from icsplan.app.pages import forecast

    assert forecast.forecast_for(ctx_2016) is None
    text = str(forecast.layout(ctx_2016))
    assert "--actuals" in text and "Traceback" not in text


@needs_actuals
def test_the_forecast_page_shows_the_board_packs_figures(ctx_actuals):
    from icsplan.app.pages import forecast

    pack = ctx_actuals.base_plan.forecast  # what `icsplan run --actuals` reports
    shown = forecast.forecast_for(ctx_actuals)
    assert shown.draws == forecast.DRAWS and shown.recover_by == ctx_actuals.base_plan.horizon
    # the principal figures do not depend on the draws: the same as the board pack's
    for col in ("bridge_gap_gbp", "net_saving_gbp", "cumulative_net_gbp", "payback_year"):
        assert list(shown.headline[col]) == list(pack.headline[col])
    odds = shown.headline.set_index("assumption")["gap_closes_probability"]
    assert odds.drop("plan").between(0, 1).all()
    assert shown.backtest_summary.equals(pack.backtest_summary)
    table = forecast.delivery_to_date(shown)
    assert "system" not in set(table["org"]) and "whole system" in set(table["org"])
    assert table["share_achieved"].equals(pack.achieved.by_pod["share_achieved"])


@needs_actuals
def test_the_recovery_year_moves_only_the_recovery_assumption(ctx_actuals):
    from icsplan.app.pages import forecast

    years = forecast.recovery_years(ctx_actuals)
    measured = max(ctx_actuals.base_plan.forecast.achieved.by_pod["year"])
    assert years and all(y > measured for y in years)
    early = forecast.forecast_for(ctx_actuals, years[0]).headline.set_index("assumption")
    late = forecast.forecast_for(ctx_actuals, years[-1]).headline.set_index("assumption")
    assert years[0] != years[-1]
    for same in ("plan", "continues", "as_planned"):
        assert early.loc[same, "cumulative_net_gbp"] == late.loc[same, "cumulative_net_gbp"]
    # recovering earlier saves more over the plan (at the horizon both have recovered)
    assert early.loc["recovers", "cumulative_net_gbp"] > late.loc["recovers",
                                                                  "cumulative_net_gbp"]
    assert forecast.forecast_for(ctx_actuals, years[0]) is forecast.forecast_for(
        ctx_actuals, years[0])  # cached: a second visit costs nothing


# --- waiting lists -------------------------------------------------------------------------


@pytest.mark.parametrize(("growth", "extra", "bad"), [
    ("", 0, set()), (None, 500, set()), (3, -100, set()), ("x", 0, {"growth"}),
    (75, 0, {"growth"}), (2, None, {"extra"}), (2, "many", {"extra"}),
    (2, -30000, {"extra"}), (-60, "", {"growth", "extra"})])
def test_each_bad_lever_is_one_plain_problem(growth, extra, bad):
    from icsplan.app.pages.waiting_list import lever_problems

    problems = lever_problems(growth, extra, 25_000.0)
    assert set(problems) == bad
    for text in problems.values():
        assert text.endswith(".") and "Traceback" not in text


def test_the_waiting_list_under_the_plan_is_the_cli_s(ctx_2016):
    from icsplan.app.pages import waiting_list as wl
    from icsplan.waiting_list.plan_link import Settings, plan_waiting_list
    from icsplan.waiting_list.seeds import seeded_system

    plan = ctx_2016.base_plan
    cli = plan_waiting_list(seeded_system(), plan.activity.summary, ctx_2016.scenario.unit_costs,
                            float(plan.finance.bridge["cumulative_gbp"].iloc[-1]),
                            plan.horizon, Settings(target_month=wl.TARGET_MONTH,
                                                   zero_52_month=wl.ZERO_52_MONTH, draws=1),
                            spc_points=False)
    shown = wl.waiting_list_for(ctx_2016)
    assert shown.projection.equals(cli.projection)
    assert list(shown.answers["value"]) == list(cli.answers["value"])


def test_more_capacity_shortens_waits_and_more_referrals_lengthen_them(ctx_2016):
    from icsplan.app.pages import waiting_list as wl

    plan = wl.waiting_list_for(ctx_2016).projection.iloc[-1]
    more = wl.waiting_list_for(ctx_2016, wl.Levers(None, 300.0)).projection.iloc[-1]
    busier = wl.waiting_list_for(ctx_2016, wl.Levers(0.10, 0.0)).projection.iloc[-1]
    assert more["waiting_list"] < plan["waiting_list"] < busier["waiting_list"]
    assert more["share_within_18_weeks"] >= plan["share_within_18_weeks"]
    assert more["p92_wait_weeks"] <= plan["p92_wait_weeks"] <= busier["p92_wait_weeks"]
    both = wl.side_by_side(wl.waiting_list_for(ctx_2016),
                           wl.waiting_list_for(ctx_2016, wl.Levers(None, 300.0)))
    assert both["waiting_list_levers"].iloc[-1] == more["waiting_list"]
    assert both["waiting_list_plan"].iloc[-1] == plan["waiting_list"]
    answers = wl.answers_side_by_side(wl.waiting_list_for(ctx_2016),
                                      wl.waiting_list_for(ctx_2016, wl.Levers(0.10, 0.0)))
    # faster-growing referrals need more capacity for the standard
    needed = answers[answers["question"].str.startswith("Capacity needed")].iloc[0]
    assert needed["with_the_levers"] > needed["the_plan"]


def test_an_emptied_list_reads_as_no_one_waiting(ctx_2016):
    from icsplan.app.pages import waiting_list as wl

    text = str(wl.results(ctx_2016, wl.Levers(None, 2000.0)))
    assert "no one waiting" in text and "nan%" not in text and "nan weeks" not in text


def test_the_waiting_list_page_explains_a_plan_the_seeds_do_not_describe(ctx_2019):
    from icsplan.app.pages import waiting_list as wl

    assert not wl.seeded(ctx_2019)
    assert "--rtt" in str(wl.layout(ctx_2019))


# --- programmes ----------------------------------------------------------------------------


def test_the_portfolio_reads_the_seed_then_the_register(ctx_2019):
    from icsplan.app.pages import programmes
    from icsplan.programmes.portfolio import portfolio
    from icsplan.register.summary import programme_milestones
    from icsplan.register.transfer import load_seed

    p, source = programmes.portfolio_for(ctx_2019)
    assert p is ctx_2019.base_plan.programmes and "seed" in source
    with ctx_2019.transaction("seed:mse-2019") as session:
        load_seed(session, "mse-2019")
    p, source = programmes.portfolio_for(ctx_2019)
    assert source == "the register"
    with ctx_2019.transaction("reader") as session:
        expected = portfolio(ctx_2019.scenario, None, programme_milestones(session))
    assert list(p.programmes["rag"]) == list(expected.programmes["rag"])
    text = str(programmes.layout(ctx_2019))
    assert p.rule in text
    for name in p.programmes["name"]:
        assert name in text


def test_one_programme_shows_its_money_milestones_risks_and_kpis(ctx_2019):
    from icsplan.app.pages import programmes

    p, _ = programmes.portfolio_for(ctx_2019)
    assert programmes.chosen(p, "?programme=nonsense") is None
    assert programmes.chosen(p, None) is None
    row = p.programmes.sort_values("kpis").iloc[-1]
    assert programmes.chosen(p, f"?programme={row['programme']}") == row["programme"]
    text = str(programmes.programme_detail(ctx_2019, p, row["programme"]))
    assert row["name"] in text and "programme-kpis" in text
    due = p.milestones[(p.milestones["programme"] == row["programme"])
                       & p.milestones["due_this_quarter"]]
    for name in due["milestone"]:
        assert name in text
    for kpi in p.kpis[p.kpis["programme"] == row["programme"]]["name"]:
        assert kpi in text


def test_the_waiting_list_s_sentences_name_pods_as_the_label_map_does():
    from icsplan.app.pages.waiting_list import in_words
    from icsplan.report.style import pod_label

    said = in_words("growing as the plan's planned elective and daycase activity; the rest "
                    "2 outpatient attendances")
    assert said == (f"growing as the plan's planned {pod_label('elective')} and "
                    f"{pod_label('daycase')}; the rest 2 {pod_label('outpatient')}")
