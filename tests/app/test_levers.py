"""Levers: applied as a validated copy; a bad value breaks the rule a scenario folder with
the same value breaks (`icsplan check`: the same problem, located the folder's way), and
nothing else changes."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from icsplan.app.levers import apply_levers, base_levers, delayed
from icsplan.scenario import ScenarioError, load_scenario, resolve
from icsplan.scenario.folder import in_folder, save_scenario

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def mse():
    return load_scenario("mse-2016")


def test_base_levers_give_the_same_scenario(mse):
    assert apply_levers(mse, base_levers(mse)).content_hash() == mse.content_hash()


def test_levers_change_growth_reduction_and_phasing(mse):
    lv = base_levers(mse)
    lv = dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 4.0},
                             achieved_pct={**lv.achieved_pct, "frailty_eol": 50.0},
                             delay_years={**lv.delay_years, "ltc": 1})
    s = apply_levers(mse, lv)
    growth = s.tables["growth"].set_index("pod")["annual_growth_pct"]
    assert growth["ae"] == 4.0 and growth["elective"] == 3.3
    frailty = {i.id: i for i in s.initiatives}["frailty_eol"]
    assert frailty.effects[0].reduction_pct == pytest.approx(6.83 / 2)
    ltc = {i.id: i for i in s.initiatives}["ltc"]
    assert ltc.phasing["2018/19"] == 0.25 and ltc.phasing["2020/21"] == 0.75
    assert mse.tables["growth"].set_index("pod")["annual_growth_pct"]["ae"] == 2.3


def test_a_bad_growth_gives_the_folders_message(mse, tmp_path):
    lv = base_levers(mse)
    with pytest.raises(ScenarioError) as app_error:
        apply_levers(mse, dataclasses.replace(lv, growth_pct={**lv.growth_pct, "ae": 150}))
    folder = tmp_path / "s"
    shutil.copytree(resolve("mse-2016"), folder)
    growth = (folder / "growth.csv").read_text().replace("ae,,2.3,", "ae,,150,")
    (folder / "growth.csv").write_text(growth)
    with pytest.raises(ScenarioError) as folder_error:
        load_scenario(folder)
    assert [str(in_folder(p)) for p in app_error.value.problems] == [
        str(p) for p in folder_error.value.problems]


def test_a_reduction_over_100_percent_gives_the_folders_message(mse, tmp_path):
    lv = base_levers(mse)
    with pytest.raises(ScenarioError) as app_error:
        apply_levers(mse, dataclasses.replace(
            lv, achieved_pct={**lv.achieved_pct, "urgent_care": 1000}))
    bad = mse.replace(initiatives=mse.initiatives)  # same scenario, written with the bad value
    folder = save_scenario(bad, tmp_path / "s")
    text = (folder / "initiatives.yaml").read_text().replace("reduction_pct: 12.95",
                                                              "reduction_pct: 129.5")
    (folder / "initiatives.yaml").write_text(text)
    with pytest.raises(ScenarioError) as folder_error:
        load_scenario(folder)
    assert [str(in_folder(p)) for p in app_error.value.problems] == [
        str(p) for p in folder_error.value.problems]


def test_every_bad_lever_is_reported_at_once(mse):
    lv = base_levers(mse)
    bad = dataclasses.replace(lv, growth_pct={**lv.growth_pct, "daycase": -80},
                              delay_years={**lv.delay_years, "ltc": 99}, investment_pct=150)
    with pytest.raises(ScenarioError) as err:
        apply_levers(mse, bad)
    where = {(p.table, p.key, p.field) for p in err.value.problems}
    assert len(err.value.problems) == 3
    assert where == {("levers", "investment", None), ("initiatives", "ltc", "delay"),
                     ("growth", 2, "annual_growth_pct")}
    text = [str(in_folder(p)) for p in err.value.problems]
    assert any("must be between 0% and 100%" in t for t in text)
    assert any("'ltc.delay'" in t for t in text)
    assert any(t.startswith("growth.csv, line 4") for t in text)


def test_delayed_phasing_moves_the_ramp_later():
    years = ["2015/16", "2016/17", "2017/18", "2018/19"]
    phasing = {"2016/17": 0.0, "2017/18": 0.5, "2018/19": 1.0}
    assert delayed(phasing, years, 1) == {"2016/17": 0.0, "2017/18": 0.0, "2018/19": 0.5}
