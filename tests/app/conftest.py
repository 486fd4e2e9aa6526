"""Fixtures for the app's tests: a real app served by waitress on a free loopback port (in a
thread), and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
#: where the browser tests write a screenshot of each page (gitignored)
SHOTS = Path(os.environ.get("ICSPLAN_SHOTS", Path(__file__).parents[2] / "test-output" / "shots"
                            / "app"))
PASSWORD = "correct horse battery staple"
#: NHS England's A&E file (real data), beside the project
ACTUALS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ae_attendances.csv"


@dataclass
class Served:
    """A running app: its base URL, its context, the waitress server and its thread."""

    url: str
    ctx: object
    server: object
    thread: threading.Thread | None = None

    def stop(self) -> None:
        """Stop the server: its own loop closes its sockets (woken by its trigger), so the loop
        never selects on a socket closed under it (EBADF in the server's thread); then its
        task threads end."""
        from waitress import wasyncore

        self.server.trigger.pull_trigger(
            lambda: wasyncore.close_all(self.server._map, ignore_all=True))
        if self.thread is not None:
            self.thread.join(timeout=30)
        self.server.task_dispatcher.shutdown()


def run_server(ctx, threads: int = 4) -> Served:
    """Serve the app of `ctx` on a free loopback port, in a thread."""
    from icsplan.app.server import create_app, wsgi_server

    server = wsgi_server(create_app(ctx), "127.0.0.1", 0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True, name="waitress")
    thread.start()
    return Served(f"http://127.0.0.1:{server.effective_port}", ctx, server, thread)


def serve_app(db: Path, users: Path | None = None, seed: bool = False,
              scenario: str = "mse-2016", actuals: Path | None = None) -> Served:
    """Build the app on `scenario` with a SQLite store at `db` (the register loaded with the
    scenario's seed when `seed`; delivery actuals when given) and serve it in a thread."""
    from icsplan.cli.app import build_context

    ctx = build_context(scenario, str(db), users, None, actuals)
    if seed:
        from icsplan.register.transfer import load_seed

        with ctx.transaction(f"seed:{scenario}") as session:
            load_seed(session, scenario)
    return run_server(ctx)


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    """The app without login (anyone may save)."""
    s = serve_app(tmp_path_factory.mktemp("store") / "store.db", seed=True)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def served_2019(tmp_path_factory) -> Served:
    """The app on mse-2019 (no activity model), its register loaded from its seed."""
    s = serve_app(tmp_path_factory.mktemp("store") / "store.db", seed=True,
                  scenario="mse-2019")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def served_actuals(tmp_path_factory) -> Served:
    """The app on mse-2016 with the real A&E actuals (skipped without ../shared/data)."""
    if not ACTUALS.is_file():
        pytest.skip("needs ../shared/data beside the project")
    s = serve_app(tmp_path_factory.mktemp("store") / "store.db", actuals=ACTUALS)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def users_file(tmp_path_factory) -> Path:
    """A users file with alice (password PASSWORD), hashed with Argon2."""
    from icsplan.app.auth import set_user

    path = tmp_path_factory.mktemp("users") / "users.txt"
    set_user(path, "alice", PASSWORD)
    return path


@pytest.fixture(scope="session")
def served_login(tmp_path_factory, users_file) -> Served:
    """The app with --users: saving needs a login."""
    s = serve_app(tmp_path_factory.mktemp("store") / "store.db", users_file)
    yield s
    s.stop()


#: Dash's own state says the page is settled: the layout is in, no callback is requested,
#: waiting or running (`isLoading` counts every pending callback, chained ones included, as
#: Dash's renderer keeps it), and every chart on screen has been drawn by Plotly (which it does
#: after its callback, lazily).  Before this the tests waited for "network idle" (Playwright's
#: fixed 500 ms without a request), 0.3-0.5 s of every page load in the suite.
SETTLED = """() => {
  const state = window.store && window.store.getState();
  if (!state || state.appLifecycle !== 'HYDRATED' || state.isLoading) return false;
  if (document.querySelector('[data-dash-is-loading]')) return false;
  return [...document.querySelectorAll('.dash-graph')].every(
      g => g.getClientRects().length === 0 || g.querySelector('.main-svg'));
}"""


@pytest.fixture
def register_ctx(db_url):
    """An app context on mse-2016 with its own register (SQLite or PostgreSQL, `db_url`)
    loaded from the scenario's seed, for tests that edit the register through the app."""
    from icsplan.app.context import AppContext
    from icsplan.register import make_engine, upgrade
    from icsplan.register.transfer import load_seed
    from icsplan.scenario import load_scenario

    engine = make_engine(db_url)
    upgrade(engine)
    context = AppContext(scenario=load_scenario("mse-2016"), engine=engine)
    with context.transaction("seed:mse-2016") as session:
        load_seed(session, "mse-2016")
    yield context
    engine.dispose()


def wait_ready(pg) -> None:
    """Wait until Dash has rendered the page, no callback is pending and its charts are
    drawn."""
    pg.wait_for_selector("#content h1", timeout=30_000)
    pg.wait_for_function(SETTLED, timeout=30_000)


def log_in(session, url: str, name: str, password: str):
    """Log in through the form as a browser does: fetch it (its CSRF token), then post it."""
    import re

    form = session.get(url + "/login", timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    return session.post(url + "/login", timeout=60,
                        data={"username": name, "password": password,
                              "csrf": token.group(1) if token else ""})
