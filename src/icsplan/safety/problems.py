"""A long list of problems, written in full to a file the terminal names (the terminal shows
the first ones only: 1.4 million duplicate rows must not print for minutes)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from icsplan.errors import Problem


def write_problem_list(title: str, problems: list[Problem]) -> Path:
    """Write every problem, one a line, to a new file in the temporary folder (mode 0600)."""
    fd, name = tempfile.mkstemp(prefix="icsplan-problems-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"{title} ({len(problems):,} problems)\n")
        for p in problems:
            f.write(f"{p}\n")
    return Path(name)
