"""Row models of the delivery tables of a scenario: the KPIs it tracks and their trajectories,
and the cross-table checks of those tables.

Both tables are optional, so scenarios without KPIs stay valid.  Percentages are in percent
(95 = 95%); `improvement_direction` says which way is better (`neutral`: neither).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from icsplan.scenario.schema import FinancialYear, Strict


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


class KpiTrajectoryRow(Strict):
    """The target of a measure at an organisation for one financial year."""

    measure: str
    org: str
    year: FinancialYear
    target: float
    source: str = Field(min_length=1)


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
