"""Money under uncertainty: net savings, bridge gap and payback year for every draw.

The finance model is linear in the activity each initiative removes (finance.initiatives),
so each draw's money follows from the draw's removed activity per effect (system totals,
`model.draws`) and its phasing after delays, with the formulas of the deterministic model:

    gross_i[d, y] = (sum_e cost_e removed_e[d, y] - reprovision_i sum_(e shifted) cost_e
                     removed_e[d, y] + non_activity_i phasing_i[d, y]) x s(level)
    net_i[d, y]   = gross_i (1 - stranded_i) - investment_i x planned phasing_i[y] x level
    net[d, y]     = sum_i net_i - recurrent, pump priming and capital investment[y]
    gap[d]        = fixed bridge steps + sum over the bridge's initiatives of net_i[d, horizon]
                    - sum over demand steps of (activity_share x growth cost[d] + non-activity)
    growth cost[d] = sum over pods of (momentum[d, horizon] - baseline) x unit cost

A delay slips savings, not spending: investment follows the plan's phasing (the cautious
reading).  The payback year is the first year, from the first year of spending, after which
the cumulative net stays >= 0 to the horizon.  Poisson activity does not enter money (its
noise is negligible at system level); money uses the expected activity of each draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from icsplan.finance.phasing import investment_schedule, schedule_totals
from icsplan.finance.response import check_level, savings_response
from icsplan.model.draws import ActivityDraws


@dataclass(frozen=True)
class MoneyDraws:
    """Per draw: net by year (draws, years), its cumulative, the bridge gap (draws,) and the
    index of the payback year (-1 if none)."""

    years: tuple[str, ...]
    net: np.ndarray
    cumulative: np.ndarray
    gap: np.ndarray | None
    payback: np.ndarray


def money_draws(scenario, activity: ActivityDraws, investment_level: float = 1.0) -> MoneyDraws:
    """Net savings, cumulative net, bridge gap and payback for every draw (pounds)."""
    level = check_level(investment_level)
    response = savings_response(level)
    years = list(scenario.years)
    cost = scenario.unit_costs.set_index("pod")["cost_gbp"]
    finance = scenario.initiative_finance.set_index("initiative")
    removed = activity.removed_by_effect
    draws = removed.shape[0]
    net_by_ini: dict[str, np.ndarray] = {}
    spend = np.zeros(len(years))
    k = 0
    for i, ini in enumerate(scenario.initiatives):
        saving = np.zeros((draws, len(years)))
        shifted = np.zeros((draws, len(years)))
        for eff in ini.effects:
            value = removed[:, k, :] * float(cost.get(eff.pod, 0.0))
            saving += value
            if eff.mode == "shift":
                shifted += value
            k += 1
        planned_phase = np.array([ini.phasing.get(y, 0.0) for y in years])
        if ini.id in finance.index:
            fin = finance.loc[ini.id]
            gross = (saving - float(fin["reprovision_share"]) * shifted
                     + float(fin["non_activity_saving_gbp"]) * activity.phasing[:, i, :])
            gross = gross * response
            investment = float(fin["investment_gbp"]) * planned_phase * level
            net = gross * (1 - float(fin["stranded_share"])) - investment[None, :]
            spend += investment
        else:
            net = saving * response
        net_by_ini[ini.id] = net
    totals = schedule_totals(investment_schedule(scenario, level), years)
    one_off = totals[["recurrent", "pump_priming", "capital"]].sum(axis=1).to_numpy()
    spend += one_off
    net = sum(net_by_ini.values(), np.zeros((draws, len(years)))) - one_off[None, :]
    cumulative = np.cumsum(net, axis=1)
    basis = activity.basis
    pod_cost = np.array([float(cost.get(p, 0.0)) for p in basis.pods])
    base_by_pod = np.bincount(basis.group_pod, weights=basis.base, minlength=len(basis.pods))
    growth_cost = (activity.horizon_momentum_by_pod - base_by_pod[None, :]) @ pod_cost
    return MoneyDraws(years=tuple(years), net=net, cumulative=cumulative,
                      gap=_gap(scenario, net_by_ini, growth_cost),
                      payback=payback_index(cumulative, spend))


def _gap(scenario, net_by_ini: dict[str, np.ndarray],
         growth_cost: np.ndarray) -> np.ndarray | None:
    """The bridge's closing position per draw, or None without a bridge."""
    steps = scenario.bridge
    if steps.empty:
        return None
    gap = 0.0
    for rec in steps.to_dict(orient="records"):
        refs = [x.strip() for x in str(rec.get("initiatives") or "").split(";") if x.strip()]
        share = rec.get("activity_share")
        if share is not None and share == share:
            rest = rec.get("non_activity_gbp")
            rest = 0.0 if rest is None or rest != rest else float(rest)
            gap = gap - (float(share) * growth_cost + rest)
        elif refs:
            gap = gap + sum(net_by_ini[r][:, -1] for r in refs)
        else:
            gap = gap + float(rec["value_gbp"])
    return np.asarray(gap, dtype=float)


def payback_index(cumulative: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """Per draw, the index of the payback year (see the module docstring); -1 if none."""
    draws, years = cumulative.shape
    if not (spend > 0).any():
        return np.full(draws, -1)
    start = int(np.argmax(spend > 0))
    ok = np.minimum.accumulate((cumulative >= -1e-6)[:, ::-1], axis=1)[:, ::-1]
    ok[:, :start] = False
    return np.where(ok.any(axis=1), np.argmax(ok, axis=1), -1)


def payback_probability(money: MoneyDraws) -> pd.Series:
    """Share of draws that have paid back by each year."""
    hit = money.payback[:, None] >= 0
    by = (money.payback[:, None] <= np.arange(len(money.years))[None, :]) & hit
    return pd.Series(by.mean(axis=0), index=list(money.years))
