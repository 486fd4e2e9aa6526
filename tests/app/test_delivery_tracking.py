"""The Delivery page tracks the --actuals file and the register's uploaded actuals together:
the register's month wins where both give one, each series says where its actuals come from,
and an upload shows on the next render without restarting the app."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.app.context import AppContext
from icsplan.app.register_items import upload_actuals
from icsplan.app.tracking import (
    BOTH,
    FILE,
    REGISTER,
    merge_actuals,
    series_sources,
    sources_sentence,
    tracked,
)
from icsplan.delivery.actuals import Actuals, read_actuals
from icsplan.register import make_engine, upgrade
from icsplan.register.actuals import stored_actuals
from icsplan.scenario import load_scenario
from tests.app.conftest import ACTUALS
from tests.app.test_register_items import data_url

pytestmark = pytest.mark.functional


def _long(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["measure", "org", "period", "value"])
    return frame.assign(period=pd.to_datetime(frame["period"]), numerator=np.nan,
                        denominator=np.nan)


def test_the_registers_month_wins_and_each_series_knows_its_source():
    file = Actuals("trust.csv", "long", _long([
        ("rtt_18wk", "RDD", "2017-03-01", 90.0), ("rtt_18wk", "RDD", "2017-04-01", 91.0),
        ("rtt_18wk", "RAJ", "2017-04-01", 80.0)]))
    stored = _long([("rtt_18wk", "RDD", "2017-04-01", 95.5),
                    ("rtt_18wk", "RDD", "2017-05-01", 96.0),
                    ("rtt_18wk", "RQ8", "2017-05-01", 70.0)]).astype({"value": object})
    rows, derived = merge_actuals(file, stored)
    rdd = rows[rows["org"] == "RDD"].set_index("period")["value"]
    assert rdd.to_dict() == {pd.Timestamp("2017-03-01"): 90.0, pd.Timestamp("2017-04-01"): 95.5,
                             pd.Timestamp("2017-05-01"): 96.0}
    assert len(rows) == 5 and not derived
    assert series_sources(rows) == {("rtt_18wk", "RAJ"): FILE, ("rtt_18wk", "RDD"): BOTH,
                                    ("rtt_18wk", "RQ8"): REGISTER}
    assert merge_actuals(None, stored)[0]["source"].eq(REGISTER).all()


@pytest.fixture
def ctx(tmp_path):
    if not ACTUALS.is_file():
        pytest.skip("needs ../shared/data beside the project")
    scenario = load_scenario("mse-2016")
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    yield AppContext(scenario=scenario, engine=engine,
                     actuals=read_actuals(ACTUALS, scenario.kpi_measures))
    engine.dispose()


def _point(result, measure: str, org: str, month: str) -> float:
    spc = result.spc
    row = spc[(spc["measure"] == measure) & (spc["org"] == org)
              & (spc["x"] == pd.Timestamp(month))]
    return float(row["y"].iloc[0])


def test_uploaded_months_join_the_file_and_show_without_a_restart(ctx):
    before = tracked(ctx)
    assert before.result is ctx.base_plan.delivery  # nothing stored: the start-up tracking
    assert sources_sentence(before).startswith("Every series' actuals come from "
                                               "ae_attendances.csv")
    file_april = _point(before.result, "ae_4hr_all", "RDD", "2017-04-01")
    lines, ok = upload_actuals(ctx, "alice", data_url(
        "measure,org,period,value\nae_4hr_all,RDD,2017-04-01,50.5\n"), "april.csv")
    assert ok, lines
    after = tracked(ctx)
    assert after is not before and tracked(ctx) is after  # cached until the register changes
    assert _point(after.result, "ae_4hr_all", "RDD", "2017-04-01") == 50.5 != file_april
    assert _point(after.result, "ae_4hr_all", "RQ8", "2017-04-01") == _point(
        before.result, "ae_4hr_all", "RQ8", "2017-04-01")
    # the file's series are all still tracked, England's A&E-derived ones among them
    assert set(map(tuple, before.result.kpi_summary[["measure", "org"]].to_numpy())) == set(
        map(tuple, after.result.kpi_summary[["measure", "org"]].to_numpy()))
    assert after.sources[("ae_4hr_all", "RDD")] == BOTH
    sentence = sources_sentence(after)
    assert "A&E 4-hour performance (all types) at Basildon" in sentence
    assert "from the register for the months it holds" in sentence
    assert "every other series from ae_attendances.csv" in sentence
    # a month the file does not have: the series now ends there
    lines, ok = upload_actuals(ctx, "alice", data_url(
        "measure,org,period,value\nae_4hr_all,RDD,2019-04-01,77.7\n"), "may.csv")
    assert ok, lines
    latest = tracked(ctx).result.kpi_summary.set_index(["measure", "org"])
    assert latest.loc[("ae_4hr_all", "RDD"), "latest_period"] == "2019-04"
    assert latest.loc[("ae_4hr_all", "RDD"), "latest_value"] == 77.7
    with ctx.transaction("reader") as session:
        assert len(stored_actuals(session)) == 2


def test_the_register_alone_gives_the_page_its_tracking(tmp_path):
    from icsplan.app.pages.delivery import kpi_parts

    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    ctx = AppContext(scenario=load_scenario("mse-2016"), engine=engine)
    assert tracked(ctx).result is None
    assert "upload a month's actuals on the Register page" in str(kpi_parts(ctx))
    lines, ok = upload_actuals(ctx, "alice", data_url(
        "measure,org,period,value\nrtt_18wk,RAJ,2017-04-01,90.1\n"
        "rtt_18wk,RAJ,2017-05-01,89.0\n"), "spring.csv")
    assert ok, lines
    t = tracked(ctx)
    assert list(zip(t.result.kpi_summary["measure"], t.result.kpi_summary["org"],
                    strict=True)) == [("rtt_18wk", "RAJ")]
    assert sources_sentence(t) == ("Every series' actuals come from the register (uploaded on "
                                   "the Register page).")
    assert "delivery-sources" in str(kpi_parts(ctx))
    engine.dispose()
