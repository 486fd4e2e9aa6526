"""Distance-to-peer allocation: invariants (hypothesis) and a system with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icsplan.targets.peer import PeerError, ccg_allocation, locality_allocation

positive = st.floats(min_value=1.0, max_value=1e6, allow_nan=False)
ratio = st.floats(min_value=0.5, max_value=1.5, allow_nan=False)


@st.composite
def systems(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    return pd.DataFrame({
        "ccg": [f"ccg_{i}" for i in range(n)],
        "expected_activity": draw(st.lists(positive, min_size=n, max_size=n)),
        "standardised_ratio": draw(st.lists(ratio, min_size=n, max_size=n)),
        "peer_ratio": draw(st.lists(ratio, min_size=n, max_size=n)),
    })


@pytest.mark.unit
@settings(max_examples=200, deadline=None)
@given(rates=systems(), target=st.floats(min_value=0, max_value=1e6),
       floor=st.floats(min_value=0, max_value=1))
def test_allocations_add_up_are_never_negative_and_floor_only_at_or_below_peers(
        rates, target, floor):
    out = ccg_allocation(target, rates, floor)
    assert out["target"].sum() == pytest.approx(target, rel=1e-9, abs=1e-6)
    assert (out["target"] >= 0).all()
    fair = rates["expected_activity"] / rates["expected_activity"].sum()
    at_or_below = (rates["standardised_ratio"] <= rates["peer_ratio"]).to_numpy()
    if out["opportunity"].sum() > 0:
        np.testing.assert_allclose(out["target"][at_or_below], (target * floor * fair)[
            at_or_below], rtol=1e-9, atol=1e-9)
        above = ~at_or_below
        assert (out["target"][above] >= (target * floor * fair)[above] - 1e-9).all()


@pytest.mark.unit
@settings(max_examples=100, deadline=None)
@given(rates=systems(), target=st.floats(min_value=0, max_value=1e6),
       floor=st.floats(min_value=0, max_value=1), benchmark=st.sampled_from(["best", "mean"]))
def test_locality_targets_add_up_to_their_ccg(rates, target, floor, benchmark):
    ccgs = ccg_allocation(target, rates, floor)
    local = pd.DataFrame({
        "locality": [f"{c}_{k}" for c in rates["ccg"] for k in range(3)],
        "ccg": [c for c in rates["ccg"] for _ in range(3)],
        "expected_activity": np.tile([100.0, 250.0, 50.0], len(rates)),
        "standardised_ratio": np.tile([1.2, 0.9, 1.0], len(rates)),
    })
    out = locality_allocation(ccgs.set_index("ccg")["target"], local, benchmark, floor)
    by_ccg = out.groupby("ccg")["target"].sum()
    np.testing.assert_allclose(by_ccg[ccgs["ccg"]].to_numpy(), ccgs["target"].to_numpy(),
                               rtol=1e-9, atol=1e-6)
    assert (out["target"] >= 0).all()


@pytest.mark.unit
def test_known_answer_on_a_synthetic_system():
    """Three CCGs of equal expected activity 1,000: A 20% above its peers, B 10% above,
    C 5% below; target 600 with a floor share of 10%.  Opportunities 200, 100, 0; fair
    shares 1/3 each; targets 600 x (0.1/3 + 0.9 x 2/3) = 380, 600 x (0.1/3 + 0.9/3) = 200,
    600 x 0.1/3 = 20."""
    rates = pd.DataFrame({"ccg": ["a", "b", "c"], "expected_activity": [1000.0] * 3,
                          "standardised_ratio": [1.2, 1.1, 0.95], "peer_ratio": [1.0] * 3})
    out = ccg_allocation(600.0, rates, floor_share=0.1)
    np.testing.assert_allclose(out["opportunity"], [200, 100, 0])
    np.testing.assert_allclose(out["target"], [380, 200, 20])
    # CCG a's 380 over its localities against its best locality (ratio 1.0):
    local = pd.DataFrame({"locality": ["a1", "a2"], "ccg": ["a", "a"],
                          "expected_activity": [400.0, 600.0],
                          "standardised_ratio": [1.5, 1.0]})
    split = locality_allocation(out.set_index("ccg")["target"], local, "best", 0.1)
    # opportunities 200 and 0: a1 = 380 x (0.1 x 0.4 + 0.9) = 357.2, a2 = 380 x 0.06 = 22.8
    np.testing.assert_allclose(split["target"], [357.2, 22.8])
    mean = locality_allocation(out.set_index("ccg")["target"], local, "mean", 0.1)
    assert mean["benchmark"].iloc[0] == pytest.approx(1.2)  # (400 x 1.5 + 600 x 1.0) / 1000


@pytest.mark.unit
@pytest.mark.parametrize("target,floor", [(-1.0, 0.1), (10.0, 1.5)])
def test_bad_inputs_are_refused(target, floor):
    rates = pd.DataFrame({"ccg": ["a"], "expected_activity": [1.0],
                          "standardised_ratio": [1.0], "peer_ratio": [1.0]})
    with pytest.raises(PeerError):
        ccg_allocation(target, rates, floor)


@pytest.mark.functional
def test_peer_targets_from_scenario_tables(mse):
    """The allocation read from peer_rates and locality_rates of a scenario (mse-2016 ships
    none: the seeds do not publish the peer rates behind its targets)."""
    from icsplan.targets.peer import peer_targets

    assert "peer_rates" not in mse.tables
    ccgs = list(mse.tables["ccgs"]["ccg"])
    peer = pd.DataFrame({"ccg": ccgs, "pod": "non_elective",
                         "expected_activity": [30000.0, 25000, 20000, 15000, 10000],
                         "standardised_ratio": [1.10, 1.00, 0.95, 1.20, 1.05],
                         "peer_ratio": 1.0, "source": "test"})
    locs = mse.localities
    local = pd.DataFrame({"locality": locs["locality"], "pod": "non_elective",
                          "expected_activity": locs["population"] * 0.09,
                          "standardised_ratio": np.linspace(0.9, 1.2, len(locs)),
                          "source": "test"})
    s = mse.replace(tables={**mse.tables, "peer_rates": peer, "locality_rates": local})
    by_ccg, by_locality = peer_targets(s, "non_elective", 11_000.0, floor_share=0.2)
    assert by_ccg["target"].sum() == pytest.approx(11_000.0)
    assert by_locality["target"].sum() == pytest.approx(11_000.0)
    below = by_ccg[by_ccg["standardised_ratio"] <= by_ccg["peer_ratio"]]
    fair = below["expected_activity"] / peer["expected_activity"].sum()
    np.testing.assert_allclose(below["target"], 11_000.0 * 0.2 * fair)
    with pytest.raises(PeerError, match="no rows for pod 'ae'"):
        peer_targets(s, "ae", 100.0)
