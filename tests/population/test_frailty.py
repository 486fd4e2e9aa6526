from __future__ import annotations

import ibis
import pytest

from icsplan.population.frailty import with_frailty


@pytest.mark.unit
def test_efi_cut_offs_follow_clegg():
    deficits = [0, 4, 5, 8, 9, 12, 13, 36]
    t = ibis.memtable({"deficits": deficits, "ltc_count": [0] * len(deficits)})
    out = ibis.duckdb.connect().to_pandas(with_frailty(t))
    assert out["frailty"].tolist() == ["fit", "fit", "mild", "mild", "moderate", "moderate",
                                       "severe", "severe"]
    assert out["efi"].iloc[-1] == 1.0
    assert out["efi"].iloc[1] == pytest.approx(4 / 36)


@pytest.mark.functional
def test_frailty_rises_with_age(duck_run, small_pop, duck):
    from icsplan.population.features import features
    from icsplan.population.schema import read_population

    tables = read_population(small_pop, duck)
    f = with_frailty(features(tables, duck_run.periods.score_index, 2016, outcome=False))
    df = duck.to_pandas(f.select("age", "efi"))
    assert df.loc[df.age >= 80, "efi"].mean() > 3 * df.loc[df.age.between(40, 59), "efi"].mean()
