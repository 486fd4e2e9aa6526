"""Shared fixtures of the security tests: the icsplan command as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ICSPLAN = [sys.executable, "-c", "from icsplan.cli import app; app()"]


def icsplan(*args: str, cwd: Path | None = None, timeout: float = 600,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `icsplan ARGS` as a separate process and return its result (text)."""
    return subprocess.run([*ICSPLAN, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def mse_book(tmp_path_factory) -> Path:
    """The built-in scenario exported as a workbook."""
    from icsplan.scenario import load_scenario
    from icsplan.scenario.excel import export_excel

    path = tmp_path_factory.mktemp("book") / "mse.xlsx"
    export_excel(load_scenario("mse-2016"), path)
    return path


