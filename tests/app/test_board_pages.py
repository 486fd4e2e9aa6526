"""What the board pack shows, in the app, in a real browser: the options re-ranked as a weight
changes, a Monte Carlo run in the background with progress (and cancelled), and Delivery's
Making Data Count summary with trusts by name, narrowed by its filters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.app.conftest import SHOTS, Served, run_server, wait_ready

pytestmark = pytest.mark.e2e
ACTUALS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ae_attendances.csv"
TRUST_CODES = ("RDD", "RQ8", "RAJ", "ENG")


@pytest.fixture(scope="module")
def served_actuals(tmp_path_factory) -> Served:
    """The app started with --actuals (the real A&E data beside the project)."""
    if not ACTUALS.is_file():
        pytest.skip("needs ../shared/data/ae_attendances.csv beside the project")
    from icsplan.cli.app import build_context

    ctx = build_context("mse-2016", str(tmp_path_factory.mktemp("store") / "store.db"), None,
                        None, ACTUALS)
    s = run_server(ctx)
    yield s
    s.stop()


def rank_order(page) -> list[str]:
    return page.locator("#rank-table tbody tr td:first-child").all_inner_texts()


def set_weight(page, criterion: str, value: str) -> None:
    field = page.locator(f"#weight-{criterion}")
    field.fill(value)
    field.press("Enter")  # the inputs are debounced: Enter (or leaving the field) applies


def test_changing_a_weight_reranks_the_options(served, page):
    page.goto(served.url + "/appraisal")
    wait_ready(page)
    stated = rank_order(page)
    assert len(stated) == 5
    criteria = list(served.ctx.scenario.criteria["criterion"])
    for code in criteria:
        set_weight(page, code, "100" if code == "value_for_money" else "0")
    # every weight applied (the ranks may change after the first one already)
    expect(page.locator("#appraisal-scores")).to_contain_text("(100%)", timeout=30_000)
    page.wait_for_function(
        "(first) => document.querySelector('#rank-table tbody td').innerText !== first",
        arg=stated[0], timeout=30_000)
    wait_ready(page)
    moved = rank_order(page)
    assert moved[0] != stated[0]
    assert sorted(moved) == sorted(stated)
    assert "(100%)" in page.locator("#appraisal-scores").inner_text()
    set_weight(page, criteria[0], "-5")
    problem = page.locator(f"#weight-{criteria[0]}-problem")
    problem.wait_for(state="visible", timeout=30_000)
    assert problem.inner_text().endswith("must be a number of 0 or more; got '-5'.")
    assert rank_order(page) == moved  # an invalid weight changes nothing
    page.get_by_role("button", name="Reset to the stated weights").click()
    page.wait_for_function("() => !document.querySelector('.problem[role=alert]:not(:empty)')",
                           timeout=30_000)
    page.wait_for_function(
        "(first) => document.querySelector('#rank-table tbody td').innerText === first",
        arg=stated[0], timeout=30_000)
    assert rank_order(page) == stated
    page.screenshot(path=str(SHOTS / "appraisal-reweighted.png"), full_page=True)
    assert page.errors == []


def start_run(page, draws: str, seed: str, by_ccg: bool = True) -> None:
    page.locator("#mc-draws").fill(draws)
    page.locator("#mc-seed").fill(seed)
    if by_ccg:
        page.get_by_label("By point of delivery and CCG (slower)").check()
        page.get_by_label(re.compile("^Poisson activity")).check()
    page.get_by_role("button", name="Start the Monte Carlo").click()


@pytest.mark.slow  # one of the heaviest browser journeys: left out by `make test-fast`
def test_a_monte_carlo_started_in_the_app_shows_progress_then_its_result(served, page):
    page.goto(served.url + "/uncertainty")
    wait_ready(page)
    assert page.locator("#mc-run").inner_text().startswith("The default run: 1,000 draws")
    start_run(page, "20000", "7")
    running = page.wait_for_function(  # the bar and its label, read at one moment
        "() => { const bar = document.querySelector('#mc-bar');"
        " return bar && [bar.labels[0].innerText, bar.value, bar.max]; }", timeout=30_000)
    label, value, most = running.json_value()
    assert re.fullmatch(r"Running 20,000 draws: (\d+)% done", label)
    assert 0 <= value <= most == 100
    state = page.locator("#mc-state")
    state.wait_for(timeout=120_000)
    assert state.inner_text() == "Finished 20,000 draws: the results below are this run's."
    page.wait_for_function("() => document.querySelector('#mc-run').innerText"
                           ".startsWith('This run')", timeout=60_000)  # drawn once, after
    wait_ready(page)
    assert page.locator("#mc-run").inner_text() == ("This run: 20,000 draws from seed 7, "
                                                    "Poisson activity.")
    assert page.locator("#mc-money-0 .main-svg").count() >= 1
    page.screenshot(path=str(SHOTS / "uncertainty-run.png"), full_page=True)
    page.reload()  # the session's last run is what the page shows when it comes back
    wait_ready(page)
    assert page.locator("#mc-run").inner_text().startswith("Your last run: 20,000 draws")
    assert page.errors == []


@pytest.mark.slow
def test_a_monte_carlo_can_be_cancelled(served, page):
    page.goto(served.url + "/uncertainty")
    wait_ready(page)
    start_run(page, "20000", "8")
    page.locator("#mc-bar").wait_for(timeout=30_000)
    page.get_by_role("button", name="Cancel").click()
    state = page.locator("#mc-state")
    state.wait_for(timeout=60_000)
    assert state.inner_text().startswith("Cancelled the run of 20,000 draws")
    assert page.locator("#mc-run").inner_text().startswith("The default run")
    assert page.errors == []


def test_bad_draws_and_seed_are_plain_problems_beside_them(served, page):
    page.goto(served.url + "/uncertainty")
    wait_ready(page)
    start_run(page, "5", "-1", by_ccg=False)
    page.locator("#mc-draws-problem").wait_for(state="visible", timeout=30_000)
    assert page.locator("#mc-draws-problem").inner_text() == (
        "The number of draws must be a whole number from 100 to 20,000; got '5'.")
    assert page.locator("#mc-seed-problem").inner_text().endswith("got '-1'.")
    assert page.locator("#mc-bar").count() == 0


def kpi_rows(page) -> int:
    return page.locator("#kpi-table tbody tr").count()


def test_delivery_filters_narrow_the_summary_the_charts_and_plan_against_actual(
        served_actuals, page):
    page.goto(served_actuals.url + "/delivery")
    wait_ready(page)
    summary = served_actuals.ctx.base_plan.delivery.kpi_summary
    assert kpi_rows(page) == len(summary)
    text = page.locator("#content").inner_text()
    for code in TRUST_CODES:
        assert not re.search(rf"\b{code}\b", text), code
    for name in summary["org_name"].unique():
        assert name in text
    icons = page.locator("#kpi-table img")
    assert icons.count() == 2 * len(summary)
    assert all(icons.nth(k).get_attribute("alt") for k in range(icons.count()))
    mid = summary.loc[summary["org"] == "RQ8", "org_name"].iloc[0]
    page.get_by_role("radio", name=mid, exact=True).check()
    page.wait_for_function(f"() => document.querySelectorAll('#kpi-table tbody tr').length "
                           f"=== {int((summary['org'] == 'RQ8').sum())}", timeout=30_000)
    wait_ready(page)
    assert set(page.locator("#kpi-table tbody tr td:nth-child(2)").all_inner_texts()) == {mid}
    assert page.locator("#delivery-kpi .js-plotly-plot").count() == int(
        (summary["org"] == "RQ8").sum())
    page.get_by_role("radio", name="A&E 4-hour performance (all types)", exact=True).check()
    page.wait_for_function("() => document.querySelectorAll('#kpi-table tbody tr').length === 1",
                           timeout=30_000)
    page.locator("#versus-none").wait_for(timeout=30_000)
    page.get_by_role("radio", name="A&E attendances", exact=True).check()
    page.locator("#delivery-none").wait_for(timeout=30_000)
    page.locator("#versus-table").wait_for(timeout=30_000)
    years = page.locator("#versus-table tbody tr").count()
    pva = served_actuals.ctx.base_plan.delivery.plan_vs_actual
    assert years == int((pva["measure"] == "ae_attendances").sum())
    assert "Mid Essex" in page.locator("#versus-table").inner_text()
    assert page.errors == []


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_delivery_with_actuals_fits_the_screen_and_is_accessible(served_actuals, browser,
                                                                 width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(served_actuals.url + "/delivery")
    wait_ready(pg)
    scroll = pg.evaluate("document.documentElement.scrollWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"delivery-actuals-{width}.png"), full_page=True)
    results = Axe().run(pg, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]})
    violations = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                  for v in results.response["violations"]]
    context.close()
    assert scroll <= width
    assert violations == []
