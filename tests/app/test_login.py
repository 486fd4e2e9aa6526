"""Login for writes: with a users file, a save without a login is refused by the server
(the callback endpoint called directly), and a logged-in user saves."""

from __future__ import annotations

import pytest
import requests

from icsplan.app.levers import base_levers
from tests.app.conftest import PASSWORD, log_in, wait_ready

pytestmark = pytest.mark.e2e


def save_request(url: str, ctx, message: str) -> dict:
    """The request Dash's page sends when "Save as a new version" is clicked (the outputs as
    the app's dependency list names them)."""
    deps = requests.get(url + "/_dash-dependencies", timeout=60).json()
    dep = next(d for d in deps if d["output"].startswith("..save-status.children"))
    lv = base_levers(ctx.scenario)

    def matching(kind, values):
        return [{"id": {"type": kind, "key": k}, "property": "value", "value": v}
                for k, v in values.items()]

    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in dep["output"].strip(".").split("...")]
    return {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{"id": "save-new", "property": "n_clicks", "value": 1},
                   {"id": "save-update", "property": "n_clicks", "value": 0},
                   {"id": "save-branch", "property": "n_clicks", "value": 0}],
        "changedPropIds": ["save-new.n_clicks"],
        "state": [{"id": "save-author", "property": "value", "value": "mallory"},
                  {"id": "save-message", "property": "value", "value": message},
                  {"id": "branch-name", "property": "value", "value": ""},
                  {"id": "whatif-opened", "property": "data", "value": None},
                  matching("growth", lv.growth_pct), matching("achieved", lv.achieved_pct),
                  matching("delay", lv.delay_years),
                  {"id": "lever-investment", "property": "value", "value": 100}]}


def saved_messages(ctx) -> list[str]:
    from icsplan.register import list_versions

    with ctx.transaction("reader") as session:
        return [v.message for v in list_versions(session, "mse-2016")]


def test_a_write_without_login_is_refused_by_the_server(served_login):
    url = served_login.url + "/_dash-update-component"
    sneaky = save_request(served_login.url, served_login.ctx, "sneaky")
    refused = requests.post(url, json=sneaky, timeout=60)
    assert refused.status_code == 403
    assert "Log in" in refused.json()["error"]
    assert "sneaky" not in saved_messages(served_login.ctx)
    # the same request from a logged-in session is carried out
    session = requests.Session()
    login = log_in(session, served_login.url, "alice", PASSWORD)
    assert login.status_code == 200 and "/whatif" in login.url
    by_alice = save_request(served_login.url, served_login.ctx, "by alice")
    done = session.post(url, json=by_alice, timeout=60)
    assert done.status_code == 200, done.text
    assert "by alice" in saved_messages(served_login.ctx)


def test_a_wrong_password_is_refused(served_login):
    bad = log_in(requests.Session(), served_login.url, "alice", "wrong")
    assert bad.status_code == 401
    assert "do not match" in bad.text


def test_the_page_asks_for_a_login_then_saves(served_login, page):
    page.goto(served_login.url + "/whatif")
    wait_ready(page)
    assert page.locator("#save-login").is_visible()
    assert page.locator("#save-new").count() == 0
    page.click("text=log in to save versions")
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    wait_ready(page)
    page.fill("#save-message", "saved after logging in")
    page.click("#save-new")
    page.wait_for_function("() => /Saved/.test(document.querySelector('#save-status')"
                           ".innerText)")
    assert "by alice" in page.locator("#save-status").inner_text()
    assert page.errors == []
