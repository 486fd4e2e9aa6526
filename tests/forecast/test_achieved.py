"""Delivery to date: attribution conserves the reduction; partial years against the same
months of the index year, checked against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.forecast.achieved import achievement, model_series, monthly_series
from icsplan.forecast.mapping import ForecastError, org_map

pytestmark = pytest.mark.unit


def _monthly(values_by_year: dict[str, list[float]], org: str = "system") -> pd.DataFrame:
    rows = []
    for year, values in values_by_year.items():
        start = int(year[:4])
        for k, v in enumerate(values):
            month = 4 + k if k < 9 else k - 8
            period = pd.Timestamp(year=start + (k >= 9), month=month, day=1)
            rows.append({"measure": "ae_attendances", "pod": "ae", "org": org,
                         "period": period, "year": year, "month": month, "value": v})
    return pd.DataFrame(rows)


TOTALS = pd.DataFrame({"org": "system", "pod": "ae", "year": ["2016/17", "2017/18"],
                       "momentum": [1200.0, 1224.0], "planned": [1200.0, 1188.0]})
REMOVALS = pd.DataFrame({"org": "system", "pod": "ae", "year": ["2017/18", "2017/18"],
                         "initiative": ["a", "b"], "removed": [24.0, 12.0]})


def test_partial_year_against_the_same_months_hand_computed():
    # index year: 100 a month except April-June at 150; 2017/18: April-June only, 153 each
    base = [150.0, 150.0, 150.0] + [100.0] * 9
    monthly = _monthly({"2016/17": base, "2017/18": [153.0, 153.0, 153.0]})
    out = achievement(monthly, TOTALS, REMOVALS).by_pod.set_index("year")
    row = out.loc["2017/18"]
    assert row["months"] == 3 and bool(row["partial"])
    # actual index: 459 / 450 = 102.0; momentum 1224/1200 = 102.0; planned 1188/1200 = 99.0
    assert row["actual_index"] == pytest.approx(102.0)
    assert row["momentum_index"] == pytest.approx(102.0)
    assert row["planned_index"] == pytest.approx(99.0)
    assert row["share_achieved"] == pytest.approx(0.0)
    # planned reduction to date: (1224 - 1188) x 450 / 1350 = 12 units
    assert row["planned_reduction"] == pytest.approx(12.0)


def test_partial_year_share_hand_computed():
    base = [150.0, 150.0, 150.0] + [100.0] * 9
    # 2017/18 April-June: 445.5 in all = 99% of the same months -> index 99 = the plan
    monthly = _monthly({"2016/17": base, "2017/18": [148.5, 148.5, 148.5]})
    row = achievement(monthly, TOTALS, REMOVALS).by_pod.set_index("year").loc["2017/18"]
    assert row["actual_index"] == pytest.approx(99.0)
    assert row["share_achieved"] == pytest.approx(1.0)
    # halfway: index 100.5 -> (102 - 100.5) / 3 = 0.5
    monthly = _monthly({"2016/17": base, "2017/18": [150.75, 150.75, 150.75]})
    row = achievement(monthly, TOTALS, REMOVALS).by_pod.set_index("year").loc["2017/18"]
    assert row["share_achieved"] == pytest.approx(0.5)
    assert row["achieved_reduction"] == pytest.approx(6.0)


def test_attribution_conserves_the_reduction_by_planned_effects_and_by_weights():
    base = [100.0] * 12
    monthly = _monthly({"2016/17": base, "2017/18": [100.5] * 12})  # index 100.5: share 0.5
    for weights in (None, {"ae": {"a": 1.0, "b": 3.0}}):
        ach = achievement(monthly, TOTALS, REMOVALS, weights)
        pod = ach.by_pod.set_index("year").loc["2017/18"]
        ini = ach.by_initiative[ach.by_initiative["year"] == "2017/18"].set_index("initiative")
        assert ini["achieved_reduction"].sum() == pytest.approx(pod["achieved_reduction"])
        assert ini["planned_reduction"].sum() == pytest.approx(pod["planned_reduction"])
    plain = achievement(monthly, TOTALS, REMOVALS).by_initiative.set_index("initiative")
    assert plain["share_achieved"].tolist() == pytest.approx([0.5, 0.5])
    chosen = achievement(monthly, TOTALS, REMOVALS, {"ae": {"a": 1.0, "b": 3.0}})
    shares = chosen.by_initiative.set_index("initiative")["achieved_reduction"]
    assert shares["b"] == pytest.approx(3 * shares["a"])


def test_unknown_weight_is_refused_and_a_series_without_a_whole_year_left_out():
    monthly = _monthly({"2016/17": [100.0] * 12, "2017/18": [100.0] * 12})
    with pytest.raises(ForecastError, match="initiative 'zz' on pod 'ae'"):
        achievement(monthly, TOTALS, REMOVALS, {"ae": {"zz": 1.0}})
    short = achievement(_monthly({"2016/17": [100.0] * 11}), TOTALS, REMOVALS)
    assert short.by_pod.empty
    assert short.notes == ("ae_attendances at system is left out: its actuals have no "
                           "financial year with all 12 months to index against",)
    both = pd.concat([monthly, _monthly({"2016/17": [5.0] * 11}, org="RDD")])
    kept = achievement(both, TOTALS, REMOVALS)
    assert set(kept.by_pod["org"]) == {"system"} and len(kept.notes) == 1


def test_org_shares_of_the_model_add_up_to_the_system(scenario, projection):
    mapping = org_map(scenario)
    orgs = sorted(mapping["org"].unique())
    assert orgs == ["RAJ", "RDD", "RQ8"]
    totals, removals = model_series(projection, mapping, orgs, ["ae", "non_elective"])
    by = totals.groupby(["org", "pod", "year"])["momentum"].sum().unstack("org")
    assert np.allclose(by[orgs].sum(axis=1), by["system"])
    summary = projection.summary().set_index(["pod", "year"])
    assert np.allclose(by["system"].to_numpy(), summary.loc[by.index, "momentum"].to_numpy())
    rem = removals[removals["org"] == "system"].groupby(["pod", "year"])["removed"].sum()
    planned_gap = (summary["momentum"] - summary["planned"]).loc[rem.index]
    assert np.allclose(rem.to_numpy(), planned_gap.to_numpy())


def test_monthly_series_adds_the_organisations_up():
    periods = pd.date_range("2016-04-01", periods=3, freq="MS")
    values = pd.DataFrame({"measure": "ae_attendances", "org": ["A"] * 3 + ["B"] * 2,
                           "period": list(periods) + list(periods[:2]),
                           "value": [1.0, 2.0, 3.0, 10.0, 20.0]})
    out = monthly_series(values, ["A", "B"])
    system = out[out["org"] == "system"]
    assert system["value"].tolist() == [11.0, 22.0]  # March: B missing, left out
