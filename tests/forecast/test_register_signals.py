"""The register database's schemes and milestones as the forecast's signals, by the stated
rules of register_rules.csv: on hand-made facts, and from a real register on SQLite and on a
throw-away PostgreSQL, where they must forecast exactly as the same signals given as a table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from icsplan.finance.result import plan_finance
from icsplan.forecast.forecast import forecast_plan
from icsplan.forecast.mapping import ForecastError
from icsplan.forecast.register import register_signals
from icsplan.register import transaction
from icsplan.register.models import Milestone, Scheme
from icsplan.register.summary import SIGNAL_FACTS, summarise
from tests.forecast.test_outturn import synthetic_actuals

DAYS = 30.4375  # the default rules' days per month


def facts(*rows: dict) -> pd.DataFrame:
    base = dict.fromkeys(SIGNAL_FACTS)
    base.update(scheme="a scheme", scheme_status="in_progress", planned_net_saving_gbp=100.0,
                forecast_net_saving_gbp=100.0, milestone_status="on_track")
    return pd.DataFrame([{**base, **r} for r in rows], columns=list(SIGNAL_FACTS))


@pytest.mark.unit
def test_slips_combine_by_the_rule_and_at_risk_comes_from_status_or_shortfall(scenario):
    got = register_signals(scenario, facts(
        {"scheme_id": "s1", "initiative": "urgent_care", "milestone": "go live",
         "planned_date": dt.date(2018, 4, 1), "forecast_date": dt.date(2018, 10, 1)},
        {"scheme_id": "s1", "initiative": "urgent_care", "milestone": "review",
         "planned_date": dt.date(2018, 6, 1), "forecast_date": dt.date(2018, 7, 1),
         "actual_date": dt.date(2018, 9, 1)},  # met late: the actual date counts
        {"scheme_id": "s1", "initiative": "urgent_care", "milestone": "dropped",
         "planned_date": dt.date(2018, 1, 1), "forecast_date": dt.date(2020, 1, 1),
         "milestone_status": "cancelled"},  # not read
        {"scheme_id": "s2", "initiative": "ltc", "milestone": "pilot",
         "planned_date": dt.date(2018, 1, 1), "forecast_date": dt.date(2018, 1, 1),
         "milestone_status": "at_risk"},
        {"scheme_id": "s3", "initiative": "frailty_eol", "forecast_net_saving_gbp": 79.0},
        {"scheme_id": "s4", "initiative": "frailty_eol", "forecast_net_saving_gbp": 81.0},
        {"scheme_id": "s5", "initiative": "common_offer", "scheme_status": "stopped",
         "milestone_status": "at_risk"}))
    slips = got[got["signal"] == "slipped_milestone"]
    assert list(slips["initiative"]) == ["urgent_care"]
    # the largest slip of the scheme: 1 April to 1 October 2018 = 183 days
    assert slips["slip_months"].iloc[0] == pytest.approx(183 / DAYS)
    risky = got[got["signal"] == "at_risk"].set_index("initiative")
    assert sorted(risky.index) == ["frailty_eol", "ltc"]  # s3 is 21% short; s4 19%; s5 stopped
    assert (risky["widen_factor"] == 2.0).all()
    assert "milestone pilot is at_risk" in risky.loc["ltc", "source"]
    assert "21% below planned" in risky.loc["frailty_eol", "source"]


@pytest.mark.unit
def test_a_scenario_states_its_own_rules(scenario):
    rules = pd.DataFrame([
        {"signal": "slipped_milestone", "parameter": "combine", "value": "sum", "meaning": "x"},
        {"signal": "at_risk", "parameter": "widen_factor", "value": "3", "meaning": "x"},
        {"signal": "at_risk", "parameter": "forecast_shortfall_pct", "value": "",
         "meaning": "x"}])
    own = scenario.replace(tables={**scenario.tables, "register_rules": rules})
    got = register_signals(own, facts(
        {"scheme_id": "s1", "initiative": "ltc", "milestone": "a",
         "planned_date": dt.date(2018, 1, 1), "forecast_date": dt.date(2018, 1, 31)},
        {"scheme_id": "s1", "initiative": "ltc", "milestone": "b",
         "planned_date": dt.date(2018, 3, 1), "forecast_date": dt.date(2018, 3, 11),
         "milestone_status": "at_risk"},
        {"scheme_id": "s2", "initiative": "frailty_eol", "forecast_net_saving_gbp": 10.0}))
    assert got[got["signal"] == "slipped_milestone"]["slip_months"].tolist() == [
        pytest.approx(40 / DAYS)]  # 30 + 10 days, summed
    assert got[got["signal"] == "at_risk"][["initiative", "widen_factor"]].values.tolist() == [
        ["ltc", 3.0]]  # the shortfall rule is off


@pytest.mark.unit
def test_a_scheme_of_an_initiative_the_plan_does_not_have_is_a_problem(scenario):
    with pytest.raises(ForecastError, match="initiative 'nope'"):
        register_signals(scenario, facts({"scheme_id": "s", "initiative": "nope"}))


def _add(session, ident, initiative, milestones, forecast_saving=1000.0):
    session.add(Scheme(id=ident, name=f"scheme {ident}", programme="test",
                       organisation="mid_essex", status="in_progress",
                       planned_net_saving_gbp=1000.0, forecast_net_saving_gbp=forecast_saving,
                       investment_gbp=0.0, initiative=initiative, source="test"))
    session.flush()
    for k, (planned, forecast, status) in enumerate(milestones):
        session.add(Milestone(id=f"{ident}-m{k}", scheme_id=ident, name=f"milestone {k}",
                              planned_date=planned, forecast_date=forecast, status=status,
                              source="test"))


@pytest.mark.functional
def test_a_register_database_gives_the_same_forecast_as_its_signals_as_a_table(
        seeded, scenario, projection):
    """On SQLite and PostgreSQL: a scheme of urgent care with a milestone a year late and a
    scheme of frailty with a milestone at risk re-forecast the plan exactly as the
    equivalent register_signals.csv does (the rules read the database, not a copy)."""
    with transaction(seeded, "test") as session:
        _add(session, "uc-1", "urgent_care",
             [(dt.date(2018, 4, 1), dt.date(2019, 4, 1), "delayed"),
              (dt.date(2018, 5, 1), dt.date(2018, 8, 1), "delayed")])
        _add(session, "fr-1", "frailty_eol", [(dt.date(2018, 6, 1), None, "at_risk")])
    with transaction(seeded, "test") as session:
        summary = summarise(session)
    found = register_signals(scenario, summary.signal_facts)
    assert sorted(zip(found["initiative"], found["signal"], strict=True)) == [
        ("frailty_eol", "at_risk"), ("urgent_care", "slipped_milestone")]
    table = pd.DataFrame([
        {"initiative": "urgent_care", "signal": "slipped_milestone", "slip_months": 365 / DAYS,
         "widen_factor": None, "source": "by hand"},
        {"initiative": "frailty_eol", "signal": "at_risk", "slip_months": 0.0,
         "widen_factor": 2.0, "source": "by hand"}])
    finance = plan_finance(scenario, projection)
    values = synthetic_actuals(scenario, projection, "planned", last="2019-03-01", noise=0.005)
    by_table = forecast_plan(scenario.replace(tables={**scenario.tables,
                                                      "register_signals": table}),
                             projection, finance, values, draws=200, seed=3)
    by_db = forecast_plan(scenario, projection, finance, values, draws=200, seed=3,
                          register_facts=summary.signal_facts)
    plain = forecast_plan(scenario, projection, finance, values, draws=200, seed=3)
    pd.testing.assert_frame_equal(by_db.table, by_table.table)
    assert not by_db.table.equals(plain.table)  # the signals changed the forecast
    assert list(by_db.signals["source"].str.startswith("register: scheme")) == [True, True]


@pytest.mark.e2e
def test_icsplan_run_with_actuals_and_a_register_reads_its_signals(tmp_path):
    """`icsplan run --actuals FILE --db REGISTER`: the register's late milestone becomes the
    forecast's signal, written with its source (forecast_signals.csv) and in the board pack."""
    from typer.testing import CliRunner

    from icsplan.cli import app
    from icsplan.register.db import make_engine

    db = f"sqlite:///{tmp_path / 'register.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["register", "init", "--db", db, "--seed", "mse-2016"])
    assert result.exit_code == 0, result.output
    engine = make_engine(db)
    with transaction(engine, "test") as session:
        _add(session, "uc-1", "urgent_care",
             [(dt.date(2019, 4, 1), dt.date(2019, 10, 1), "delayed")])
    engine.dispose()
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", "mse-2016", "--actuals",
                                 "/work/shared/data/ae_attendances.csv", "--db", db,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    signals = pd.read_csv(out / "forecast_signals.csv")
    assert signals[["initiative", "signal"]].values.tolist() == [
        ["urgent_care", "slipped_milestone"]]
    assert signals["slip_months"].iloc[0] == pytest.approx(183 / DAYS)
    assert "scheme uc-1" in signals["source"].iloc[0]
    pack = next(out.glob("*.html")).read_text()
    assert "scheme uc-1" in pack
