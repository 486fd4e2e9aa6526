"""Measures derived from actuals, one value per measure x organisation x month.

From NHS England's monthly A&E statistics (sums over the A&E types of an organisation):

    ae_4hr_all      = 100 x (1 - breaches / attendances), all types          (%)
    ae_4hr_type1    = the same for type 1 (major) A&E departments only       (%)
    ae_attendances  = attendances, all types                                 (a month)
    emergency_admissions_ae = admissions via A&E, all types                  (a month)

`ENG` is the sum over every organisation in the file (England as published).  A month with
no attendances has no performance (a missing value, not 0% or 100%).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from icsplan.delivery.actuals import Actuals

ENGLAND = "ENG"
LONG = ["measure", "org", "period", "value", "numerator", "denominator"]


@dataclass(frozen=True)
class MeasureInfo:
    """What a derived measure is: its name, unit and which way is better."""

    name: str
    unit: str
    improvement_direction: str


DERIVED = {
    "ae_4hr_all": MeasureInfo("A&E 4-hour performance (all types)", "%", "increase"),
    "ae_4hr_type1": MeasureInfo("A&E 4-hour performance (type 1)", "%", "increase"),
    "ae_attendances": MeasureInfo("A&E attendances (all types)", "attendances", "decrease"),
    "emergency_admissions_ae": MeasureInfo("Emergency admissions via A&E", "admissions",
                                           "decrease"),
}


def ae_measures(ae: pd.DataFrame, england: bool = True) -> pd.DataFrame:
    """The derived A&E measures in long form (`measure, org, period, value, numerator,
    denominator`) for every organisation of an A&E actuals table, and England if asked."""
    frames = [ae]
    if england:
        frames.append(ae.assign(org_code=ENGLAND))
    rows = pd.concat(frames, ignore_index=True)
    counts = ["attendances", "breaches", "admissions"]
    total = rows.groupby(["org_code", "period"], as_index=False)[counts].sum()
    type1 = rows[rows["type"] == "1"].groupby(["org_code", "period"], as_index=False)[
        counts].sum()
    out = [
        _performance(total, "ae_4hr_all"),
        _performance(type1, "ae_4hr_type1"),
        _count(total, "attendances", "ae_attendances"),
        _count(total, "admissions", "emergency_admissions_ae"),
    ]
    return pd.concat(out, ignore_index=True).sort_values(["measure", "org", "period"],
                                                          ignore_index=True)


def actual_measures(actuals: Actuals) -> pd.DataFrame:
    """Every measure an actuals file gives, in long form, whatever its format."""
    if actuals.format == "nhse_ae":
        return ae_measures(actuals.rows)
    return actuals.rows[LONG].copy()


def _performance(counts: pd.DataFrame, measure: str) -> pd.DataFrame:
    seen = (counts["attendances"] - counts["breaches"]).astype(float)
    attendances = counts["attendances"].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(attendances > 0, 100.0 * seen / attendances, np.nan)
    return pd.DataFrame({"measure": measure, "org": counts["org_code"],
                         "period": counts["period"], "value": value, "numerator": seen,
                         "denominator": attendances})


def _count(counts: pd.DataFrame, column: str, measure: str) -> pd.DataFrame:
    return pd.DataFrame({"measure": measure, "org": counts["org_code"],
                         "period": counts["period"], "value": counts[column].astype(float),
                         "numerator": np.nan, "denominator": np.nan})


def financial_year(period: pd.Series) -> pd.Series:
    """Financial year label of each month: April 2016 to March 2017 -> "2016/17"."""
    start = period.dt.year - (period.dt.month < 4)
    return start.astype(str) + "/" + ((start + 1) % 100).map("{:02d}".format)
