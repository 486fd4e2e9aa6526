"""Explain a number: every headline figure with a drill-down is the sum of its parts, and
every part of a part adds up to it (bridge steps to the gap, initiatives to a step, gross
less investment and stranded cost to an initiative's net, pods and localities to the
activity an initiative removes), for the published plan and for a what-if."""

from __future__ import annotations

import dataclasses

import pytest

from icsplan.app.explain import EXPLAINED, explain, explained_by, figure_total
from icsplan.app.levers import apply_levers, base_levers
from icsplan.app.pages.explain import href, wanted
from icsplan.pipeline import run_plan
from icsplan.run_options import RunOptions
from icsplan.scenario import load_scenario

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("mse-2016")


@pytest.fixture(scope="module", params=["published", "what-if"])
def plan(request, scenario):
    if request.param == "published":
        return run_plan(scenario, RunOptions.whatif())
    first = scenario.initiatives[0].id
    base = base_levers(scenario)
    levers = dataclasses.replace(base, investment_pct=60.0,
                                 delay_years={**base.delay_years, first: 1})
    return run_plan(apply_levers(scenario, levers), RunOptions.whatif(0.6))


@pytest.mark.parametrize("key", EXPLAINED)
def test_the_parts_add_up_to_the_card(plan, key):
    parts = explain(plan, key)
    assert parts, key
    assert parts[0].parts_sum == pytest.approx(figure_total(plan, key), rel=1e-9, abs=1e-3)
    for b in parts:
        assert b.parts_sum == pytest.approx(b.total, rel=1e-9, abs=1e-3), b.ident


def test_the_gap_drills_to_steps_initiatives_pods_and_localities(plan):
    parts = {b.ident: b for b in explain(plan, "gap")}
    bridge = plan.finance.bridge
    assert len(parts["gap-steps"].frame) == len(bridge)
    steps = [b for k, b in parts.items() if k.startswith("step-")]
    named = {i for s in bridge["initiatives"].fillna("") for i in str(s).split(";") if i}
    assert steps and {i for s in steps for i in s.frame["initiative"]} == named
    for ini in named:
        net = parts[f"initiative-{ini}"]
        assert list(net.frame["part"]) == ["gross saving", "investment", "stranded cost"]
        pods, places = parts[f"activity-pod-{ini}"], parts[f"activity-locality-{ini}"]
        assert pods.parts_sum == pytest.approx(places.parts_sum)
        assert set(places.frame["locality"]) <= set(plan.scenario.localities["locality"])


def test_net_saving_is_gross_less_investment_and_stranded(plan):
    [net, *_] = explain(plan, "net")
    parts = dict(zip(net.frame["part"], net.frame["value"], strict=True))
    inv = plan.finance.investment_summary
    assert parts["gross saving of the initiatives"] == pytest.approx(inv.gross_saving_gbp)
    assert parts["stranded cost"] <= 0 and parts["investment in the initiatives"] <= 0


def test_a_link_carries_the_figure_and_the_whatif_levers(scenario):
    levers = dataclasses.replace(base_levers(scenario), investment_pct=40.0)
    key, carried = wanted(href("gap", levers).split("?", 1)[1])
    assert key == "gap" and carried == levers.as_dict()
    assert wanted("?figure=net&levers=%7Bnot-json") == ("net", None)


def test_every_headline_card_drills_somewhere(plan):
    """Cards whose figure is not a sum of parts (the payback year, a pod against momentum)
    link to the drill-down that decides them."""
    from icsplan.headline import figures

    keys = [f.key for f in figures(plan)]
    assert [k for k in keys if explained_by(k) is None] == []
    assert explained_by("payback") == "cumulative-net"
    assert all(explained_by(k) == "avoided" for k in keys if k.startswith("pod-"))
    assert all(explain(plan, explained_by(k)) for k in keys)
