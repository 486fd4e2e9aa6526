"""Per-person features as at an index date, as one Ibis expression (runs on any backend).

One row per patient: age, sex, deprivation, care home, each LTC flag, the LTC count
(multimorbidity), the number of distinct eFI deficits, activity counts by pod in a look-back
window before the index date and, optionally, the outcome: a non-elective admission in the
12 months from the index date.  Only conditions first recorded before the index date count.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class At:
    """The features wanted as at one index date: `tag` prefixes their columns in the wide
    table (`wide_features`), `lookbacks` maps a prefix to a window in months."""

    tag: str
    index: date
    lookbacks: tuple[tuple[str, int], ...] = (("prior", 6),)
    outcome: bool = True


def _col(tag: str, name: str) -> str:
    return f"{tag}__{name}" if tag else name


# Each condition code is one bit of a whole number: a person's conditions recorded before an
# index date are one number (the sum of their codes' bits, codes counted once per person), so
# one aggregate per date replaces a flag per code and a distinct count of deficits.
CODE_BITS = {code: 1 << i for i, code in enumerate(BY_CODE)}
DEFICIT_BITS = {deficit: sum(bit for code, bit in CODE_BITS.items()
                             if BY_CODE[code].deficit == deficit)
                for deficit in sorted({c.deficit for c in BY_CODE.values() if c.deficit})}


def condition_summary(conditions: ir.Table, ats: tuple[At, ...]) -> ir.Table:
    """Per patient, for every index date, the conditions recorded before it as one number
    (`<tag>__conditions`, a sum of CODE_BITS; `at` unpacks it into the flags, the LTC count
    and the distinct eFI deficits): one pass over the conditions."""
    first = conditions.group_by(["patient_id", "code"]).aggregate(
        first=conditions.first_recorded.min())
    bit = first.code.substitute({code: ibis.literal(b, "int64")
                                 for code, b in CODE_BITS.items()},
                                else_=ibis.literal(0, "int64"))
    return first.group_by("patient_id").aggregate(**{
        _col(at.tag, "conditions"): ibis.ifelse(first["first"] < at.index, bit, 0).sum()
        for at in ats})


def activity_summary(activity: ir.Table, ats: tuple[At, ...]) -> ir.Table:
    """Per patient, for every index date: counts by pod group in each look-back window before
    it and (with `outcome`) non-elective admissions in the 12 months from it (one pass)."""
    first = min(min(months_before(at.index, m) for _, m in at.lookbacks) for at in ats)
    last = max(months_after(at.index, 12) if at.outcome else at.index for at in ats)
    a = activity.filter((activity.date >= first) & (activity.date < last))
    aggs = {}
    for at in ats:
        for prefix, months in at.lookbacks:
            inside = (a.date >= months_before(at.index, months)) & (a.date < at.index)
            for name, pods in PRIOR_PODS.items():
                aggs[_col(at.tag, f"{prefix}_{name}")] = a.count(
                    where=inside & a.pod.isin(pods))
        if at.outcome:
            nxt = ((a.date >= at.index) & (a.date < months_after(at.index, 12))
                   & (a.pod == "non_elective"))
            aggs[_col(at.tag, "nel_next")] = a.count(where=nxt)
    return a.group_by("patient_id").aggregate(**aggs)


def _left(left: ir.Table, right: ir.Table) -> ir.Table:
    """Left join on patient_id, keeping one patient_id column."""
    return left.left_join(right, "patient_id").drop("patient_id_right")


def _names(at: At) -> list[str]:
    """The per-date columns of `at` stored in the wide table: the conditions (as one number)
    and the activity counts."""
    names = ["conditions"]
    names += [f"{prefix}_{name}" for prefix, _ in at.lookbacks for name in PRIOR_PODS]
    return names + (["nel_next"] if at.outcome else [])


def _has(mask: ir.IntegerValue, bits: int) -> ir.IntegerValue:
    """1 where `mask` shares a bit with `bits`, else 0."""
    return ((mask & bits) != 0).cast("int64")


def wide_features(tables: dict[str, ir.Table], score_year: int,
                  ats: tuple[At, ...]) -> ir.Table:
    """One row per patient with the features of every index date in `ats` side by side
    (columns `<tag>__<feature>`, counts filled with 0): each input table is read and grouped
    once however many dates are wanted.  `at(wide, at)` gives one date's features."""
    p = patients_standard(tables["patients"], score_year)
    out = _left(_left(p, condition_summary(tables["conditions"], ats)),
                activity_summary(tables["activity"], ats))
    counts = {_col(at.tag, name): "int64" if name == "conditions" else "int32"
              for at in ats for name in _names(at)}
    return out.mutate(**{c: out[c].fill_null(0).cast(kind) for c, kind in counts.items()})


def at(wide: ir.Table, when: At) -> ir.Table:
    """One index date's features from a `wide_features` table, named as `features` names
    them."""
    p = wide
    mask = p[_col(when.tag, "conditions")].cast("int64")
    flags = {f"ltc_{code}": _has(mask, CODE_BITS[code]) for code in LTC_CODES}
    return p.select(
        "patient_id", "birth_year", "sex", "practice", "locality", "imd_decile",
        care_home=p.care_home.cast("int64"),
        age=(ibis.literal(when.index.year) - p.birth_year).cast("int64"),
        female=(p.sex == "F").cast("int64"),
        deprivation=(11 - p.imd_decile).cast("int64"),
        ltc_count=_sum(flags.values()),
        deficits=_sum(_has(mask, bits) for bits in DEFICIT_BITS.values()),
        **flags,
        **{name: p[_col(when.tag, name)].cast("int64") for name in _names(when)[1:]})


def _sum(values) -> ir.IntegerValue:
    total = None
    for v in values:
        total = v if total is None else total + v
    return total


def features(tables: dict[str, ir.Table], index: date, score_year: int,
             lookbacks: dict[str, int] | None = None, outcome: bool = True) -> ir.Table:
    """One row per patient of features as at `index` (and the 12-month NEL outcome).

    `lookbacks` maps a column prefix to a window in months: {"prior": 6} (the default) gives
    prior_nel, prior_ae, prior_planned and prior_op over the 6 months before `index`."""
    when = At("", index, tuple((lookbacks or {"prior": 6}).items()), outcome)
    return at(wide_features(tables, score_year, (when,)), when)
