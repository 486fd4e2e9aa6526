"""KPI actuals kept in the register: a month's figures uploaded from the app, audited.

The rows come from a file already validated as a whole (`delivery.actuals`, the code
`icsplan delivery import` uses) and turned into the long form (`delivery.measures`): one row
per measure, organisation and month. They are written in one transaction, so either every
row is stored or none is. A month already stored is replaced by the new figures; every
inserted row and every changed value is in the audit trail (register/audit.py) with who, when,
and the old and new value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from icsplan.errors import Problem
from icsplan.register.models import KpiActual
from icsplan.register.rows import RegisterInputError

VALUES = ("value", "numerator", "denominator")
#: the longest key the register keeps (models.RegisterRow.id)
MAX_KEY = 80


@dataclass(frozen=True)
class Saved:
    """What an upload did: rows added, rows whose figures changed, rows already as given."""

    added: int
    changed: int
    unchanged: int


def actual_key(measure: str, org: str, period: pd.Timestamp) -> str:
    """The register key of one month's actual: 'ae_4hr_all:RDD:2017-04'."""
    return f"{measure}:{org}:{period:%Y-%m}"


def _number(value: object) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def save_actuals(session: Session, measures: pd.DataFrame, source: str) -> Saved:
    """Store the long-form actuals (measure, org, period, value, numerator, denominator):
    new months added, stored months given new figures; refused whole if a key is too long."""
    keys = [actual_key(m, o, p) for m, o, p in zip(measures["measure"], measures["org"],
                                                    measures["period"], strict=True)]
    long = [Problem(source, f"the measure and organisation are too long to keep (at most "
                    f"{MAX_KEY - 8} characters together)", row=i + 2, value=k)
            for i, k in enumerate(keys) if len(k) > MAX_KEY]
    if long:
        raise RegisterInputError(long)
    stored = {r.id: r for r in session.scalars(select(KpiActual).where(KpiActual.id.in_(keys)))}
    added = changed = unchanged = 0
    for key, row in zip(keys, measures.itertuples(index=False), strict=True):
        figures = {f: _number(getattr(row, f)) for f in VALUES}
        current = stored.get(key)
        if current is None:
            session.add(KpiActual(id=key, measure=row.measure, org=row.org,
                                  period=row.period.date(), source=source, **figures))
            added += 1
            continue
        differs = {f: v for f, v in figures.items() if getattr(current, f) != v}
        if not differs:
            unchanged += 1
            continue
        for field, value in differs.items():
            setattr(current, field, value)
        current.source = source
        changed += 1
    session.flush()
    return Saved(added, changed, unchanged)


def stored_actuals(session: Session) -> pd.DataFrame:
    """Every stored actual in the long form, by measure, organisation and month."""
    rows = session.scalars(select(KpiActual).order_by(KpiActual.measure, KpiActual.org,
                                                      KpiActual.period))
    return pd.DataFrame([{"measure": r.measure, "org": r.org, "period": pd.Timestamp(r.period),
                          "value": r.value, "numerator": r.numerator,
                          "denominator": r.denominator, "version": r.version,
                          "source": r.source} for r in rows],
                        columns=["measure", "org", "period", *VALUES, "version", "source"])
