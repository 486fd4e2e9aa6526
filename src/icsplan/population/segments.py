"""The three-segment model (high_risk / rising_risk / mostly_healthy) as an Ibis expression.

Rules, applied in order (first match wins), to features as at the index date:

high_risk (complex needs: frail, end of life, care homes; 003 "~2,500 per 50,000")
    eFI above 0.24 (moderate or severe frailty), or lives in a care home, or 4+ long-term
    conditions, or 3+ LTCs aged 75+, or 3+ non-elective admissions in the last 12 months.
rising_risk (e.g. poorly controlled LTCs; 003 "~12,000 per 50,000")
    eFI above 0.12 (mild frailty), or 2+ LTCs, or any LTC aged 55+, or a non-elective
    admission (1 or 2) or 2+ A&E attendances in the last 12 months.
mostly_healthy
    everyone else.

The thresholds are `SegmentRules` fields; the defaults were calibrated so the synthetic
mse-2016 population is close to the seeds' 5% / 24% / 71%.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir


@dataclass(frozen=True)
class SegmentRules:
    """Thresholds of the segment rules (docs/population.md)."""

    high_efi: float = 0.24
    high_ltcs: int = 4
    high_ltcs_older: int = 3
    high_older_age: int = 75
    high_nel: int = 3
    rising_efi: float = 0.12
    rising_ltcs: int = 2
    rising_any_ltc_age: int = 55
    rising_nel: int = 1
    rising_ae: int = 2


def segment(t: ir.Table, rules: SegmentRules | None = None) -> ir.StringValue:
    """The segment of each person; `t` needs efi, care_home, ltc_count, age, last12_nel and
    last12_ae (see `features.features` with lookbacks {"last12": 12})."""
    rules = rules or SegmentRules()
    eps = 1e-9
    high = ((t.efi > rules.high_efi + eps) | (t.care_home == 1)
            | (t.ltc_count >= rules.high_ltcs)
            | ((t.ltc_count >= rules.high_ltcs_older) & (t.age >= rules.high_older_age))
            | (t.last12_nel >= rules.high_nel))
    rising = ((t.efi > rules.rising_efi + eps) | (t.ltc_count >= rules.rising_ltcs)
              | ((t.ltc_count >= 1) & (t.age >= rules.rising_any_ltc_age))
              | (t.last12_nel >= rules.rising_nel) | (t.last12_ae >= rules.rising_ae))
    return ibis.cases((high, "high_risk"), (rising, "rising_risk"), else_="mostly_healthy")


def with_segment(t: ir.Table, rules: SegmentRules | None = None) -> ir.Table:
    """The table with a `segment` column added."""
    return t.mutate(segment=segment(t, rules))


def segment_counts(t: ir.Table) -> ir.Table:
    """People per locality and segment."""
    return t.group_by(["locality", "segment"]).aggregate(people=t.count())
