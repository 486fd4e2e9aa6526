"""Row models of the delivery tables of a scenario: the KPIs it tracks and their trajectories,
(their cross-table rules are in `scenario.rules.delivery`).

Both tables are optional, so scenarios without KPIs stay valid.  Percentages are in percent
(95 = 95%); `improvement_direction` says which way is better (`neutral`: neither).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from icsplan.scenario.schema import FinancialYear, Strict, year_start

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class KpiMeasureRow(Strict):
    """A measure tracked at one organisation (a trust's ODS code, or the system)."""

    measure: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    unit: str = Field(min_length=1)  # "%", "per 1,000 people", "admissions" ...
    improvement_direction: Literal["increase", "decrease", "neutral"]
    org: str = Field(pattern=r"^[A-Za-z0-9_]+$")
    org_name: str = ""
    frequency: Literal["monthly", "quarterly", "annual"]
    source: str = Field(min_length=1)
    programme: str = ""  # the programme (programmes.csv) the measure tracks, if any
    # how targets between stated periods are read: held until the next (step) or moving in
    # equal monthly steps from one period's end to the next (linear); see delivery.trajectory
    trajectory: Literal["step", "linear"] = "step"


class KpiTrajectoryRow(Strict):
    """The target of a measure at an organisation for a financial year, or for one quarter
    (`period` Q1-Q4) or month (`period` YYYY-MM) of it; `line` local (the plan's own
    trajectory, assured against) or national (a second line drawn beside it)."""

    measure: str
    org: str
    year: FinancialYear
    target: float
    source: str = Field(min_length=1)
    period: str = ""  # empty: the whole year
    line: Literal["local", "national"] = "local"
    as_printed: str = ""
    reading: str = ""

    @model_validator(mode="after")
    def _period_in_year(self) -> KpiTrajectoryRow:
        if not self.period or self.period in ("Q1", "Q2", "Q3", "Q4"):
            return self
        m = MONTH.match(self.period)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"period '{self.period}' must be empty (the year), Q1-Q4 or a "
                             "month like 2019-06")
        start = year_start(self.year)
        y, mo = int(m.group(1)), int(m.group(2))
        if (y, mo) < (start, 4) or (y, mo) > (start + 1, 3):
            raise ValueError(f"month {self.period} is not in financial year {self.year}")
        return self


DELIVERY_TABLES = {"kpi_measures": KpiMeasureRow, "kpi_trajectories": KpiTrajectoryRow}


class KpiYtdRow(Strict):
    """A published year-to-date KPI value (e.g. 002's 2016/17 YTD 4-hour performance)."""

    measure: str = Field(min_length=1)
    org: str = Field(min_length=1)
    year: FinancialYear
    value: float
    source: str = Field(min_length=1)


# Published delivery figures reconciled by the delivery stage (under published/).
DELIVERY_PUBLISHED = {"kpi_ytd": KpiYtdRow}
