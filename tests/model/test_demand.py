"""The demand model: momentum growth, initiatives, change factors."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icsplan.model import ModelError, project
from icsplan.scenario import Scenario
from icsplan.scenario.schema import Effect, Initiative, ScenarioMeta


def tiny(growth: float = 2.0, reduction: float = 10.0, phasing=None, mode="remove",
         age_bands=(), baseline=None) -> Scenario:
    """A two-locality, one-pod scenario built in code."""
    meta = ScenarioMeta(name="tiny", title="Tiny", base_year="2020/21", horizon="2022/23",
                        pods=["non_elective"])
    base = baseline if baseline is not None else pd.DataFrame({
        "locality": ["a", "a", "b"], "pod": "non_elective", "age_band": ["0-64", "65+", "65+"],
        "segment": "all", "activity": [100.0, 50.0, 200.0], "source": "test"})
    tables = {
        "ccgs": pd.DataFrame({"ccg": ["c"], "name": ["C"], "source": ["t"]}),
        "localities": pd.DataFrame({"locality": ["a", "b"], "name": ["A", "B"], "ccg": "c",
                                    "population": [1000, 2000], "archetype": "",
                                    "source": "t"}),
        "baseline": base,
        "growth": pd.DataFrame({"pod": ["non_elective"], "locality": [""],
                                "annual_growth_pct": [growth], "source": ["t"]}),
        "unit_costs": pd.DataFrame({"pod": ["non_elective"], "cost_gbp": [1000.0],
                                    "source": ["t"]}),
    }
    ini = Initiative(id="frailty", name="Frailty", source="t",
                     phasing=phasing or {"2021/22": 0.5, "2022/23": 1.0},
                     effects=[Effect(pod="non_elective", reduction_pct=reduction, mode=mode,
                                     age_bands=list(age_bands), source="t")])
    return Scenario(meta=meta, tables=tables, initiatives=(ini,))


@pytest.mark.unit
def test_momentum_compounds_growth_each_year():
    p = project(tiny(growth=10.0, reduction=0.0))
    assert p.momentum.sum(axis=1) == pytest.approx([350.0, 385.0, 423.5])


@pytest.mark.unit
def test_initiative_removes_its_share_of_momentum_along_the_phasing():
    p = project(tiny(growth=0.0, reduction=10.0))
    assert p.removed["frailty"].sum(axis=1) == pytest.approx([0.0, 17.5, 35.0])
    assert p.planned.sum(axis=1) == pytest.approx([350.0, 332.5, 315.0])


@pytest.mark.unit
def test_cohort_effect_touches_only_its_age_bands():
    p = project(tiny(growth=0.0, reduction=20.0, age_bands=["65+"]))
    removed = p.removed["frailty"][-1]
    assert removed.tolist() == pytest.approx([0.0, 10.0, 40.0])


@pytest.mark.unit
def test_cohort_that_matches_nothing_is_an_error():
    with pytest.raises(ModelError, match="matches no baseline activity"):
        project(tiny(age_bands=["85+"]))


@pytest.mark.unit
def test_shifted_activity_is_tracked_separately():
    p = project(tiny(growth=0.0, reduction=10.0, mode="shift"))
    assert p.shifted[-1].sum() == pytest.approx(35.0)
    assert project(tiny(mode="remove")).shifted.sum() == 0.0


@pytest.mark.unit
def test_change_factors_add_up_from_baseline_to_planned():
    p = project(tiny())
    cf = p.change_factors()
    for year, part in cf.groupby("year"):
        steps = part.set_index("factor")["value"]
        assert steps["baseline"] + steps["growth"] + steps["frailty"] == pytest.approx(
            steps["planned"]), year


@pytest.mark.unit
def test_change_factors_for_one_locality():
    cf = project(tiny(growth=0.0)).change_factors(where={"locality": "b"})
    last = cf[cf["year"] == "2022/23"].set_index("factor")["value"]
    assert last["baseline"] == 200.0 and last["frailty"] == pytest.approx(-20.0)


@pytest.mark.functional
def test_more_growth_means_more_activity():
    low, high = project(tiny(growth=1.0)), project(tiny(growth=3.0))
    assert (high.momentum[1:] > low.momentum[1:]).all()
    assert (high.planned[1:] > low.planned[1:]).all()


@pytest.mark.functional
def test_stronger_initiative_means_less_planned_activity():
    weak, strong = project(tiny(reduction=5.0)), project(tiny(reduction=15.0))
    assert (strong.planned[1:] < weak.planned[1:]).all()


@pytest.mark.functional
def test_replacing_the_baseline_drives_the_model():
    s = tiny(growth=0.0, reduction=0.0)
    other = s.baseline.assign(activity=s.baseline["activity"] * 2)
    assert project(s, baseline=other).planned.sum() == pytest.approx(
        2 * project(s).planned.sum())


@pytest.mark.functional
def test_targets_allocation_keeps_the_system_share(mse, mse_projection):
    """Locality targets share the system effect out without changing its total."""
    p = mse_projection
    nel = (p.cells["pod"] == "non_elective").to_numpy()
    removed = p.removed["frailty_eol"][-1][nel].sum() / p.momentum[-1][nel].sum()
    assert removed == pytest.approx(0.0683)
    by_locality = p.removed["frailty_eol"][-1][nel] / p.momentum[-1][nel]
    assert by_locality.min() < 0.05 < 0.09 < by_locality.max()  # it varies by locality


@pytest.mark.unit
@settings(max_examples=60, deadline=None)
@given(growth=st.floats(-20, 50), reduction=st.floats(0, 100),
       activity=st.lists(st.floats(0, 1e6), min_size=3, max_size=3))
def test_activity_is_never_negative(growth, reduction, activity):
    base = pd.DataFrame({"locality": ["a", "a", "b"], "pod": "non_elective",
                         "age_band": ["0-64", "65+", "65+"], "segment": "all",
                         "activity": activity, "source": "t"})
    p = project(tiny(growth=growth, reduction=reduction, baseline=base))
    assert (p.planned >= -1e-9).all() and (p.momentum >= 0).all()
    assert np.all(p.planned <= p.momentum + 1e-9)


@pytest.mark.functional
def test_synthetic_national_scenario_projects_with_cohorts():
    from icsplan.scenario.build import check_scenario
    from icsplan.scenario.synthetic import national_scenario

    s = national_scenario(systems=2, localities=3)
    assert check_scenario(s) == []
    p = project(s)
    assert len(p.cells) == 2 * 3 * 5 * 20 * 3
    frail = p.removed["frailty"][-1]
    touched = p.cells[frail > 0]
    assert set(touched["segment"]) == {"high_risk"}
    assert set(touched["age_band"]) == {"75-79", "80-84", "85-89", "90-94", "95+"}


@pytest.mark.functional
def test_removals_kept_as_shares_sum_to_the_whole_arrays():
    """Each initiative's removal is held as its share on the cells it touches; the tables'
    sums from those shares equal sums of the whole (years, cells) arrays, also for a subset."""
    from icsplan.scenario import load_scenario

    p = project(load_scenario("mse-2016"))
    planned = p.momentum - sum(p.removed[i] for i in p.removed)
    assert np.array_equal(p.planned, planned)
    wide = p._long(["locality", "age_band"])
    keys = p.cells[["locality", "age_band"]].astype(str)
    for ini, arr in p.removed.items():
        whole = pd.DataFrame(arr.T, columns=p.years).groupby(
            [keys["locality"], keys["age_band"]], sort=False).sum()
        got = wide.pivot_table(index=["locality", "age_band"], columns="year",
                               values=f"removed:{ini}", sort=False)
        assert np.allclose(got.loc[whole.index, list(p.years)].to_numpy(), whole.to_numpy())
    mask = (p.cells["pod"] == "non_elective").to_numpy()
    sub = p.subset(mask)
    for ini, arr in p.removed.items():
        assert np.array_equal(sub.removed[ini], arr[:, mask])
        assert np.array_equal(sub.shifted_by[ini], p.shifted_by[ini][:, mask])


_LABELS = st.lists(st.sampled_from(["b", "a", "ä", "A", "10", "9", "b b", "z"]), min_size=0,
                   max_size=40)


@pytest.mark.unit
@given(_LABELS, st.integers(1, 12), st.sampled_from(["str", object]))
def test_cell_categoricals_are_astype_category_in_runs_or_not(labels, run, dtype):
    """The cells' categoricals (Arrow dictionary encoding, once per run of equal values where
    the column comes in runs) are those of `astype("category")`: codes and sorted
    categories."""
    from icsplan.model.demand import _categorical

    values = pd.Series([v for v in labels for _ in range(run)], dtype=dtype)
    ours, theirs = _categorical(values), values.astype("category").array
    assert list(ours.categories) == list(theirs.categories)
    assert np.array_equal(ours.codes, theirs.codes)


@pytest.mark.unit
@given(st.lists(st.sampled_from(["b", "a", "ä", "A", "10", "9"]), min_size=1, max_size=12),
       st.integers(1, 400), st.integers(0, 11), st.sampled_from([None, 5, 1500]))
def test_cell_categoricals_of_columns_that_repeat(pattern, times, extra, broken_at):
    """A column that repeats a pattern (coded from its first period) - or seems to in its
    first rows and then breaks off, after them or within them - is coded as
    `astype("category")` codes it."""
    from icsplan.model.demand import _categorical

    labels = (pattern * (times + 1))[:len(pattern) * times + extra]
    if broken_at is not None and broken_at < len(labels):
        labels[broken_at] = "z" if labels[broken_at] != "z" else "y"
    values = pd.Series(labels, dtype="str")
    ours, theirs = _categorical(values), values.astype("category").array
    assert list(ours.categories) == list(theirs.categories)
    assert np.array_equal(ours.codes, theirs.codes)


@pytest.mark.unit
@given(st.lists(st.integers(0, 5), max_size=40))
def test_groups_are_numbered_in_order_of_first_appearance(keys):
    from icsplan.model.demand import _first_appearance_codes

    key = np.array(keys, dtype=np.int64)
    codes, first = _first_appearance_codes(key)
    expected, uniques = pd.factorize(key)
    assert np.array_equal(codes, expected)
    assert np.array_equal(first, [keys.index(u) for u in uniques])


@pytest.mark.unit
@pytest.mark.parametrize("run", [1, 3, 20])
def test_cell_categoricals_with_values_first_seen_after_the_sample(run):
    """Values that first appear after the first 1,000 (the sample whose distinct values are
    looked up first) are coded as `astype("category")` codes them, in runs or not."""
    from icsplan.model.demand import _categorical

    labels = ["m", "b"] * 600 + ["a", "z", "b", "ä"] * 5
    values = pd.Series([v for v in labels for _ in range(run)], dtype="str")
    ours, theirs = _categorical(values), values.astype("category").array
    assert list(ours.categories) == list(theirs.categories) == ["a", "b", "m", "z", "ä"]
    assert np.array_equal(ours.codes, theirs.codes)


@pytest.mark.unit
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=40))
def test_row_groups_number_the_key_pairs_in_order_of_first_appearance(rows):
    """Groups of two categorical columns, found from the rows where a run starts: the
    numbering of `factorize` on the pairs, each group's first row, and the groups' starts
    exactly when every group is one run of rows."""
    from icsplan.model.demand import _row_groups

    cats = [pd.Categorical.from_codes([r[i] for r in rows], categories=list("abcd")[:n])
            for i, n in ((0, 4), (1, 3))]
    groups, first, starts = _row_groups(cats)
    expected, uniques = pd.factorize(pd.Series([f"{a},{b}" for a, b in rows], dtype=object))
    assert np.array_equal(groups, expected)
    assert [rows[i] for i in first] == [tuple(map(int, u.split(","))) for u in uniques]
    runs = [i for i in range(len(rows)) if i == 0 or rows[i] != rows[i - 1]]
    one_run_each = len(runs) == len(uniques)
    assert (starts is not None) == (one_run_each and len(rows) > 0)
    if starts is not None:
        assert starts.tolist() == runs
    no_ids, first_again, starts_again = _row_groups(cats, per_row=False)  # ids when needed
    assert np.array_equal(first_again, first)
    assert (no_ids is None) == (starts is not None)
    assert no_ids is None or np.array_equal(no_ids, groups)
    assert starts_again is None or starts_again.tolist() == runs


def _planned_by_definition(momentum, parts):
    """planned = momentum - the removals' sum, each removal momentum x (phasing x share) on
    the cells it touches, the sum started at 0 and added in the initiatives' order."""
    total = np.zeros(momentum.shape)
    touched = {}
    for ident, (phase, idx, share) in parts.items():
        removal = momentum[:, idx] * np.outer(phase, share)
        touched[ident] = removal
        total[:, idx] = total[:, idx] + removal
    return touched, momentum - total


_EDGE = [0.0, -0.0, 1.5, 250.0, -2.0]  # finite, as a valid scenario's numbers are


@pytest.mark.unit
@given(st.data())
def test_planned_is_the_definition_bit_for_bit(data):
    """The removals and planned (made year by year, rows of a year in which an initiative is
    not phased in left +0 where that is exact) are bit for bit the definition's, also with
    zero, negative and signed-zero momentum, phasing and shares."""
    from icsplan.model.demand import _planned

    years, n = 4, 12
    plain = [0.0, 1.5, 250.0]  # (then a year without phasing is left +0, not computed)
    values = st.sampled_from(plain if data.draw(st.booleans()) else _EDGE)
    momentum = np.array(data.draw(st.lists(values, min_size=years * n, max_size=years * n)),
                        dtype=float).reshape(years, n)
    parts = {}
    for k in range(data.draw(st.integers(1, 3))):
        idx = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1))))
        phase = np.array(data.draw(st.lists(st.sampled_from([0.0, -0.0, 0.5, 1.0]),
                                            min_size=years, max_size=years)))
        share = np.array(data.draw(st.lists(st.sampled_from([0.1, 0.0, -0.0, -0.2, 0.05]),
                                            min_size=len(idx), max_size=len(idx))))
        parts[f"i{k}"] = (phase, idx, share)
    touched, planned = _planned(momentum, parts)
    want_touched, want = _planned_by_definition(momentum, parts)
    assert planned.tobytes() == want.tobytes()
    for ident in parts:
        assert touched[ident].tobytes() == want_touched[ident].tobytes()


@pytest.mark.unit
@pytest.mark.parametrize(("values", "plain"), [
    ([], True), ([0.0, 1.5, 1e308, 5e-324], True), ([0.0, -0.0], False), ([1.0, -2.0], False),
    ([1.0, np.inf], False), ([1.0, -np.inf], False), ([np.nan, 1.0], False),
    ([-np.nan], False)])
def test_plain_values_are_finite_without_a_sign_bit(values, plain):
    from icsplan.model.demand import _plain

    assert _plain(np.array(values, dtype=float)) is plain


@pytest.mark.unit
@given(st.lists(st.tuples(st.sets(st.integers(0, 19), min_size=1),
                          st.lists(st.sampled_from([0.0, -0.0, 0.25, -1.5, 3.0, np.nan]),
                                   min_size=20, max_size=20)), min_size=0, max_size=4))
def test_sparse_sum_is_the_dense_sum_bit_for_bit(terms):
    """The sum of sparse vectors (terms on disjoint cells merged, others added densely) is the
    dense sum started at 0 and added in the terms' order, without its zeros."""
    from icsplan.model.demand import _sparse_sum

    n = 20
    sparse = [(np.array(sorted(cells)), np.array(vals[:len(cells)])) for cells, vals in terms]
    total = np.zeros(n)
    for idx, values in sparse:
        total[idx] += values
    want = np.flatnonzero(total != 0)
    idx, values = _sparse_sum(sparse, n)
    assert idx.tolist() == want.tolist()
    assert values.tobytes() == total[want].tobytes()
