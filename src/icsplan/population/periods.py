"""The periods of the pipeline, from the base year (the last full year of activity).

With two financial years of activity (the base year and the one before):

- segments, cohorts and the score of risk are as at `score_index` (the day after the base
  year); segments look back 12 months, the risk model 6 months;
- the risk model is fitted at `fit_index` (six months before the base year: features from the
  six months before it, outcome = a non-elective admission in the 12 months after it) and
  evaluated at `eval_index` (the start of the base year), six months later: an out-of-time
  test on the next period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Periods:
    """The dates of a population run, all derived from the base financial year."""

    base_year: int  # calendar year the base financial year starts in

    @property
    def score_index(self) -> date:
        """Index date for scoring risk: the day after the base year ends."""
        return date(self.base_year + 1, 4, 1)

    @property
    def eval_index(self) -> date:
        """Index date for evaluating the risk model: the base year's first day."""
        return date(self.base_year, 4, 1)

    @property
    def fit_index(self) -> date:
        """Index date for fitting the risk model: six months before evaluation."""
        return date(self.base_year - 1, 10, 1)

    @property
    def data_start(self) -> date:
        """First day of activity the pipeline reads (a year before the base)."""
        return date(self.base_year - 1, 4, 1)

    @property
    def base_start(self) -> date:
        """First day of the base financial year."""
        return date(self.base_year, 4, 1)

    @property
    def label(self) -> str:
        """The base year as a financial-year label, e.g. '2015/16'."""
        return f"{self.base_year}/{(self.base_year + 1) % 100:02d}"


def months_before(d: date, months: int) -> date:
    """The same day `months` months earlier (days are always 1 here)."""
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, d.day)


def months_after(d: date, months: int) -> date:
    """The same day `months` months later."""
    return months_before(d, -months)
