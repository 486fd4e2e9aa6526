"""Per-person features as at an index date, as one Ibis expression (runs on any backend).

One row per patient: age, sex, deprivation, care home, each LTC flag, the LTC count
(multimorbidity), the number of distinct eFI deficits, activity counts by pod in a look-back
window before the index date and, optionally, the outcome: a non-elective admission in the
12 months from the index date.  Only conditions first recorded before the index date count.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from icsplan.population.conditions import BY_CODE, LTC_CODES
from icsplan.population.periods import months_after, months_before
from icsplan.population.synth_params import IMD_DECILE_BOUNDS

PRIOR_PODS = {"nel": ("non_elective",), "ae": ("ae",), "planned": ("elective", "daycase"),
              "op": ("outpatient",)}


def patients_standard(patients: ir.Table, score_year: int) -> ir.Table:
    """Patients with `birth_year` and `imd_decile` always present (derived when not given).

    Without birth_year, it is taken as `score_year - age`; without imd_decile, the decile of
    England's IMD 2015 scores (1 = most deprived) is found from imd_score."""
    cols = patients.columns
    out = patients
    if "birth_year" not in cols:
        out = out.mutate(birth_year=(ibis.literal(score_year) - out.age).cast("int64"))
    if "imd_decile" not in cols:
        decile = ibis.literal(1, "int64")
        for k, bound in enumerate(reversed(IMD_DECILE_BOUNDS)):
            decile = ibis.ifelse(out.imd_score <= float(bound), k + 2, decile)
        out = out.mutate(imd_decile=decile.cast("int64"))
    return out.select("patient_id", "birth_year", "sex", "practice", "locality", "imd_decile",
                      "care_home")


def condition_summary(conditions: ir.Table, index: date) -> ir.Table:
    """Per patient: LTC flags, LTC count and distinct eFI deficits recorded before `index`."""
    c = conditions.filter(conditions.first_recorded < index)
    deficit = c.code.substitute({code: cond.deficit for code, cond in BY_CODE.items()
                                 if cond.deficit}, else_=ibis.null("string"))
    c = c.mutate(deficit=deficit, is_ltc=c.code.isin(LTC_CODES).cast("int64"))
    flags = {f"ltc_{code}": (c.code == code).cast("int64").max() for code in LTC_CODES}
    return c.group_by("patient_id").aggregate(
        ltc_count=c.is_ltc.sum(), deficits=c.deficit.nunique(), **flags)


def activity_summary(activity: ir.Table, start: date, end: date, prefix: str) -> ir.Table:
    """Per patient: counts by pod group in [start, end)."""
    a = activity.filter((activity.date >= start) & (activity.date < end))
    counts = {f"{prefix}_{name}": a.pod.isin(pods).cast("int64").sum()
              for name, pods in PRIOR_PODS.items()}
    return a.group_by("patient_id").aggregate(**counts)


def _left(left: ir.Table, right: ir.Table) -> ir.Table:
    """Left join on patient_id, keeping one patient_id column."""
    return left.left_join(right, "patient_id").drop("patient_id_right")


def features(tables: dict[str, ir.Table], index: date, score_year: int,
             lookbacks: dict[str, int] | None = None, outcome: bool = True) -> ir.Table:
    """One row per patient of features as at `index` (and the 12-month NEL outcome).

    `lookbacks` maps a column prefix to a window in months: {"prior": 6} (the default) gives
    prior_nel, prior_ae, prior_planned and prior_op over the 6 months before `index`."""
    p = patients_standard(tables["patients"], score_year)
    p = p.mutate(age=(ibis.literal(index.year) - p.birth_year).cast("int64"),
                 female=(p.sex == "F").cast("int64"),
                 deprivation=(11 - p.imd_decile).cast("int64"),
                 care_home=p.care_home.cast("int64"))
    out = _left(p, condition_summary(tables["conditions"], index))
    for prefix, months in (lookbacks or {"prior": 6}).items():
        window = activity_summary(tables["activity"], months_before(index, months), index,
                                  prefix)
        out = _left(out, window)
    if outcome:
        nxt = tables["activity"]
        nxt = nxt.filter((nxt.date >= index) & (nxt.date < months_after(index, 12))
                         & (nxt.pod == "non_elective"))
        nxt = nxt.group_by("patient_id").aggregate(nel_next=nxt.count())
        out = _left(out, nxt)
    prefixes = ("ltc_", "nel_next", *(f"{p}_" for p in (lookbacks or {"prior": 6})))
    counts = [c for c in out.columns if c.startswith(prefixes)] + ["deficits"]
    return out.mutate(**{c: out[c].fill_null(0).cast("int64") for c in counts})
