"""The what-if's downloads: the file name says the scenario, the version or "published",
"what-if" and the date; the workbook is made in a temporary folder that is removed, and its
figures are the what-if's (a non-default investment level)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest

from icsplan.app.context import AppContext
from icsplan.app.downloads import file_name, whatif_bytes, whatif_plan
from icsplan.app.levers import base_levers
from icsplan.scenario import load_scenario

pytestmark = pytest.mark.functional


def test_the_file_name_says_scenario_version_whatif_and_date():
    ctx = AppContext(scenario=load_scenario("mse-2016"))
    day = dt.date(2026, 12, 6)
    assert file_name(ctx, None, "xlsx", day) == "mse-2016_published_what-if_2026-12-06.xlsx"
    assert file_name(ctx, {"id": 7, "name": "winter/plan"}, "pdf", day) == \
        "winter-plan_version-7_what-if_2026-12-06.pdf"


def test_the_workbook_holds_the_whatif_and_leaves_no_file_behind(tmp_path, monkeypatch):
    import openpyxl

    # a temp dir of this test's own: the system's is shared with the other test workers,
    # whose browser downloads make and remove their own folders meanwhile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made: list[str] = []
    real = tempfile.TemporaryDirectory

    def recorded(*args, **kwargs):
        folder = real(*args, **kwargs)
        made.append(folder.name)
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", recorded)
    ctx = AppContext(scenario=load_scenario("mse-2016"))
    levers = dataclasses.replace(base_levers(ctx.scenario), investment_pct=25.0)
    plan = whatif_plan(ctx, levers)
    data = whatif_bytes(plan, "xlsx")
    assert made and all(Path(m).parent == tmp_path for m in made)  # made here...
    assert list(tmp_path.iterdir()) == []  # ...and removed
    book = openpyxl.load_workbook(io.BytesIO(data))
    header = [c.value for c in book["investment_summary"][1]]
    row = dict(zip(header, [c.value for c in book["investment_summary"][2]], strict=True))
    assert row["Investment level"] == 0.25
    assert row["Net saving (£)"] == pytest.approx(plan.finance.investment_summary.net_saving_gbp)
