"""Shared fixtures, and the rule that every test belongs to exactly one test group.

Groups (exactly one marker per test): unit, functional, backtest, spark, e2e.  Orthogonal to
them, `slow` marks the few tests that take most of the time (Spark parity, which starts a
JVM, and the heaviest browser journeys): `make test` runs everything, `make test-fast`
(`pytest -m "not slow"`) leaves them out for a quick loop while editing.

The built-in plan is computed once per test run (`mse_plan`, `mse_plan_quarter`; read-only:
a test that needs a changed plan makes one with `dataclasses.replace`), and so are the two
snapshot runs of `icsplan run` (`mse_run`).  A test that builds its own plan leaves out what
it does not read (`run_plan(..., RunOptions(appraise_options=False))`)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from icsplan.model import project
from icsplan.scenario import load_scenario
from icsplan.scenario.folder import resolve

pytest_plugins = ["tests.databases"]  # db_url, engine, seeded: SQLite and PostgreSQL

GROUPS = {"unit", "functional", "backtest", "spark", "e2e"}

# No timing thresholds in tests (house rule): Hypothesis' default 200 ms deadline per example
# failed property tests on a loaded machine ("DeadlineExceeded", then "Flaky").
settings.register_profile("icsplan", deadline=None)
settings.load_profile("icsplan")


@pytest.fixture(scope="session", autouse=True)
def _id_key_file(tmp_path_factory):
    """Pseudonymised ids need a secret key (`safety.keys`): one throw-away key file per test
    run (inherited by the commands tests start), never the user's own."""
    import os

    path = tmp_path_factory.mktemp("id-key") / "id.key"
    old = {name: os.environ.pop(name, None) for name in ("ICSPLAN_ID_KEY",
                                                         "ICSPLAN_ID_KEY_FILE")}
    os.environ["ICSPLAN_ID_KEY_FILE"] = str(path)
    yield path
    os.environ.pop("ICSPLAN_ID_KEY_FILE", None)
    os.environ.update({k: v for k, v in old.items() if v is not None})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fail collection when a test is in no group or in more than one (docs/architecture.md)."""
    bad = []
    for item in items:
        groups = {m.name for m in item.iter_markers()} & GROUPS
        if len(groups) != 1:
            bad.append(f"{item.nodeid}: {sorted(groups) or 'no group marker'}")
    if bad:
        raise pytest.UsageError("each test needs exactly one of the markers "
                                f"{sorted(GROUPS)}:\n  " + "\n  ".join(bad))


@pytest.fixture(scope="session")
def mse():
    """The built-in mse-2016 scenario."""
    return load_scenario("mse-2016")


@pytest.fixture(scope="session")
def mse_plan(mse):
    """`run_plan` on mse-2016 at full investment (options appraisal included), shared by the
    whole test run.  Never change it in place."""
    from icsplan.pipeline import run_plan

    return run_plan(mse)


@pytest.fixture(scope="session")
def mse_plan_quarter(mse):
    """`run_plan` on mse-2016 at a quarter of the planned investment, shared likewise."""
    from icsplan.pipeline import run_plan
    from icsplan.run_options import RunOptions

    return run_plan(mse, RunOptions(investment_level=0.25))


def _load_update_snapshots():
    spec = importlib.util.spec_from_file_location(
        "update_snapshots", Path(__file__).resolve().parents[1] / "scripts" / "update_snapshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: scripts/update_snapshots.py: RUNS (the snapshot commands by name), stable_manifest
update_snapshots = _load_update_snapshots()


@pytest.fixture(scope="session")
def mse_run(tmp_path_factory):
    """Run one snapshot command on first use, once per test run: name -> (output folder,
    what the command printed).  For tests that only read the outputs."""
    runs: dict[str, tuple[Path, str]] = {}

    def get(name: str = "run_mse_2016") -> tuple[Path, str]:
        if name not in runs:
            from icsplan.cli import app

            out = tmp_path_factory.mktemp(name) / "out"
            result = CliRunner().invoke(app, [*update_snapshots.RUNS[name], "--out", str(out)])
            assert result.exit_code == 0, result.output
            runs[name] = out, result.output
        return runs[name]

    return get


@pytest.fixture(scope="session")
def mse_projection(mse):
    return project(mse)


@pytest.fixture
def scenario_copy(tmp_path: Path) -> Path:
    """A writable copy of the mse-2016 folder, for tests that break it on purpose."""
    dest = tmp_path / "scenario"
    shutil.copytree(resolve("mse-2016"), dest)
    return dest


@pytest.fixture(scope="session")
def scenario(mse):
    """The built-in scenario, under the name the stage modules give their argument."""
    return mse


@pytest.fixture(scope="session")
def projection(mse_projection):
    """The built-in scenario's projection, under the name the stage modules use."""
    return mse_projection


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright: one for the whole run (a second
    sync Playwright in the same process would fail while the first is open)."""
    from tests.app.conftest import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/ensure-chromium.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page; console errors are collected in `page.errors`."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()
