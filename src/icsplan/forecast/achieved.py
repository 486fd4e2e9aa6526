"""Delivery to date in the plan's terms: the achieved share of each initiative's planned
reduction, by pod, organisation and year.

For a measure that stands for a pod of the model (A&E attendances for `ae`, emergency
admissions via A&E for `non_elective`), an organisation o (or the system: the
organisations added up) and a financial year y with actuals in the months M (the months of
y that the index year also has; all 12 for a whole year):

    actual_index(y)   = 100 x sum over M of actual(y, m) / sum over M of actual(index, m)
    momentum_index(y) = 100 x momentum(o, y) / momentum(o, index)       (model, annual)
    planned_index(y)  = 100 x planned(o, y) / planned(o, index)
    share(y)          = (momentum_index - actual_index) / (momentum_index - planned_index)

A partial year is compared month for month with the same months of the index year: the
model has no seasons, so its trajectory over the months M is its annual value spread over
the year by the index year's actual monthly profile, and the year-to-date index above is
exactly actual to date against that trajectory to date.  In the plan's units:

    f                   = sum over M of actual(index, m) / actual(index, whole year)
    planned_reduction   = (momentum(o, y) - planned(o, y)) x f
    achieved_reduction  = share x planned_reduction

**Attribution** to initiatives (by pod): the achieved reduction of a pod is shared among the
initiatives acting on it in proportion to weights w_i, by default their planned reductions
on that pod in that year and organisation (so each gets the pod's share), or weights the
user gives (`weights={pod: {initiative: w}}`):

    achieved_i = achieved_reduction x w_i / sum_j w_j        share_i = achieved_i / planned_i

which conserves the reduction: sum_i achieved_i = achieved_reduction.  The index year is
the first financial year with all 12 months of actuals.  Trust activity includes patients
from outside the system and the model counts residents treated anywhere (see
docs/delivery.md): the shares compare changes, not levels.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from icsplan.delivery.measures import financial_year
from icsplan.forecast.mapping import SYSTEM, ForecastError

# Which actual measure stands for which pod of the model (as delivery.plan_vs_actual).
POD_OF_MEASURE = {"ae_attendances": "ae", "emergency_admissions_ae": "non_elective"}
SERIES = ["measure", "pod", "org"]
POD_COLUMNS = [*SERIES, "year", "months", "partial", "actual", "actual_index",
               "momentum_index", "planned_index", "planned_reduction", "achieved_reduction",
               "share_achieved"]
INITIATIVE_COLUMNS = [*SERIES, "year", "initiative", "months", "partial", "weight",
                      "planned_reduction", "achieved_reduction", "share_achieved",
                      "attribution"]


@dataclass(frozen=True)
class Achievement:
    """Delivery to date: by pod (and organisation, year), by initiative, and month by month.

    `monthly` has one row per series and month: value, the index year's same month, the
    month's actual index and achieved share (the points the forecast's spread comes from).
    """

    by_pod: pd.DataFrame
    by_initiative: pd.DataFrame
    monthly: pd.DataFrame
    index_year: dict[tuple[str, str], str]  # (measure, org) -> index year
    attribution: str
    notes: tuple[str, ...] = ()  # series left out, and why


def monthly_series(values: pd.DataFrame, orgs: list[str]) -> pd.DataFrame:
    """Monthly totals of each pod measure at each of `orgs` and at the system (the months
    where every one of them reports): measure, pod, org, period, year, month, value."""
    rows = values[values["measure"].isin(list(POD_OF_MEASURE)) & values["org"].isin(orgs)
                  & values["value"].notna()][["measure", "org", "period", "value"]]
    if rows.empty:
        return pd.DataFrame(columns=[*SERIES, "period", "year", "month", "value"])
    per = rows.groupby(["measure", "period"]).agg(value=("value", "sum"),
                                                  n=("org", "nunique")).reset_index()
    system = per[per["n"] == len(orgs)].drop(columns="n").assign(org=SYSTEM)
    out = pd.concat([rows, system], ignore_index=True) if len(orgs) > 1 else rows.copy()
    if len(orgs) == 1:
        out = pd.concat([out, out.assign(org=SYSTEM)], ignore_index=True)
    out["pod"] = out["measure"].map(POD_OF_MEASURE)
    out["year"] = financial_year(out["period"])
    out["month"] = out["period"].dt.month
    return out[[*SERIES, "period", "year", "month", "value"]].sort_values(
        [*SERIES, "period"], ignore_index=True)


def model_series(projection, mapping: pd.DataFrame, orgs: list[str],
                 pods: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plan's momentum and planned activity (org, pod, year, momentum, planned) and each
    initiative's removal (org, pod, year, initiative, removed) at each organisation (its
    CCGs weighted by their shares) and the system."""
    factors = projection.change_factors(keys=("ccg", "pod"))
    factors = factors[factors["pod"].astype(str).isin(pods)]
    wide = factors.pivot_table(index=["ccg", "pod", "year"], columns="factor", values="value",
                               aggfunc="sum", fill_value=0.0, observed=True)
    inis = [c for c in wide.columns if c not in ("baseline", "growth", "planned")]
    wide["momentum"] = wide["baseline"] + wide["growth"]
    wide = wide.reset_index()
    wide["ccg"] = wide["ccg"].astype(str)
    wide["pod"] = wide["pod"].astype(str)
    frames = []
    if len(mapping) and orgs:
        for org in orgs:
            share = mapping[mapping["org"] == org].set_index("ccg")["share"]
            part = wide[wide["ccg"].isin(share.index)].copy()
            cols = ["momentum", "planned", *inis]
            part[cols] = part[cols].mul(part["ccg"].map(share), axis=0)
            frames.append(part.assign(org=org))
        every = pd.concat(frames, ignore_index=True)
        frames.append(every.assign(org=SYSTEM))
    else:
        frames.append(wide.assign(org=SYSTEM))
    both = pd.concat(frames, ignore_index=True).groupby(["org", "pod", "year"],
                                                        as_index=False).sum(numeric_only=True)
    totals = both[["org", "pod", "year", "momentum", "planned"]]
    removals = both.melt(id_vars=["org", "pod", "year"], value_vars=inis,
                         var_name="initiative", value_name="removed")
    removals["removed"] = -removals["removed"]
    return totals, removals[removals["removed"] != 0].reset_index(drop=True)


def achievement(monthly: pd.DataFrame, totals: pd.DataFrame, removals: pd.DataFrame,
                weights: dict[str, dict[str, float]] | None = None) -> Achievement:
    """Delivery to date from monthly actuals and the plan's series (see the module
    docstring); `weights` attributes a pod's reduction among its initiatives by the user's
    weights instead of their planned effects."""
    if monthly.empty:
        return _empty(weights)
    counts = monthly.groupby(["measure", "org", "year"])["month"].nunique()
    whole = counts[counts == 12].reset_index()
    index_year = whole.groupby(["measure", "org"])["year"].min().to_dict()
    missing = sorted({(m, o) for m, o in zip(monthly["measure"], monthly["org"], strict=True)}
                     - set(index_year))
    notes = tuple(f"{m} at {o} is left out: its actuals have no financial year with all 12 "
                  "months to index against" for m, o in missing)
    monthly = monthly[[(m, o) in index_year for m, o in
                       zip(monthly["measure"], monthly["org"], strict=True)]]
    if monthly.empty:
        return replace(_empty(weights), notes=notes)
    m = monthly.copy()
    m["index_year"] = [index_year[(a, b)] for a, b in zip(m["measure"], m["org"], strict=True)]
    base = m[m["year"] == m["index_year"]].set_index(["measure", "org", "month"])["value"]
    m["base"] = base.reindex(pd.MultiIndex.from_frame(m[["measure", "org", "month"]])).to_numpy()
    m = m[m["base"].notna()].copy()
    whole_base = base.groupby(level=["measure", "org"]).sum()
    years = m.groupby([*SERIES, "year", "index_year"], as_index=False).agg(
        actual=("value", "sum"), base_same=("base", "sum"), months=("month", "nunique"))
    years["partial"] = years["months"] < 12
    years["f"] = years["base_same"] / [whole_base[(a, b)] for a, b in
                                       zip(years["measure"], years["org"], strict=True)]
    years["actual_index"] = 100.0 * years["actual"] / years["base_same"]
    model = totals.rename(columns={"momentum": "mom", "planned": "plan"})
    years = years.merge(model, on=["org", "pod", "year"], how="inner")
    at_index = model.rename(columns={"year": "index_year", "mom": "mom0", "plan": "plan0"})
    years = years.merge(at_index, on=["org", "pod", "index_year"], how="inner")
    years["momentum_index"] = 100.0 * years["mom"] / years["mom0"]
    years["planned_index"] = 100.0 * years["plan"] / years["plan0"]
    gap = years["momentum_index"] - years["planned_index"]
    years["share_achieved"] = np.where(gap > 1e-9, (years["momentum_index"]
                                                    - years["actual_index"]) / gap.where(
        gap > 1e-9, 1.0), np.nan)
    years["planned_reduction"] = (years["mom"] - years["plan"]) * years["f"]
    years["achieved_reduction"] = years["share_achieved"] * years["planned_reduction"]
    by_pod = years[POD_COLUMNS].sort_values([*SERIES, "year"], ignore_index=True)
    by_ini = _attribute(years, removals, weights)
    # month by month: the same share with the month's actual index
    m = m.merge(years[[*SERIES, "year", "momentum_index", "planned_index"]],
                on=[*SERIES, "year"], how="inner")
    m["actual_index"] = 100.0 * m["value"] / m["base"]
    g = m["momentum_index"] - m["planned_index"]
    m["share"] = np.where(g > 1e-9, (m["momentum_index"] - m["actual_index"])
                          / g.where(g > 1e-9, 1.0), np.nan)
    monthly_out = m[[*SERIES, "period", "year", "month", "value", "base", "actual_index",
                     "momentum_index", "planned_index", "share"]].reset_index(drop=True)
    return Achievement(by_pod=by_pod, by_initiative=by_ini, monthly=monthly_out,
                       index_year=index_year, attribution=_rule(weights), notes=notes)


def _empty(weights) -> Achievement:
    monthly = pd.DataFrame(columns=[*SERIES, "period", "year", "month", "value", "base",
                                    "actual_index", "momentum_index", "planned_index",
                                    "share"])
    return Achievement(pd.DataFrame(columns=POD_COLUMNS), pd.DataFrame(
        columns=INITIATIVE_COLUMNS), monthly, {}, _rule(weights))


def _rule(weights: dict[str, dict[str, float]] | None) -> str:
    if not weights:
        return "by pod, in proportion to the initiatives' planned reductions"
    return "by pod, by the user's weights: " + "; ".join(
        f"{pod}: " + ", ".join(f"{i} {w:g}" for i, w in ws.items())
        for pod, ws in weights.items())


def _attribute(years: pd.DataFrame, removals: pd.DataFrame,
               weights: dict[str, dict[str, float]] | None) -> pd.DataFrame:
    rows = years[[*SERIES, "year", "months", "partial", "f", "achieved_reduction"]].merge(
        removals, on=["org", "pod", "year"], how="inner")
    if rows.empty:
        return pd.DataFrame(columns=INITIATIVE_COLUMNS)
    rows["planned_reduction"] = rows["removed"] * rows["f"]
    chosen = weights or {}
    if chosen:
        unknown = [(p, i) for p, ws in chosen.items() for i in ws
                   if not ((removals["pod"] == p) & (removals["initiative"] == i)).any()]
        if unknown:
            raise ForecastError([f"attribution weight for initiative '{i}' on pod '{p}': the "
                                 "plan has no such effect" for p, i in unknown])
    rows["weight"] = [float(chosen[p].get(i, 0.0)) if p in chosen else r for p, i, r in
                      zip(rows["pod"], rows["initiative"], rows["planned_reduction"],
                          strict=True)]
    total = rows.groupby([*SERIES, "year"])["weight"].transform("sum")
    rows["achieved_reduction"] = np.where(total > 0, rows["achieved_reduction"]
                                          * rows["weight"] / total.where(total > 0, 1.0),
                                          np.nan)
    rows["share_achieved"] = np.where(rows["planned_reduction"].abs() > 1e-9,
                                      rows["achieved_reduction"]
                                      / rows["planned_reduction"].where(
                                          rows["planned_reduction"].abs() > 1e-9, 1.0),
                                      np.nan)
    rows["attribution"] = ["user weights" if p in chosen else "planned effects"
                           for p in rows["pod"]]
    return rows[INITIATIVE_COLUMNS].sort_values([*SERIES, "year", "initiative"],
                                                ignore_index=True)
