"""Invariants of the financial model, as hypothesis property tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsplan.finance.bridge import bridge, closing_gap
from icsplan.finance.initiatives import at_horizon, initiative_economics, unit_costs
from icsplan.finance.response import savings_response
from icsplan.finance.result import bridge_table

pytestmark = pytest.mark.unit
FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
money = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
level = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(values=st.lists(money, min_size=1, max_size=20), nets=st.lists(money, min_size=1,
                                                                      max_size=5))
def test_bridge_steps_sum_to_the_closing_gap(values, nets):
    ids = [f"i{k}" for k in range(len(nets))]
    steps = pd.DataFrame({
        "order": range(1, len(values) + len(ids) + 1),
        "step": [f"s{k}" for k in range(len(values) + len(ids))],
        "group": ["other"] * (len(values) + len(ids)),
        "value_gbp": [*values, *([None] * len(ids))],
        "initiatives": [""] * len(values) + ids,
        "subtotal_after": "", "source": "test"})
    table = bridge(steps, dict(zip(ids, nets, strict=True)))
    assert len(table) == len(steps)  # no step lost
    total = sum(values) + sum(nets)
    assert closing_gap(table) == pytest.approx(total, abs=1e-3)
    assert table["cumulative_gbp"].iloc[-1] == pytest.approx(total, abs=1e-3)


@FAST
@given(level=level)
def test_net_is_gross_less_investment_less_stranded(scenario, projection, level):
    econ = initiative_economics(scenario, projection, level)
    assert np.allclose(econ["net_gbp"], econ["gross_gbp"] - econ["investment_gbp"]
                       - econ["stranded_gbp"])
    assert (econ["stranded_gbp"] <= econ["gross_gbp"] + 1e-6).all()


@FAST
@given(shares=st.lists(st.floats(0, 1), min_size=5, max_size=5),
       extra=st.lists(st.floats(0, 1e8), min_size=5, max_size=5))
def test_net_identity_holds_for_any_financial_inputs(scenario, projection, shares, extra):
    fin = scenario.table("initiative_finance").copy()
    fin["stranded_share"] = shares
    fin["non_activity_saving_gbp"] = extra
    changed = scenario.replace(tables={**scenario.tables, "initiative_finance": fin})
    econ = initiative_economics(changed, projection)
    assert np.allclose(econ["net_gbp"], econ["gross_gbp"] - econ["investment_gbp"]
                       - econ["stranded_gbp"])


@given(a=st.floats(-1, 3, allow_nan=False), b=st.floats(-1, 3, allow_nan=False))
def test_savings_response_is_monotone_and_capped(a, b):
    lo, hi = sorted((a, b))
    assert 0.0 <= savings_response(lo) <= savings_response(hi) <= 1.0


@FAST
@given(a=level, b=level)
def test_less_investment_never_saves_more(scenario, projection, a, b):
    lo, hi = sorted((a, b))
    full = at_horizon(initiative_economics(scenario, projection, 1.0))["gross_gbp"]
    g_lo = at_horizon(initiative_economics(scenario, projection, lo))["gross_gbp"]
    g_hi = at_horizon(initiative_economics(scenario, projection, hi))["gross_gbp"]
    assert (g_lo <= g_hi + 1e-6).all() and (g_hi <= full + 1e-6).all()


def test_money_follows_activity_once(scenario, projection):
    """Every activity unit removed is costed once: the initiatives' activity savings add up
    to (momentum - planned) x unit cost, year by year."""
    econ = initiative_economics(scenario, projection)
    by_year = econ.groupby("year", sort=False)["activity_saving_gbp"].sum().to_numpy()
    removed = (projection.momentum - projection.planned) @ unit_costs(scenario, projection)
    assert np.allclose(by_year, removed)


@FAST
@given(groups=st.lists(st.integers(0, 2), min_size=5, max_size=5))
def test_bridge_counts_each_initiative_once_however_grouped(scenario, projection, groups):
    """However the initiatives are grouped into bridge steps, the bridge carries each one's
    net saving exactly once."""
    ids = [i.id for i in scenario.initiatives]
    steps = scenario.table("bridge").copy()
    lhc = steps["initiatives"] != ""
    steps = steps[~lhc]
    extra = pd.DataFrame({
        "order": [100 + g for g in sorted(set(groups))],
        "step": [f"group {g}" for g in sorted(set(groups))], "group": "lhc",
        "value_gbp": None, "subtotal_after": "", "source": "test",
        "initiatives": [";".join(i for i, g2 in zip(ids, groups, strict=True) if g2 == g)
                        for g in sorted(set(groups))]})
    changed = scenario.replace(tables={**scenario.tables,
                                       "bridge": pd.concat([steps, extra], ignore_index=True)})
    econ = initiative_economics(changed, projection)
    table = bridge_table(changed, econ, projection)
    original = bridge_table(scenario, econ, projection)
    assert closing_gap(table) == pytest.approx(closing_gap(original), abs=1e-3)
    assert table[table["group"] == "lhc"]["value_gbp"].sum() == pytest.approx(
        at_horizon(econ)["net_gbp"].sum() + 9.6e6, abs=1e-3)


def _with_growth(scenario, pod: str, extra_pct: float):
    growth = scenario.tables["growth"].copy()
    rows = growth["pod"] == pod
    growth.loc[rows, "annual_growth_pct"] = growth.loc[rows, "annual_growth_pct"] + extra_pct
    return scenario.replace(tables={**scenario.tables, "growth": growth})


@FAST
@given(pod=st.sampled_from(["ae", "elective", "daycase", "non_elective", "outpatient"]),
       extra=st.floats(min_value=0.1, max_value=5.0, allow_nan=False),
       level=level)
def test_more_growth_in_any_pod_never_improves_the_gap(scenario, projection, pod, extra, level):
    from icsplan.model import project

    def gap(s, p):
        return closing_gap(bridge_table(s, initiative_economics(s, p, level), p))

    grown = _with_growth(scenario, pod, extra)
    assert gap(grown, project(grown)) <= gap(scenario, projection) + 1e-3


@FAST
@given(pod=st.sampled_from(["ae", "elective", "daycase", "non_elective", "outpatient"]),
       extra=st.floats(min_value=-2.0, max_value=5.0, allow_nan=False))
def test_a_change_in_activity_moves_the_demand_pressure_by_activity_times_unit_cost(
        scenario, projection, pod, extra):
    from icsplan.finance.result import activity_growth_cost
    from icsplan.model import project

    grown = _with_growth(scenario, pod, extra)
    base_proj, grown_proj = projection, project(grown)  # the base projection: computed once
    cost = float(scenario.tables["unit_costs"].set_index("pod").loc[pod, "cost_gbp"])
    cells = (base_proj.cells["pod"] == pod).to_numpy()
    more_activity = float(grown_proj.momentum[-1][cells].sum()
                          - base_proj.momentum[-1][cells].sum())
    moved = activity_growth_cost(grown, grown_proj) - activity_growth_cost(scenario, base_proj)
    assert moved == pytest.approx(more_activity * cost, rel=1e-9, abs=1e-3)
    step = "CCG and other commissioner demand growth pressure"

    def pressure(s, p):
        table = bridge_table(s, initiative_economics(s, p), p).set_index("step")
        return float(table.loc[step, "value_gbp"])

    assert pressure(scenario, base_proj) - pressure(grown, grown_proj) == pytest.approx(
        more_activity * cost, rel=1e-9, abs=1e-3)
