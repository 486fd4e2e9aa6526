"""Interval draws: distributions, delays, validation of the intervals table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.model.uncertainty import (
    UncertaintyError,
    delayed_phasing,
    draw_parameters,
    to_value,
)
from icsplan.scenario.errors import ScenarioError


@pytest.mark.unit
@pytest.mark.parametrize("dist,lo,hi", [("normal", -1.0, 3.0), ("lognormal", 0.5, 2.0),
                                        ("logitnormal", 5.0, 40.0)])
def test_p10_and_p90_map_to_the_interval(dist, lo, hi):
    z = np.array([-1.2815515655446004, 0.0, 1.2815515655446004])
    value = to_value(dist, lo, hi, z)
    assert value[0] == pytest.approx(lo) and value[2] == pytest.approx(hi)
    assert lo < value[1] < hi
    if dist == "logitnormal":
        extreme = to_value(dist, lo, hi, np.array([-40.0, 40.0]))
        assert extreme[0] >= 0 and extreme[1] <= 100


@pytest.mark.unit
def test_delayed_phasing_reads_the_curve_late():
    phasing = np.array([[0.0, 0.0, 0.25, 0.5, 0.75, 1.0]])
    out = delayed_phasing(phasing, np.array([[0.0], [1.0], [0.5], [10.0]]))
    np.testing.assert_allclose(out[0, 0], phasing[0])
    np.testing.assert_allclose(out[1, 0], [0, 0, 0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(out[2, 0], [0, 0, 0.125, 0.375, 0.625, 0.875])
    np.testing.assert_allclose(out[3, 0], 0)


@pytest.mark.unit
def test_no_draws_is_refused(mse):
    with pytest.raises(UncertaintyError):
        draw_parameters(mse, None, 0, seed=1)


@pytest.mark.unit
@pytest.mark.parametrize("row,message", [
    ({"kind": "growth", "pod": "ae", "p10": 3, "p90": 2}, "must be below p90"),
    ({"kind": "effect", "pod": "ae", "initiative": "urgent_care", "distribution":
      "logitnormal", "p10": 0, "p90": 20}, "strictly between 0 and 100"),
    ({"kind": "delay", "initiative": "ltc", "distribution": "lognormal", "p10": 0, "p90": 1},
     "lognormal interval needs p10 above 0"),
    ({"kind": "growth", "initiative": "ltc", "pod": "ae", "p10": 1, "p90": 2}, "takes no"),
    ({"kind": "effect", "pod": "ae", "initiative": "ltc", "p10": 1, "p90": 2},
     "has no effect on 'ae'"),
    ({"kind": "growth", "pod": "maternity", "p10": 1, "p90": 2}, "maternity"),
])
def test_bad_interval_rows_are_reported_with_file_row_and_field(scenario_copy, row, message):
    from icsplan.scenario import load_scenario

    frame = pd.read_csv(scenario_copy / "intervals.csv", dtype=str, keep_default_na=False)
    bad = {c: "" for c in frame.columns} | {k: str(v) for k, v in row.items()}
    bad["source"] = "test"
    pd.concat([frame, pd.DataFrame([bad])]).to_csv(scenario_copy / "intervals.csv",
                                                   index=False)
    with pytest.raises(ScenarioError) as err:
        load_scenario(scenario_copy)
    text = "\n".join(str(p) for p in err.value.problems)
    assert message in text and "intervals.csv" in text and f"line {len(frame) + 2}" in text


@pytest.mark.unit
def test_intervals_edited_in_excel_are_validated(mse, tmp_path):
    from icsplan.scenario.excel import export_excel, import_excel

    book = export_excel(mse, tmp_path / "mse.xlsx")
    sheets = pd.read_excel(book, sheet_name=None, dtype=str, keep_default_na=False)
    sheets["intervals"].loc[0, "p10"] = "9"
    with pd.ExcelWriter(book) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(ScenarioError) as info:
        import_excel(book)
    (problem,) = info.value.problems
    assert "sheet 'intervals', row 2" in str(problem) and "must be below p90" in str(problem)


@pytest.mark.unit
@pytest.mark.parametrize("shape", [(10_000, 7, 6), (7, 3, 2), (1, 4, 1), (2, 5, 3), (1001, 13, 2)])
def test_summary_percentiles_equal_numpys_percentile_over_draws(shape):
    from icsplan.model.uncertainty import QUANTILES, summarise

    values = np.random.default_rng(7).lognormal(size=shape)
    values[:, 0] = 3.0  # a slice whose draws are all equal
    out = summarise(values)
    np.testing.assert_array_equal(out["mean"], values.mean(axis=0))
    for q, expected in zip(QUANTILES, np.percentile(values, QUANTILES, axis=0), strict=True):
        np.testing.assert_array_equal(out[f"p{q}"], expected)


@pytest.mark.unit
def test_summary_in_several_buffers_on_any_number_of_threads_equals_numpys_percentile():
    from icsplan.model.uncertainty import QUANTILES, SUMMARY_BYTES, summarise

    values = np.random.default_rng(8).poisson(900.0, size=(3_001, 150, 3)).astype(float)
    assert 8 * values.shape[0] * values[0].size > 2 * SUMMARY_BYTES  # three buffers or more
    for workers in (1, 2, 3, None):  # the buffers shared out among threads, or not
        out = summarise(values, workers)
        np.testing.assert_array_equal(out["mean"], values.mean(axis=0))
        for q, expected in zip(QUANTILES, np.percentile(values, QUANTILES, axis=0),
                               strict=True):
            np.testing.assert_array_equal(out[f"p{q}"], expected)
