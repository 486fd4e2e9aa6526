"""The planner's vocabulary as constants, defined once: points of delivery, segments and the
money units the outputs use (docs/architecture.md, "Vocabulary")."""

from __future__ import annotations

#: the points of delivery of the acute demand model, in report order
ACUTE_PODS = ("ae", "elective", "daycase", "non_elective", "outpatient")
#: every point of delivery a scenario may use
POD_NAMES = (*ACUTE_PODS, "gp", "ambulance", "bed_days")
#: the population segments of the risk-stratified model
SEGMENTS = ("high_risk", "rising_risk", "mostly_healthy")
#: a segment value meaning "everyone" in scenario tables
ALL_SEGMENTS = "all"
#: pounds in a million and a thousand (outputs are in pounds; reports show £m or £k)
MILLION = 1e6
THOUSAND = 1e3


def money_m(pounds: float, sign: bool = False) -> str:
    """Pounds as £m for people: -299,977 -> '-£0.3m' (with `sign`, '+£6.0m' for a gain)."""
    prefix = "-" if pounds < 0 else ("+" if sign and pounds > 0 else "")
    return f"{prefix}£{abs(pounds) / MILLION:,.1f}m"
