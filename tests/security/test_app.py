"""Issue 17, item 4: logins that mean something, against the real app over HTTP (waitress
on a free port, SQLite and a throw-away PostgreSQL store)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.app.conftest import PASSWORD, log_in, serve_app
from tests.app.test_login import save_request, saved_messages

pytestmark = pytest.mark.e2e
SECRET = "test secret for forging cookies"


@pytest.fixture
def users(tmp_path):
    from icsplan.app.auth import set_user

    path = tmp_path / "users.txt"
    set_user(path, "alice", PASSWORD)
    set_user(path, "bob", PASSWORD)
    return path


@pytest.fixture
def app(tmp_path, users, monkeypatch):
    """The app with a users file, its own server (its own throttle and sessions)."""
    monkeypatch.setenv("ICSPLAN_APP_SECRET", SECRET)
    served = serve_app(tmp_path / "store.db", users)
    yield served
    served.stop()


def _save(session, served, message: str) -> requests.Response:
    return session.post(served.url + "/_dash-update-component", timeout=120,
                        json=save_request(served.url, served.ctx, message))


def test_logout_ends_the_session_on_the_server(app):
    s = requests.Session()
    assert log_in(s, app.url, "alice", PASSWORD).status_code == 200
    old = dict(s.cookies)
    assert _save(s, app, "before logout").status_code == 200
    s.get(app.url + "/logout", timeout=60)
    replay = requests.Session()
    replay.cookies.update(old)  # the cookie an attacker kept
    assert _save(replay, app, "after logout").status_code == 403
    assert "after logout" not in saved_messages(app.ctx)


def test_a_user_removed_from_the_file_cannot_write(app, users):
    s = requests.Session()
    log_in(s, app.url, "bob", PASSWORD)
    users.write_text("\n".join(x for x in users.read_text().splitlines()
                               if not x.startswith("bob:")) + "\n")
    assert _save(s, app, "by removed bob").status_code == 403
    assert "by removed bob" not in saved_messages(app.ctx)


def test_a_signed_cookie_for_a_user_not_in_the_file_cannot_write(app):
    from flask.sessions import SecureCookieSessionInterface

    server = app.ctx  # noqa: F841  (the app's secret is SECRET)
    import flask

    forger = flask.Flask("forger")
    forger.secret_key = SECRET
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    for payload in ({"user": "mallory"}, {"user": "alice"},
                    {"user": "alice", "sid": "guessed"}):
        s = requests.Session()
        s.cookies.set("session", serializer.dumps(payload))
        assert _save(s, app, f"forged {payload}").status_code == 403
    assert not [m for m in saved_messages(app.ctx) if m.startswith("forged")]


@pytest.mark.parametrize("idle,absolute", [(0.05, 100.0), (100.0, 0.05)])
def test_sessions_expire_when_idle_and_after_an_absolute_time(idle, absolute):
    from icsplan.app.security import Sessions

    sessions = Sessions(idle=idle, absolute=absolute)
    sid = sessions.create("alice")
    assert sessions.user(sid) == "alice"
    time.sleep(0.1)
    assert sessions.user(sid) is None


def test_login_is_throttled_per_user_and_per_address(app):
    for _ in range(5):
        assert log_in(requests.Session(), app.url, "alice", "wrong guess").status_code == 401
    blocked = log_in(requests.Session(), app.url, "alice", PASSWORD)
    assert blocked.status_code == 429 and "Too many failed logins" in blocked.text


def test_throttle_keys_are_separate():
    from icsplan.app.security import Throttle

    t = Throttle(limit=2, window=60)
    t.fail("user:alice", "addr:1")
    t.fail("user:alice", "addr:2")
    assert t.blocked("user:alice") and not t.blocked("addr:1") and not t.blocked("user:bob")


def test_unknown_and_known_users_cost_the_same_work(app, monkeypatch):
    from argon2 import PasswordHasher

    calls = []
    real = PasswordHasher.verify

    def counted(self, hash, password):  # noqa: A002
        calls.append(1)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    log_in(requests.Session(), app.url, "alice", "wrong guess")
    known = len(calls)
    log_in(requests.Session(), app.url, "nobody-here", "wrong guess")
    assert known == 1 and len(calls) - known == 1


def test_login_without_its_csrf_token_is_refused(app):
    bad = requests.post(app.url + "/login", timeout=60,
                        data={"username": "alice", "password": PASSWORD})
    assert bad.status_code == 400 and "log in again" in bad.text


def test_callback_posts_from_another_site_or_as_a_form_are_refused(app):
    s = requests.Session()
    log_in(s, app.url, "alice", PASSWORD)
    url = app.url + "/_dash-update-component"
    foreign = s.post(url, json=save_request(app.url, app.ctx, "csrf json"), timeout=60,
                     headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    form = s.post(url, data={"output": "save-status.children"}, timeout=60)
    assert form.status_code == 403
    assert "csrf json" not in saved_messages(app.ctx)


def test_security_headers_are_sent(app):
    for path in ("/", "/login"):
        h = requests.get(app.url + path, timeout=60).headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
        assert "unsafe-inline" not in h["Content-Security-Policy"].split("script-src")[1].split(
            ";")[0]
        assert h["X-Frame-Options"] == "DENY" and h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "same-origin"


def test_assets_serves_no_source_code(app):
    for path in ("/assets/auth.py", "/assets/pages/scenarios.py", "/assets/server.py",
                 "/assets/__init__.py"):
        r = requests.get(app.url + path, timeout=60)
        assert r.status_code == 404 and "import" not in r.text, path


def test_the_app_still_works_in_chromium_under_its_csp(app, page):
    from tests.app.conftest import wait_ready

    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(app.url + "/whatif")
    wait_ready(page)
    assert page.locator("#content h1").first.inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert page.errors == []


@pytest.fixture
def open_app(db_url, tmp_path):
    """The app without login on SQLite or PostgreSQL, 16 server threads."""
    from icsplan.cli.app import build_context
    from tests.app.conftest import run_server

    served = run_server(build_context("mse-2016", db_url, None, None), threads=16)
    yield served
    served.stop()


def test_over_long_or_garbled_version_fields_are_refused_server_side(open_app):
    big = "x" * 5_000_000
    r = _save(requests.Session(), open_app, big)
    assert r.status_code == 200 and "Nothing was saved" in r.text and "5,000,000" in r.text
    request = save_request(open_app.url, open_app.ctx, "long author")
    request["state"][0]["value"] = "a" * 500
    r = requests.post(open_app.url + "/_dash-update-component", json=request, timeout=120)
    assert r.status_code == 200 and "Nothing was saved" in r.text
    assert "long author" not in saved_messages(open_app.ctx)
    assert big not in saved_messages(open_app.ctx)


def test_sixteen_simultaneous_saves_are_all_kept(open_app):
    def one(i: int) -> int:
        return _save(requests.Session(), open_app, f"concurrent {i}").status_code

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(one, range(16)))
    assert codes == [200] * 16
    kept = [m for m in saved_messages(open_app.ctx) if m.startswith("concurrent")]
    assert sorted(kept) == sorted(f"concurrent {i}" for i in range(16))


def test_sixteen_simultaneous_store_saves_are_all_kept(engine):
    from icsplan.register import list_versions, transaction
    from icsplan.register.versions import save_as_new_version
    from icsplan.scenario import load_scenario

    s = load_scenario("mse-2016")

    def one(i: int) -> None:
        with transaction(engine, f"u{i}") as session:
            save_as_new_version(session, s, f"u{i}", f"store {i}")

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(16)))
    with transaction(engine, "reader") as session:
        kept = [v.message for v in list_versions(session, "mse-2016")]
    assert sorted(kept) == sorted(f"store {i}" for i in range(16))
