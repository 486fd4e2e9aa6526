from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from icsplan.population.features import features
from icsplan.population.nel_risk import (
    calibration,
    design,
    evaluate,
    evaluate_table,
    fit,
    predict,
    score,
)
from icsplan.population.schema import read_population


@pytest.mark.functional
def test_risk_model_discriminates_and_is_calibrated(duck_run):
    assert duck_run.auc > 0.7
    cal = duck_run.calibration
    assert list(cal["decile"]) == list(range(1, 11))
    observed = cal["observed_rate"].astype(float)
    assert observed.iloc[-1] > 5 * observed.iloc[:5].mean()
    assert (cal["mean_predicted"] - observed).abs().max() < 0.1
    assert duck_run.model.coefficients["prior_nel"] > 0


@pytest.mark.unit
def test_ibis_score_equals_numpy(duck_run, small_pop, duck):
    tables = read_population(small_pop, duck)
    t = features(tables, duck_run.periods.eval_index, 2016)
    frame = design(t)
    ours = duck.to_pandas(t.select("patient_id", risk=score(t, duck_run.model))
                          .order_by("patient_id"))["risk"].to_numpy()
    np.testing.assert_allclose(ours, predict(frame, duck_run.model), rtol=1e-9)


@pytest.mark.unit
def test_fit_needs_both_outcomes():
    frame = pd.DataFrame({"patient_id": ["a", "b"], "age_decades": [1.0, 2.0],
                          "outcome": [0, 0]})
    with pytest.raises(ValueError, match="too small"):
        fit(frame)


@pytest.mark.unit
def test_calibration_groups_by_predicted_risk():
    risk = np.linspace(0, 1, 100)
    outcome = (risk > 0.5).astype(int)
    cal = calibration(risk, outcome, np.array([f"{i:03d}" for i in range(100)]))
    assert cal["people"].sum() == 100
    assert cal["observed_rate"].iloc[0] == 0 and cal["observed_rate"].iloc[-1] == 1


@pytest.mark.unit
@pytest.mark.parametrize(("n", "decimals"), [(997, 2), (1000, 1), (35, 0), (7, 3), (1, 2)])
def test_engine_evaluation_equals_numpy_with_ties(n, decimals):
    # many ties, some across decile boundaries (with 0 decimals two risks, each spanning
    # several deciles); fewer people than deciles; one person
    rng = np.random.default_rng(3)
    risk = np.round(rng.random(n), decimals)
    outcome = (rng.random(n) < risk).astype(np.int64)
    ids = np.array([f"{i:05x}" for i in rng.permutation(n)])
    table = ibis.memtable(pd.DataFrame({"patient_id": ids, "risk": risk, "outcome": outcome}))
    auc, cal, people, events = evaluate_table(table)
    want_auc, want_cal = evaluate(risk, outcome, ids)
    assert (people, events) == (n, int(outcome.sum()))
    assert auc == pytest.approx(want_auc, abs=1e-12, nan_ok=True)
    pd.testing.assert_frame_equal(cal, want_cal, check_dtype=False)


@pytest.mark.functional
def test_fit_sample_is_the_first_people_by_id_taken_in_the_engine(small_pop, scenario,
                                                                    monkeypatch):
    import icsplan.population.run as run_module

    monkeypatch.setattr(run_module, "MAX_FIT_ROWS", 3000)
    result = run_module.run_population(small_pop, ibis.duckdb.connect(), threshold=0,
                                       scenario=scenario)
    assert result.model.fitted_on["people"] == 3000
    tables = read_population(small_pop, ibis.duckdb.connect())
    everyone = design(features(tables, result.periods.fit_index,
                               result.periods.score_index.year))
    assert len(everyone) > 3000
    want = fit(everyone.iloc[:3000])
    assert want.coefficients == result.model.coefficients
    assert want.fitted_on == result.model.fitted_on


@pytest.mark.unit
def test_scikit_learn_is_imported_when_the_fit_needs_it_not_with_the_pipeline():
    """The pipeline's modules leave scikit-learn (and SciPy with it, ~0.9 s) to the fit or
    to `preload_solver`'s background thread, which the run starts before its features pass."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import icsplan.population.run, icsplan.cli.population\n"
            "print('sklearn' in sys.modules)\n"
            "from icsplan.population.nel_risk import preload_solver\n"
            "preload_solver().join()\n"
            "print('sklearn.linear_model' in sys.modules)\n"
            "print(preload_solver())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True", "None"]
