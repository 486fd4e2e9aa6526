"""Complex-care cohorts: the highest-risk people of a segment in each locality (Ibis window).

Default (003, "A locality population of ~50,000"): two cohorts of ~700 high-risk people and
one of ~800 rising-risk people per locality.  People are ranked within locality and segment by
predicted risk (rounded to 10 places, so engines agree on ties), then by pseudonymised id;
ranks 1-700 form `high_risk_1`, 701-1,400 `high_risk_2`, and so on.

Cohort lists carry only the pseudonymised id, locality, cohort, rank and risk: nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

COHORT_COLUMNS = ("patient_id", "locality", "cohort", "rank", "risk")


@dataclass(frozen=True)
class CohortSpec:
    """`teams` cohorts of `size` people each, drawn from `segment` in every locality."""

    segment: str
    teams: int
    size: int


DEFAULT_COHORTS = (CohortSpec("high_risk", 2, 700), CohortSpec("rising_risk", 1, 800))


def cohorts(scored: ir.Table, specs: tuple[CohortSpec, ...] = DEFAULT_COHORTS) -> ir.Table:
    """Cohort members; `scored` needs patient_id, locality, segment and risk.

    People are ranked within their locality and segment, so only the segments of `specs`
    are ranked (most people are in none of them)."""
    scored = scored.filter(scored.segment.isin(sorted({spec.segment for spec in specs})))
    risk = scored.risk.round(10)
    window = ibis.window(group_by=[scored.locality, scored.segment],
                         order_by=[risk.desc(), scored.patient_id])
    ranked = scored.mutate(rank=(ibis.row_number().over(window) + 1).cast("int64"))
    parts = []
    for spec in specs:
        members = ranked.filter((ranked.segment == spec.segment)
                                & (ranked["rank"] <= spec.teams * spec.size))
        team = ((members["rank"] - 1) // spec.size + 1).cast("string")
        parts.append(members.select(
            "patient_id", "locality", cohort=ibis.literal(f"{spec.segment}_") + team,
            rank=members["rank"], risk=members.risk.round(6)))
    out = parts[0]
    for part in parts[1:]:
        out = out.union(part)
    return out.select(*COHORT_COLUMNS)


def parse_cohorts(text: str) -> tuple[CohortSpec, ...]:
    """Cohorts from text like "high_risk:2x700,rising_risk:1x800"."""
    specs = []
    for item in text.split(","):
        try:
            segment, shape = item.strip().split(":")
            teams, size = shape.lower().split("x")
            specs.append(CohortSpec(segment.strip(), int(teams), int(size)))
        except ValueError:
            raise ValueError(f"cannot read cohort '{item.strip()}'; write segment:TEAMSxSIZE, "
                             "e.g. high_risk:2x700") from None
        if specs[-1].segment not in ("high_risk", "rising_risk", "mostly_healthy"):
            raise ValueError(f"unknown segment '{specs[-1].segment}' in cohorts")
        if specs[-1].teams < 1 or specs[-1].size < 1:
            raise ValueError(f"cohort '{item.strip()}' needs at least one team of one person")
    return tuple(specs)
