"""How to run a plan, as one frozen value: the investment level, which stages run, the Monte
Carlo draws and the delivery tracking options.

`pipeline.run_plan` takes a `RunOptions` (the data it runs on — a population summary,
actuals, the register — stay separate arguments); the manifest and the app's plan cache key
are made from it.  A `RunOptions` checks its own values and their combinations when it is
made (`RunOptionsError`, one problem per bad option, named by its field), so a run never
starts on options it would ignore.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from icsplan.errors import InputError, Problem

LEVELS = ("pod", "ccg", "locality")  # the levels Monte Carlo activity draws can be kept by
OPTIONS = "run options"  # the table problems of run options name


class RunOptionsError(InputError):
    """Run options that do not go together, or a value out of range."""

    title = "The run options are not valid"


@dataclass(frozen=True)
class Tracking:
    """The SPC options of delivery tracking (`delivery.track.track`)."""

    rebase: tuple[dt.date, ...] = ()  # dates after which the process limits are recomputed
    fix_after_n_points: int | None = None  # limits fixed after this many points
    screen_outliers: bool = True  # leave points outside the first limits out of the limits

    def as_kwargs(self) -> dict[str, object]:
        """The keyword arguments of `delivery.track.track`."""
        return {"rebase": list(self.rebase) or None,
                "fix_after_n_points": self.fix_after_n_points,
                "screen_outliers": self.screen_outliers}


@dataclass(frozen=True)
class Forecasting:
    """The options of the re-forecast from delivery to date (`forecast.forecast_plan`)."""

    recover_by: str | None = None  # the year the `recovers` assumption reaches the plan
    measures: tuple[str, ...] = ()  # the actuals' measures that drive it (default: all)
    cutoff: str | None = None  # the back test's cut-off date (default: the last whole year)

    def as_kwargs(self) -> dict[str, object]:
        """The keyword arguments of `forecast.forecast.forecast_plan` that are set."""
        return {"recover_by": self.recover_by, "measures": self.measures or None,
                "cutoff": self.cutoff}


@dataclass(frozen=True)
class RunOptions:
    """Everything that says how one plan is run (what it runs on is separate)."""

    investment_level: float = 1.0  # share (0-1) of the planned investment made
    reconcile: bool = True  # compare with the published figures (the findings)
    appraise_options: bool = True  # the options appraisal, when the scenario has options
    plan_beds: bool = True  # the capacity (beds) tables
    draws: int = 0  # Monte Carlo draws (0: the principal run only)
    seed: int = 2016  # the one seed every draw comes from
    poisson: bool = False  # Poisson activity counts around each draw's expected values
    uncertainty_by: tuple[str, ...] = ("pod",)  # levels of the activity draws (pod always)
    workers: int | None = None  # threads for the draws (None: one per core; same results)
    tracking: Tracking = field(default_factory=Tracking)
    forecasting: Forecasting = field(default_factory=Forecasting)  # with actuals

    def __post_init__(self) -> None:
        """Keep each level once, in order, with the system's pods always among them (the
        report's fan chart and percentile table read them); refuse bad values and
        combinations."""
        levels = tuple(dict.fromkeys(self.uncertainty_by))
        object.__setattr__(self, "uncertainty_by",
                           levels if "pod" in levels else ("pod", *levels))
        problems = self.problems()
        if problems:
            raise RunOptionsError(problems)

    @classmethod
    def whatif(cls, investment_level: float = 1.0) -> RunOptions:
        """The app's what-if recompute: no reconciliation (it would repeat the base plan's),
        no options appraisal and no beds (neither changes with the levers' figures shown,
        and the appraisal takes longer than the plan)."""
        return cls(investment_level=investment_level, reconcile=False, appraise_options=False,
                   plan_beds=False)

    def problems(self) -> list[Problem]:
        """Every bad value and combination, one problem each (named by the field)."""
        out = []
        if not 0.0 <= self.investment_level <= 1.0:
            out.append(Problem.at(OPTIONS, "must be between 0 and 1", field="investment_level",
                                  value=self.investment_level))
        if self.draws < 0:
            out.append(Problem.at(OPTIONS, "must be 0 or more", field="draws", value=self.draws))
        if self.workers is not None and self.workers < 1:
            out.append(Problem.at(OPTIONS, "must be 1 or more", field="workers",
                                  value=self.workers))
        out += [Problem.at(OPTIONS, "must be pod, ccg or locality", field="uncertainty_by",
                           value=lv) for lv in self.uncertainty_by if lv not in LEVELS]
        if not self.draws and self.uncertainty_by != ("pod",):
            out.append(Problem.at(OPTIONS, "only applies to Monte Carlo draws; give the "
                                  "number of draws too", field="uncertainty_by"))
        if not self.draws and self.poisson:
            out.append(Problem.at(OPTIONS, "only applies to Monte Carlo draws; give the "
                                  "number of draws too", field="poisson"))
        return out
