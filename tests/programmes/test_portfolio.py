"""The programme portfolio: money per programme by the stated rule, milestones due in the
current quarter, and RAG computed from KPIs and milestone statuses (never set by hand)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from icsplan.programmes.portfolio import portfolio, programme_money
from icsplan.scenario.folder import load_scenario

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def scenario():
    """The mse-2019 scenario."""
    return load_scenario("mse-2019")


def test_money_takes_the_printed_net_else_savings_less_investment():
    finance = pd.DataFrame({
        "programme": ["a", "a", "a", "b", "b", "c", "c"],
        "kind": ["investment", "saving", "net_saving", "investment", "saving", "investment",
                 "saving"],
        "value_gbp": [100.0, 180.0, 153.0, 50.0, 80.0, None, 10.0]})
    money = programme_money(finance).set_index("programme")
    assert money.loc["a", "net_saving_gbp"] == 153  # printed, kept even where it disagrees
    assert money.loc["b", "net_saving_gbp"] == 30
    assert math.isnan(money.loc["c", "net_saving_gbp"])  # investment "TBC": no net
    assert money.loc["c", "unquantified_lines"] == 1


def test_the_portfolio_of_mse_2019(scenario):
    p = portfolio(scenario)
    assert p.quarter == "2019/20 Q1"  # no actuals: the first quarter after the base year
    frame = p.programmes.set_index("programme")
    assert frame.loc["respiratory", "net_saving_gbp"] == 370_017
    assert frame.loc["cardiology", "investment_gbp"] == 269_642
    assert frame.loc["pc_strategy_stp", "due_this_quarter"] == 5  # the Q1 deliverables
    assert frame["risks_rated"].sum() == 0
    # no actuals and no milestone status: RAG only from unquantified money, else not rated
    assert set(frame["rag"]) == {"A", "not rated"}
    assert frame.loc["frailty", "rag"] == "A" and "not quantified" in frame.loc[
        "frailty", "rag_reason"]


def test_milestone_status_from_the_register_sets_red_and_green(scenario):
    ms = scenario.table("programme_milestones")
    cancer = ms[ms["programme"] == "cancer_stp"][["programme", "project", "milestone"]]
    status = cancer.assign(status="complete")
    p = portfolio(scenario, milestone_status=status)
    assert p.programmes.set_index("programme").loc["cancer_stp", "rag"] == "G"
    late = cancer.assign(status=["delayed"] + ["on_track"] * (len(cancer) - 1))
    p = portfolio(scenario, milestone_status=late)
    row = p.programmes.set_index("programme").loc["cancer_stp"]
    assert row["rag"] == "R" and "delayed" in row["rag_reason"]
