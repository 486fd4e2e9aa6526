"""Complementary suppression (issue 17 item 5): no hidden small number can be solved for from
the published cells, rows, columns and totals of a table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsplan.safety.suppression import (
    Constraint,
    margin_constraints,
    primary,
    protect,
    with_margins,
)
from tests.security.attacker import recovered, solve_hidden

THRESHOLD = 7


def _plain(constraints: list[Constraint]) -> list[tuple[tuple[int, ...], int]]:
    return [(c.members, c.total) for c in constraints]


@st.composite
def tables_with_margins(draw):
    """A 1-, 2- or 3-way table of small counts (many of them 1-7, some 0) with every margin."""
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 4 if ndim < 3 else 3), min_size=ndim,
                                max_size=ndim)))
    size = int(np.prod(shape))
    counts = draw(st.lists(st.one_of(st.integers(0, 9), st.integers(0, 60)), min_size=size,
                           max_size=size))
    return np.array(counts, dtype=float).reshape(shape)


@pytest.mark.unit
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_with_margins())
def test_no_hidden_cell_can_be_solved_from_rows_columns_and_totals(table):
    index, constraints = margin_constraints(table.shape)
    values = with_margins(table).ravel()
    hidden = protect(values, constraints, THRESHOLD)
    # every small count is hidden, and nothing hidden can be worked out again
    assert hidden[primary(values, THRESHOLD)].all()
    assert recovered(values, _plain(constraints), hidden) == []


@pytest.mark.unit
@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=2, max_size=12))
def test_a_list_with_a_total_published_elsewhere_keeps_hidden_cells_hidden(counts):
    """The calibration deciles and `events` in risk_model.json: the total is always
    published (fixed), so a second member is hidden instead."""
    values = np.array([*counts, sum(counts)], dtype=float)
    constraints = [Constraint(tuple(range(len(counts))), len(counts))]
    fixed = np.zeros(len(values), bool)
    fixed[-1] = True
    hidden = protect(values, constraints, THRESHOLD, fixed=fixed)
    assert not hidden[-1]
    assert hidden[:-1][primary(counts, THRESHOLD)].all()
    assert recovered(values, _plain(constraints), hidden) == []


@pytest.mark.unit
def test_primary_suppression_alone_is_undone_by_the_totals():
    """The attacker is real: with only the small cells hidden, it finds them."""
    table = np.array([[3.0, 40.0, 50.0], [20.0, 30.0, 60.0]])
    index, constraints = margin_constraints(table.shape)
    values = with_margins(table).ravel()
    only_primary = primary(values, THRESHOLD)
    assert recovered(values, _plain(constraints), only_primary) == [(int(index[0, 0]), 3)]
    hidden = protect(values, constraints, THRESHOLD)
    assert hidden.sum() == 4  # a rectangle: 3, 40 / 20, 30
    lo, hi = solve_hidden(values, _plain(constraints), hidden)[int(index[0, 0])]
    assert lo == 0 and hi >= 23


@pytest.mark.unit
def test_patterns_the_one_hidden_rule_misses_are_caught_by_the_check():
    """Zeros that block a rectangle both ways pin its small cell: the check hides more."""
    table = np.array([[3.0, 0.0, 9.0], [0.0, 0.0, 12.0], [10.0, 11.0, 15.0]])
    index, constraints = margin_constraints(table.shape)
    values = with_margins(table).ravel()
    hidden = protect(values, constraints, THRESHOLD)
    assert recovered(values, _plain(constraints), hidden) == []


# --- the two examples on the real population outputs --------------------------------


@pytest.fixture(scope="module")
def population_outputs(tmp_path_factory):
    """A small synthetic mse-2016 population (2,400 people: many small numbers), run with
    suppression and written as a user would get it, and run without (the true values)."""
    import ibis

    from icsplan.population.run import run_population, write_outputs
    from icsplan.population.synth import synthesise
    from icsplan.scenario.folder import load_scenario

    scenario = load_scenario("mse-2016")
    pop = tmp_path_factory.mktemp("pop")
    synthesise(scenario, pop, seed=3, scale=0.002)
    truth = run_population(pop, ibis.duckdb.connect(), threshold=0, scenario=scenario)
    out = tmp_path_factory.mktemp("out") / "run"
    write_outputs(run_population(pop, ibis.duckdb.connect(), scenario=scenario), out)
    return truth, out


def _segment_grid(frame, column="people"):
    grid = frame.pivot(index="locality", columns="segment", values=column)
    order = [loc for loc in grid.index if loc != "all"] + ["all"]
    return grid.loc[order, ["high_risk", "rising_risk", "mostly_healthy"]]


@pytest.mark.functional
def test_a_segment_count_is_not_its_all_row_minus_the_others(population_outputs):
    import pandas as pd

    truth, out = population_outputs
    published = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    true = _segment_grid(truth.segments).astype(float).to_numpy()  # localities + `all` row
    shown = _segment_grid(published)
    shares = _segment_grid(published, "share_pct")
    n_loc = true.shape[0] - 1
    index, constraints = margin_constraints((n_loc, 3))
    values = with_margins(true[:-1]).ravel()
    hidden = np.zeros(len(values), bool)
    hidden[index[:, :3].ravel()] = (shown.to_numpy() == "*").ravel()
    # a row's total is published unless every share in it is hidden (shares reveal it)
    hidden[index[:, 3]] = (shares.to_numpy() == "*").all(axis=1)
    assert hidden.any(), "the small population should have small segment counts"
    # the example: primary suppression alone is undone by the `all` row
    assert recovered(values, _plain(constraints), primary(values, THRESHOLD) & ~np.isin(
        np.arange(len(values)), index[:, 3])) != []
    assert recovered(values, _plain(constraints), hidden) == []
    # every published count is the true one
    for (i, j), text in np.ndenumerate(shown.to_numpy()):
        assert text == "*" or float(text) == true[i, j]


@pytest.mark.functional
def test_a_calibration_decile_is_not_events_minus_the_other_deciles(population_outputs):
    import json

    import pandas as pd

    truth, out = population_outputs
    model = json.loads((out / "risk_model.json").read_text())
    total = model["evaluation"]["evaluated_on"]["events"]
    published = pd.read_csv(out / "calibration.csv", dtype=str, keep_default_na=False)
    assert published["events"].tolist() == [d["events"] for d in model["calibration"]] or \
        [str(d["events"]) for d in model["calibration"]] == published["events"].tolist()
    true = truth.calibration["events"].astype(float).tolist()
    values = [*true, float(total)]
    hidden = np.array([*(published["events"] == "*").tolist(), False])
    constraints = [(tuple(range(len(true))), len(true))]
    assert hidden.any(), "the small population should have deciles with few events"
    assert recovered(values, constraints, hidden) == []
    assert (published.loc[published["events"] == "*", "observed_rate"] == "*").all()


@pytest.mark.unit
def test_one_small_decile_hides_a_second_one():
    """The issue's case exactly: one decile of 1-7 events next to `events` in the model."""
    import pandas as pd

    from icsplan.population.run import calibration_table

    calib = pd.DataFrame({"decile": range(1, 11), "people": [240] * 10,
                          "events": [5, 9, 12, 14, 15, 19, 22, 30, 41, 90],
                          "mean_predicted": np.linspace(0.01, 0.4, 10),
                          "observed_rate": [e / 240 for e in
                                            [5, 9, 12, 14, 15, 19, 22, 30, 41, 90]]})
    values = [*calib["events"].astype(float), float(calib["events"].sum())]
    constraints = [(tuple(range(10)), 10)]
    assert recovered(values, constraints, np.append(primary(values[:10], THRESHOLD),
                                                    False)) == [(0, 5)]
    out = calibration_table(calib, THRESHOLD)
    assert out["events"].tolist()[:2] == ["*", "*"]  # the smallest other decile goes too
    assert out["observed_rate"].tolist()[:2] == ["*", "*"]
    hidden = np.append((out["events"] == "*").to_numpy(), False)
    assert recovered(values, constraints, hidden) == []


@pytest.mark.functional
def test_a_baseline_cell_is_not_its_scenario_total_minus_the_others(population_outputs):
    import pandas as pd

    truth, out = population_outputs
    costs = pd.read_csv(out / "costs.csv", dtype=str, keep_default_na=False)
    cells = truth.costs.rename(columns={"activity": "true"})
    merged = cells.merge(costs, on=["locality", "pod", "age_band", "segment"], how="outer")
    merged["true"] = merged["true"].fillna(0).astype(float)
    assert merged["activity"].notna().all(), "every cell with activity is listed"
    groups = merged.groupby(["locality", "pod"]).indices
    values = merged["true"].tolist()
    n = len(values)
    constraints = []
    for k, rows in enumerate(groups.values()):
        values.append(float(merged["true"].to_numpy()[rows].sum()))  # the scenario's total
        constraints.append((tuple(int(r) for r in rows), n + k))
    hidden = np.array([*(merged["activity"] == "*").tolist(), *[False] * len(groups)])
    assert hidden.any()
    assert recovered(values, constraints, hidden) == []
    baseline = pd.read_csv(out / "baseline.csv")
    assert len(baseline) == int((merged["activity"] != "*").sum())  # hidden cells left out
