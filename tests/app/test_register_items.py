"""Adding and closing register items and uploading KPI actuals through the app's functions:
audited, refused when stale or invalid (one plain sentence per bad field or row), nothing
stored from a file with any problem; on SQLite and on a throw-away PostgreSQL."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import func, select

from icsplan.app.pages import register as reg
from icsplan.app.register_items import MAX_UPLOAD_BYTES, add_item, close_item, upload_actuals
from icsplan.register import history
from icsplan.register.models import KpiActual

pytestmark = pytest.mark.functional

GOOD = ("measure,org,period,value\n"
        "ae_4hr_all,RDD,2017-04-01,88.5\n"
        "ae_4hr_all,RQ8,2017-04-01,91.2\n"
        "rtt_18wk,RAJ,2017-04-01,90.1\n")
BAD_ROW = GOOD + "ae_4hr_all,RAJ,2017-04-01,lots\n"  # line 5, column value


def data_url(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    return "data:text/csv;base64," + base64.b64encode(raw).decode()


@pytest.fixture
def ctx(register_ctx):
    return register_ctx


def stored(ctx) -> int:
    with ctx.transaction("reader") as session:
        return session.scalar(select(func.count()).select_from(KpiActual))


def test_a_new_risk_is_added_audited_and_closed_with_its_audit_row(ctx):
    lines, ok = add_item(ctx, "alice", "risks", {
        "id": "R99", "category": "Workforce", "description": "GP vacancies rise",
        "impact": 4, "likelihood": 3, "mitigation": "", "owner": "Clinical lead"})
    assert ok, lines
    values, version = reg.read_item(ctx, "risks", "R99")
    assert version == 1 and values["impact"] == 4
    inserted = reg.item_history(ctx, "risks", "R99")
    assert set(inserted["action"]) == {"insert"} and set(inserted["who"]) == {"alice"}
    text, ok = close_item(ctx, "bob", "risks", "R99", version, "closed")
    assert ok and "now version 2" in text
    with ctx.transaction("reader") as session:
        [closing] = [e for e in history(session, "risk", "R99") if e.action == "update"]
    assert (closing.field, closing.old_value, closing.new_value, closing.author) == (
        "status", "open", "closed", "bob")
    # closing again from the version read before is refused, naming the change
    text, ok = close_item(ctx, "carol", "risks", "R99", version, "closed")
    assert not ok and text.startswith("Refused") and "status" in text


def test_a_closed_risk_leaves_the_heat_map(ctx):
    from icsplan.register.summary import risk_summary

    with ctx.transaction("reader") as session:
        before = risk_summary(session).risks
    key = before["id"].iloc[0]
    _, version = reg.read_item(ctx, "risks", key)
    assert close_item(ctx, None, "risks", key, version, "closed")[1]
    with ctx.transaction("reader") as session:
        after = risk_summary(session).risks
    assert len(after) == len(before) - 1 and key not in set(after["id"])


def test_bad_fields_are_one_plain_sentence_each_and_nothing_is_saved(ctx):
    lines, ok = add_item(ctx, None, "risks", {
        "id": "R 1", "category": "", "description": "x", "impact": 7, "likelihood": 2})
    assert not ok
    problems = lines[1:]
    assert any(p.startswith("Key (letters, digits and _ - . : /):") and "'R 1'" in p
               for p in problems)
    assert "Category: is required." in problems
    assert "Impact (1 to 5): must be 5 or less (got '7')." in problems
    assert not any("Input should" in p for p in problems)
    assert reg.read_item(ctx, "risks", "R 1") == (None, None)


def test_a_milestone_needs_a_scheme_and_a_taken_key_is_refused(ctx):
    lines, ok = add_item(ctx, None, "milestones", {
        "id": "M99", "scheme_id": "no_such_scheme", "name": "Go live",
        "planned_date": "2018-04-01", "status": "on track"})
    assert not ok and "Key of its scheme: there is no scheme with that key (got " \
        "'no_such_scheme')." in lines
    scheme = reg.item_keys(ctx, "schemes")[0][0]
    lines, ok = add_item(ctx, None, "milestones", {
        "id": "M99", "scheme_id": scheme, "name": "Go live", "planned_date": "2018-04-01",
        "status": "on track"})
    assert ok, lines
    _, version = reg.read_item(ctx, "milestones", "M99")
    assert close_item(ctx, None, "milestones", "M99", version, "complete")[1]
    lines, ok = add_item(ctx, None, "milestones", {
        "id": "M99", "scheme_id": scheme, "name": "Again", "planned_date": "2018-04-01",
        "status": "planned"})
    assert not ok and any("already exists" in line for line in lines)


def test_a_scheme_is_added_with_its_status_in_words_and_closed_as_delivered(ctx):
    lines, ok = add_item(ctx, None, "schemes", {
        "id": "S99", "name": "Discharge to assess", "programme": "Urgent care",
        "organisation": "mid_essex", "status": "In progress", "year": "2018/19",
        "planned_net_saving_gbp": 250000, "forecast_net_saving_gbp": "",
        "investment_gbp": 50000, "owner": ""})
    assert ok, lines
    _, version = reg.read_item(ctx, "schemes", "S99")
    text, ok = close_item(ctx, None, "schemes", "S99", version, "delivered")
    assert ok and "delivered" in text
    assert close_item(ctx, None, "schemes", "S99", 2, "closed")[1] is False  # not a scheme's


def test_writing_needs_a_login_when_the_app_has_users(ctx):
    ctx.users = {"alice": "hash"}
    assert add_item(ctx, None, "risks", {"id": "R98"})[1] is False
    assert close_item(ctx, None, "risks", "R01", 1, "closed")[1] is False
    assert upload_actuals(ctx, None, data_url(GOOD), "april.csv")[1] is False
    assert stored(ctx) == 0


def test_an_upload_with_one_bad_row_shows_its_problem_and_stores_nothing(ctx):
    lines, ok = upload_actuals(ctx, "alice", data_url(BAD_ROW), "april.csv")
    assert not ok
    assert lines[0] == "Nothing was stored: the file has 1 problem."
    assert lines[1:] == ["april.csv, line 5, field 'value': 'lots' is not a number."]
    assert stored(ctx) == 0


def test_a_valid_upload_is_stored_audited_and_a_second_replaces_changed_months(ctx):
    lines, ok = upload_actuals(ctx, "alice", data_url(GOOD), "april.csv")
    assert ok and "3 new, 0 changed, 0 already as given (April 2017)" in lines[0]
    assert stored(ctx) == 3
    revised = GOOD.replace("88.5", "89.0")
    lines, ok = upload_actuals(ctx, "bob", data_url(revised), "april.csv")
    assert ok and "0 new, 1 changed, 2 already as given" in lines[0]
    with ctx.transaction("reader") as session:
        changes = [e for e in history(session, "kpi_actual", "ae_4hr_all:RDD:2017-04")
                   if e.action == "update" and e.field == "value"]
    assert [(e.old_value, e.new_value, e.author) for e in changes] == [("88.5", "89.0", "bob")]


@pytest.mark.parametrize(("content", "name", "expected"), [
    ("measure,org,period,value\n=HYPERLINK(\"http://x\"),RDD,2017-04-01,1\n", "a.csv",
     "unknown measure '=HYPERLINK(\"http://x\")'"),
    (GOOD.encode("utf-16"), "a.csv", "UTF-16"),
    (GOOD, "a.xlsx", "must be a CSV file"),
    ("x" * (MAX_UPLOAD_BYTES + 1), "a.csv", "larger than 1,000 kB"),
    ("measure,org,period,value\nae_4hr_all,RDD,April,1\n", "../../etc/a.csv",
     "a.csv, line 2, field 'period': cannot read 'April' as a date"),
])
def test_a_hostile_upload_is_one_plain_problem_and_nothing_is_stored(ctx, content, name,
                                                                      expected):
    lines, ok = upload_actuals(ctx, "alice", data_url(content), name)
    assert not ok and any(expected in line for line in lines), lines
    assert stored(ctx) == 0


def test_a_formula_looking_organisation_is_refused_when_the_scenario_names_no_kpis(ctx):
    import pandas as pd

    from icsplan.app.register_items import formula_problems
    from icsplan.delivery.actuals import parse_actuals

    raw = pd.DataFrame({"measure": ["m"], "org": ["=1+2"], "period": ["2017-04-01"],
                        "value": ["1"]})
    rows = parse_actuals(raw, "a.csv").rows
    [problem] = formula_problems(rows, "a.csv")
    assert str(problem).startswith("a.csv, line 2, field 'org': looks like a spreadsheet "
                                   "formula")

