"""Settings of the population pipeline that the command line needs before any heavy import."""

from __future__ import annotations

#: the Ibis backends a population run can use
ENGINES = ("duckdb", "spark")
#: counts from 1 to this number are suppressed in anything that leaves the machine
DEFAULT_THRESHOLD = 7
