import pytest

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
