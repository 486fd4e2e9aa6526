"""Shared fixtures, and the rule that every test belongs to exactly one test group.

Groups (exactly one marker per test): unit, functional, backtest, spark, e2e.  Orthogonal to
them, `slow` marks the few tests that take most of the time (Spark parity, which starts a
JVM, and the heaviest browser journeys): `make test` runs everything, `make test-fast`
(`pytest -m "not slow"`) leaves them out for a quick loop while editing.

The built-in plan is computed once per test run (`mse_plan`, `mse_plan_quarter`; read-only:
a test that needs a changed plan makes one with `dataclasses.replace`), and so are the two
snapshot runs of `icsplan run` (`mse_run`).  A test that builds its own plan leaves out what
it does not read (`run_plan(..., RunOptions(appraise_options=False))`).

`make test` runs the suite in parallel (pytest-xdist, `-n auto`, `--dist loadgroup` in
pyproject.toml).  Two rules here keep that correct and cheap for every test, present or
future, without marking tests one by one:
- a test that uses a module-, class- or package-scoped fixture, or a session fixture of a
  folder's conftest or of its own module (the app served in a thread, the Spark session),
  runs in the same worker as the rest of its module (`xdist_group`): the fixture is built
  once and the module's tests see it as they would in a serial run;
- the built-in plans and the snapshot runs of `icsplan run` are computed by the first worker
  that needs them and read from disk by the others (`shared_across_workers`)."""

from __future__ import annotations

import copyreg
import fcntl
import importlib.util
import os
import pickle
import shutil
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from icsplan.model import project
from icsplan.scenario import load_scenario
from icsplan.scenario.folder import resolve

pytest_plugins = ["tests.databases",  # db_url, engine, seeded: SQLite and PostgreSQL
                  "pytester"]  # tests/test_conftest.py runs a small pytest of its own

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

    from icsplan.safety.keys import load_key

    old = {name: os.environ.pop(name, None) for name in ("ICSPLAN_ID_KEY",
                                                         "ICSPLAN_ID_KEY_FILE")}

    def make(folder: Path) -> Path:
        load_key(folder / "id.key")  # made now, so every xdist worker reads the same key
        return folder / "id.key"

    path = shared_across_workers(tmp_path_factory, "id-key", make,
                                 lambda folder: folder / "id.key")
    os.environ["ICSPLAN_ID_KEY_FILE"] = str(path)
    yield path
    os.environ.pop("ICSPLAN_ID_KEY_FILE", None)
    os.environ.update({k: v for k, v in old.items() if v is not None})


#: where fixtures shared by the whole run live: the root conftest and tests/databases.py,
#: and the apps served for the browser tests (tests/app/conftest.py).  Their session fixtures
#: are read-only, hand each test its own resource (a fresh database), or, for the served
#: apps, are shared by every module of tests/app in a serial run anyway (no test reads
#: another's state), so their users need not stay together in one worker: each worker serves
#: its own app when it first needs one.  (Keeping them together put the 31 page checks of
#: tests/app/test_pages.py, a third of the browser time, on one worker while the other idled.)
_RUN_WIDE = {"", "tests", "tests/app"}


def worker_group(item: pytest.Item) -> str | None:
    """The xdist group of a test: its module when it uses a fixture that lives longer than one
    test and belongs to its module or folder (built once per module, maybe stateful), else
    none (any worker may run it)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    for name in item.fixturenames:
        defs = info.name2fixturedefs.get(name)
        if not defs or defs[-1].scope == "function":
            continue
        if defs[-1].scope != "session" or defs[-1].baseid not in _RUN_WIDE:
            return item.nodeid.split("::")[0]
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fail collection when a test is in no group or in more than one (docs/architecture.md);
    keep the tests of a module with module-wide fixtures in one xdist worker."""
    bad = []
    for item in items:
        group = worker_group(item)
        if group and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(group))
        mark = item.get_closest_marker("xdist_group")
        if mark and getattr(config.option, "loadgroup", False) and "@" not in item.nodeid:
            # What xdist's own hook does (the scheduler groups by the id's "@group" tail);
            # pytest-xdist 3.8 sets `item._nodeid`, which pytest 9.2 no longer reads.
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(f"{item.nodeid}@{mark.args[0] if mark.args else 'default'}")
        groups = {m.name for m in item.iter_markers()} & GROUPS
        if len(groups) != 1:
            bad.append(f"{item.nodeid}: {sorted(groups) or 'no group marker'}")
    if bad:
        raise pytest.UsageError("each test needs exactly one of the markers "
                                f"{sorted(GROUPS)}:\n  " + "\n  ".join(bad))


def _mapping_proxy(mapping: dict) -> types.MappingProxyType:
    return types.MappingProxyType(mapping)


# A plan holds read-only mappings; pickle them as dicts so a plan can be passed to the other
# workers (tests.conftest is importable: tests/ is a package).
copyreg.pickle(types.MappingProxyType, lambda m: (_mapping_proxy, (dict(m),)))


def shared_across_workers(factory: pytest.TempPathFactory, key: str,
                          make: Callable[[Path], object], load: Callable[[Path], object]):
    """`make(folder)` once per test run, `load(folder)` in every other xdist worker.

    Without xdist it is just `make`.  Under xdist the first worker to ask holds a lock on
    the folder beside all workers' temp dirs while it makes it; the others wait, then load
    what it left (`make` writes everything before `done` is created)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(key))
    folder = factory.getbasetemp().parent / f"shared-{key}"
    folder.mkdir(exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "done").exists():
            return load(folder)
        made = make(folder)
        (folder / "done").touch()
        return made


def shared_value(factory: pytest.TempPathFactory, key: str, compute: Callable[[], object]):
    """`compute()` once per test run, its result pickled for the other xdist workers."""

    def make(folder: Path):
        value = compute()
        if "PYTEST_XDIST_WORKER" in os.environ:
            (folder / "value.pickle").write_bytes(pickle.dumps(value, protocol=5))
        return value

    return shared_across_workers(factory, key, make,
                                 lambda folder: pickle.loads((folder / "value.pickle")
                                                             .read_bytes()))


@pytest.fixture(scope="session")
def mse():
    """The built-in mse-2016 scenario."""
    return load_scenario("mse-2016")


@pytest.fixture(scope="session")
def mse_plan(mse, tmp_path_factory):
    """`run_plan` on mse-2016 at full investment (options appraisal included), shared by the
    whole test run.  Never change it in place."""
    from icsplan.pipeline import run_plan

    return shared_value(tmp_path_factory, "mse_plan", lambda: run_plan(mse))


@pytest.fixture(scope="session")
def mse_plan_quarter(mse, tmp_path_factory):
    """`run_plan` on mse-2016 at a quarter of the planned investment, shared likewise."""
    from icsplan.pipeline import run_plan
    from icsplan.run_options import RunOptions

    return shared_value(tmp_path_factory, "mse_plan_quarter",
                        lambda: run_plan(mse, RunOptions(investment_level=0.25)))


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

    def make(name: str, folder: Path) -> tuple[Path, str]:
        from icsplan.cli import app

        out = folder / "out"
        result = CliRunner().invoke(app, [*update_snapshots.RUNS[name], "--out", str(out)])
        assert result.exit_code == 0, result.output
        (folder / "printed.txt").write_text(result.output)
        return out, result.output

    def get(name: str = "run_mse_2016") -> tuple[Path, str]:
        if name not in runs:
            runs[name] = shared_across_workers(
                tmp_path_factory, name, lambda folder: make(name, folder),
                lambda folder: (folder / "out", (folder / "printed.txt").read_text()))
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
