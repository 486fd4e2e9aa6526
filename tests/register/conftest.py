"""The store tests' report: the parallel-writer counts, printed at the end of the run.

The database fixtures (`db_url`, `engine`, `seeded`, `postgres_server`) are in
tests/databases.py, shared by every test folder.
"""

from __future__ import annotations

WRITER_COUNTS: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the parallel-writer counts (accepted, refused, audit rows) of this run."""
    if WRITER_COUNTS:
        terminalreporter.section("register: parallel writers")
        for line in WRITER_COUNTS:
            terminalreporter.write_line(line)
