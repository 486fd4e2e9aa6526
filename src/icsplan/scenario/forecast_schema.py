"""Row models of the forecast tables of a scenario (both optional).

* `trust_orgs.csv`: the ODS code under which actuals report each acute trust of
  `acute_trusts.csv` (trust, org_code, source), so the trust -> CCG shares of
  `acute_trusts.csv` map actuals onto the plan's CCGs and localities;
* `register_signals.csv`: the programme register's signals as a plain table (initiative,
  signal, slip_months, widen_factor, source): a `slipped_milestone` delays the initiative's
  phasing by `slip_months`; an `at_risk` initiative draws its achievement from an interval
  `widen_factor` times as wide (see `icsplan.forecast.signals`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from icsplan.scenario.schema import Strict


class TrustOrgRow(Strict):
    """The ODS code of one acute trust named in acute_trusts.csv."""

    trust: str = Field(min_length=1)
    org_code: str = Field(pattern=r"^[A-Za-z0-9_]+$")
    source: str = Field(min_length=1)


class RegisterSignalRow(Strict):
    """One signal of the programme register about an initiative."""

    initiative: str = Field(pattern=r"^[a-z0-9_]+$")
    signal: Literal["slipped_milestone", "at_risk"]
    slip_months: float = Field(default=0.0, ge=0, le=120)
    widen_factor: float | None = Field(default=None, ge=1, le=10)
    source: str = Field(min_length=1)


class RegisterRuleRow(Strict):
    """A parameter of the stated rules that turn the programme register's schemes and
    milestones into the forecast's signals (`icsplan run --db`; defaults in
    src/icsplan/forecast/register_rules.csv)."""

    signal: Literal["slipped_milestone", "at_risk", "any"]
    parameter: Literal["min_slip_days", "skip_status", "combine", "days_per_month",
                       "milestone_status", "forecast_shortfall_pct", "widen_factor",
                       "skip_scheme_status"]
    value: str = ""
    meaning: str = Field(min_length=1)


FORECAST_TABLES = {"trust_orgs": TrustOrgRow, "register_signals": RegisterSignalRow,
                   "register_rules": RegisterRuleRow}
