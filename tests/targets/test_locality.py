import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from icsplan.targets import locality_targets


@pytest.mark.unit
def test_locality_targets_columns_and_identities(mse, mse_projection):
    t = locality_targets(mse, mse_projection)
    assert list(t.columns) == ["ccg", "locality", "pod", "population", "baseline", "momentum",
                               "target", "reduction_vs_baseline", "reduction_vs_momentum",
                               "gross_savings_gbp"]
    assert len(t) == 26 * 5
    assert (t["reduction_vs_momentum"] == t["momentum"] - t["target"]).all()
    assert (t["reduction_vs_baseline"] == t["baseline"] - t["target"]).all()


@pytest.mark.functional
def test_locality_targets_add_up_to_the_system(mse, mse_projection):
    t = locality_targets(mse, mse_projection)
    summary = mse_projection.summary()
    last = summary[summary["year"] == "2020/21"].set_index("pod")
    assert t.groupby("pod")["target"].sum().to_dict() == pytest.approx(
        last["planned"].to_dict())


@pytest.mark.unit
@given(st.lists(st.sampled_from(["a", "b", "ä", "A", "10", ""]), unique=True),
       st.lists(st.sampled_from(["a", "b", "ä", "A", "10", "", "z"])),
       st.sampled_from(["str", object]))
def test_key_positions_are_get_indexer(index, keys, dtype):
    """Keys looked up by Arrow (text) or by the index: `get_indexer`'s positions."""
    from icsplan.targets.locality import _positions

    idx, k = pd.Index(index, dtype=dtype), pd.Series(keys, dtype=dtype)
    assert _positions(idx, k).tolist() == idx.get_indexer(k).tolist()
