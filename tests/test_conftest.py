"""The parallel run's rules (tests/conftest.py): which tests stay in one worker, and what the
workers share."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import shared_across_workers, shared_value, worker_group

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def module_wide():
    return object()


def test_a_test_with_a_module_fixture_stays_with_its_module(request, module_wide):
    assert worker_group(request.node) == "tests/test_conftest.py"


def test_a_test_with_only_run_wide_fixtures_may_run_in_any_worker(request, mse, tmp_path):
    assert worker_group(request.node) is None


def test_a_folder_session_fixture_keeps_its_module_together(pytester):
    folder = pytester.mkpydir("area")
    (folder / "conftest.py").write_text("""
import pytest

@pytest.fixture(scope="session")
def server():
    return 1
""")
    (folder / "test_one.py").write_text("""
from tests.conftest import worker_group

def test_uses_it(request, server):
    assert worker_group(request.node) == "area/test_one.py"

def test_does_not(request, tmp_path):
    assert worker_group(request.node) is None
""")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-o", "addopts=")
    result.assert_outcomes(passed=2)


def test_workers_make_a_shared_value_once_and_load_it_after(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    key, made = f"test-{uuid.uuid4().hex}", []

    def compute():
        made.append(1)
        return {"plan": [1, 2, 3]}

    first = shared_value(tmp_path_factory, key, compute)
    second = shared_value(tmp_path_factory, key, compute)  # as another worker would
    assert first == second == {"plan": [1, 2, 3]} and first is not second
    assert made == [1]


def test_without_workers_each_call_makes_its_own(tmp_path_factory, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    made = []
    for _ in range(2):
        shared_across_workers(tmp_path_factory, "alone", lambda folder: made.append(folder),
                              lambda folder: None)
    assert len(made) == 2 and made[0] != made[1]
