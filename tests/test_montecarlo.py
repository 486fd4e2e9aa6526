"""A Monte Carlo run of the plan: principal run unchanged, reproducible, tables consistent."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.finance.result import plan_finance
from icsplan.montecarlo import ACTIVITY_COLUMNS, FINANCE_COLUMNS, monte_carlo


@pytest.fixture(scope="module")
def finance(mse, mse_projection):
    return plan_finance(mse, mse_projection)


@pytest.mark.functional
def test_principal_run_is_the_deterministic_plan(mse, mse_projection, finance):
    unc = monte_carlo(mse, mse_projection, finance, 500, seed=4, levels=("pod", "ccg"))
    assert list(unc.activity.columns) == ACTIVITY_COLUMNS
    assert list(unc.finance.columns) == FINANCE_COLUMNS
    summary = mse_projection.summary().set_index(["pod", "year"])
    pods = unc.activity[(unc.activity["level"] == "pod") & (unc.activity["measure"] == "planned")]
    for rec in pods.itertuples():
        assert rec.principal == summary.loc[(rec.pod, rec.year), "planned"]
    fin = unc.finance.set_index(["metric", "year"])
    cash = finance.cash_flow.set_index("year")
    for year in mse.years:
        assert fin.loc[("cumulative_net_gbp", year), "principal"] == cash.loc[
            year, "cumulative_net_gbp"]
    assert fin.loc[("bridge_gap_gbp", mse.years[-1]), "principal"] == pytest.approx(
        finance.bridge["value_gbp"].sum())
    assert 0.0 <= unc.gap_closes <= 1.0
    # CCG slices add up to the pod totals, draw by draw, so their means do too.
    ccg = unc.activity[unc.activity["level"] == "ccg"].groupby(["pod", "year", "measure"])[
        ["principal", "mean"]].sum()
    pod = unc.activity[unc.activity["level"] == "pod"].set_index(["pod", "year", "measure"])
    np.testing.assert_allclose(ccg["mean"], pod.loc[ccg.index, "mean"], rtol=1e-10)


@pytest.mark.functional
def test_without_intervals_every_draw_is_the_plan(mse, mse_projection, finance):
    tables = {k: v for k, v in mse.tables.items() if k != "intervals"}
    plain = mse.replace(tables=tables)
    unc = monte_carlo(plain, mse_projection, finance, 50, seed=1)
    for frame in (unc.activity, unc.finance):
        for col in ("mean", "p5", "p50", "p95"):
            np.testing.assert_allclose(frame[col], frame["principal"], rtol=1e-9, atol=1e-3)


@pytest.mark.functional
def test_same_seed_same_tables_other_seed_other_tables(mse, mse_projection, finance):
    a = monte_carlo(mse, mse_projection, finance, 300, seed=9, poisson=True)
    b = monte_carlo(mse, mse_projection, finance, 300, seed=9, poisson=True)
    c = monte_carlo(mse, mse_projection, finance, 300, seed=10, poisson=True)
    pd.testing.assert_frame_equal(a.activity, b.activity)
    pd.testing.assert_frame_equal(a.finance, b.finance)
    assert not a.activity["mean"].equals(c.activity["mean"])


@pytest.mark.functional
def test_wider_intervals_widen_the_fan(mse, mse_projection, finance):
    wide = mse.tables["intervals"].copy()
    centre = (wide["p10"] + wide["p90"]) / 2
    half = (wide["p90"] - wide["p10"]) / 2
    wide["p10"], wide["p90"] = centre - 1.5 * half, centre + 1.5 * half
    wide = wide[wide["distribution"] == "normal"]
    narrow = mse.tables["intervals"][mse.tables["intervals"]["distribution"] == "normal"]

    def spread(intervals):
        s = mse.replace(tables={**mse.tables, "intervals": intervals})
        act = monte_carlo(s, mse_projection, finance, 2000, seed=3).activity
        last = act[(act["measure"] == "planned") & (act["year"] == mse.years[-1])]
        return (last["p90"] - last["p10"]).to_numpy()

    assert (spread(wide) > spread(narrow)).all()


@pytest.mark.functional
def test_each_row_summarises_the_draws_of_its_slice_year_and_measure(mse, mse_projection,
                                                                      finance):
    from icsplan.model.draws import simulate, slice_basis
    from icsplan.model.uncertainty import QUANTILES, draw_parameters

    one = monte_carlo(mse, mse_projection, finance, 1200, seed=6, levels=("ccg",),
                      poisson=True, workers=1)
    two = monte_carlo(mse, mse_projection, finance, 1200, seed=6, levels=("ccg",),
                      poisson=True, workers=2)
    pd.testing.assert_frame_equal(one.activity, two.activity, check_exact=True)
    params = draw_parameters(mse, mse.tables["intervals"], 1200, seed=6)
    basis = slice_basis(mse, mse_projection, ("ccg", "pod"), params.pods)
    sim = simulate(basis, params, poisson=True)
    rows = one.activity.set_index(["ccg", "pod", "year", "measure"])
    assert len(rows) == len(basis.slices) * len(basis.years) * 2
    for k, (ccg, pod) in enumerate(basis.slices[["ccg", "pod"]].itertuples(index=False)):
        for y, year in enumerate(basis.years):
            for measure in ("momentum", "planned"):
                draws = getattr(sim, measure)[:, k, y]
                row = rows.loc[(ccg, pod, year, measure)]
                assert row["mean"] == draws.mean()  # counts: exact sums in any order
                for q in QUANTILES:
                    assert row[f"p{q}"] == np.percentile(draws, q)
