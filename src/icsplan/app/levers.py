"""The what-if levers: each pod's growth, each initiative's reduction and phasing, and the
investment level, applied to a base scenario as a validated copy.

Levers are plain values (percent, years); `apply_levers` writes them into the scenario's own
tables and initiatives and builds the result with `scenario.build.build_scenario`, the same
row models and rules as a scenario folder, so a bad value breaks the same rule as it would
in `icsplan check`.  Problems are located by table, row key and field (the what-if page
names the lever).  Nothing is changed when any lever is invalid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from icsplan.errors import Problem
from icsplan.scenario.build import Text, build_scenario
from icsplan.scenario.model import Scenario
from icsplan.scenario.schema import Initiative

LEVERS = "levers"  # the table problems of levers that are in no scenario table name
INVESTMENT = "investment"  # the key of the investment level's problems


@dataclass(frozen=True)
class Levers:
    """What a planner can move: growth by pod (% a year), each initiative's share of its
    planned reduction achieved (%), its delay (years) and the investment level (%)."""

    growth_pct: dict[str, float] = field(default_factory=dict)
    achieved_pct: dict[str, float] = field(default_factory=dict)
    delay_years: dict[str, int] = field(default_factory=dict)
    investment_pct: float = 100.0

    @property
    def investment_level(self) -> float:
        """The investment level as a share (0-1) for `run_plan`."""
        return self.investment_pct / 100

    def as_dict(self) -> dict:
        """The levers as plain JSON-able values (what a saved version keeps)."""
        return {"growth_pct": dict(self.growth_pct), "achieved_pct": dict(self.achieved_pct),
                "delay_years": dict(self.delay_years),
                "investment_pct": self.investment_pct}


def levers_from_dict(base: Scenario, saved: dict) -> Levers:
    """Levers saved with a version, completed from the scenario's own for anything the saved
    ones do not name (a pod or initiative added since)."""
    lv = base_levers(base)
    return Levers(
        growth_pct={k: float(saved.get("growth_pct", {}).get(k, v))
                    for k, v in lv.growth_pct.items()},
        achieved_pct={k: float(saved.get("achieved_pct", {}).get(k, v))
                      for k, v in lv.achieved_pct.items()},
        delay_years={k: int(saved.get("delay_years", {}).get(k, v))
                     for k, v in lv.delay_years.items()},
        investment_pct=float(saved.get("investment_pct", lv.investment_pct)))


def base_levers(scenario: Scenario) -> Levers:
    """The levers as the scenario has them: its system growth rates, every initiative in full
    and on time, full investment."""
    growth = scenario.growth
    system = growth[growth["locality"].fillna("") == ""]
    return Levers(
        growth_pct={str(r.pod): float(r.annual_growth_pct) for r in system.itertuples()},
        achieved_pct={i.id: 100.0 for i in scenario.initiatives},
        delay_years={i.id: 0 for i in scenario.initiatives},
        investment_pct=100.0)


def apply_levers(base: Scenario, levers: Levers) -> Scenario:
    """`base` with the levers applied, validated; `ScenarioError` lists every bad lever."""
    problems: list[Problem] = []
    level = _number(levers.investment_pct)
    if level is None or not 0 <= level <= 100:
        problems.append(Problem.at(LEVERS, "must be between 0% and 100% of the planned "
                                   "investment", key=INVESTMENT, value=levers.investment_pct))
    initiatives = _initiatives(base, levers, problems)
    return build_scenario(base.meta, {**base.tables, "growth": _growth_text(base,
                                                                            levers.growth_pct)},
                          initiatives, base.published, path=base.path, found=problems)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def _growth_text(base: Scenario, growth_pct: dict[str, float]) -> Text:
    """growth.csv as text with the system rates replaced, to be validated as a folder's is."""
    raw = base.growth.copy()
    raw = raw.astype(object).where(raw.notna(), "")
    for pod, pct in growth_pct.items():
        system = (raw["pod"] == pod) & (raw["locality"] == "")
        raw.loc[system, "annual_growth_pct"] = pct
    return Text(pd.DataFrame(raw.astype(str).replace({"None": "", "nan": ""})))


def _initiatives(base: Scenario, levers: Levers,
                 problems: list[Problem]) -> list[Initiative | dict]:
    """Each initiative with its reductions scaled and its phasing delayed (as a mapping, for
    `build_scenario` to validate, when a lever changed it)."""
    years = base.years
    out = []
    for ini in base.initiatives:
        raw = ini.model_dump()
        achieved = _number(levers.achieved_pct.get(ini.id, 100.0))
        if achieved is None or achieved < 0:
            problems.append(Problem.at("initiatives", "the share of the planned reduction "
                                       "achieved must be a number of at least 0%", key=ini.id,
                                       field="achieved", value=levers.achieved_pct.get(ini.id)))
            out.append(ini)
            continue
        delay = levers.delay_years.get(ini.id, 0)
        if achieved == 100 and delay == 0:
            out.append(ini)  # as planned: the very same values, so the same content hash
            continue
        for effect in raw["effects"]:
            effect["reduction_pct"] = effect["reduction_pct"] * achieved / 100
        if not isinstance(delay, int) or not 0 <= delay < len(years):
            problems.append(Problem.at("initiatives", "the delay must be a whole number of "
                                       f"years from 0 to {len(years) - 1}", key=ini.id,
                                       field="delay", value=delay))
        elif delay:
            raw["phasing"] = delayed(ini.phasing, years, delay)
        out.append(raw)
    return out


def delayed(phasing: dict[str, float], years: list[str], delay: int) -> dict[str, float]:
    """A phasing profile moved `delay` years later (nothing in the first `delay` years)."""
    shares = [phasing.get(y, 0.0) for y in years]
    moved = [0.0] * delay + shares[: len(shares) - delay]
    return {y: s for y, s in zip(years, moved, strict=True) if y in phasing}
