"""Issue 17, items 7 and 8: implausible numbers are problems, and a user's mistake is one
plain problem with exit status 2, never "internal error, please report it"."""

from __future__ import annotations

import shutil

import pytest

from icsplan.scenario.folder import resolve
from tests.security.conftest import icsplan

pytestmark = pytest.mark.e2e


@pytest.fixture
def scn(tmp_path):
    folder = tmp_path / "scn"
    shutil.copytree(resolve("mse-2016"), folder)
    return folder


def _set_first(folder, file, column, value):
    import pandas as pd

    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(folder / file, index=False)


def _plain(result, count: int | None = None) -> list[str]:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [x for x in result.stderr.splitlines() if x.strip().startswith("- ")]
    if count is not None:
        assert len(lines) == count, result.stderr
    return lines


@pytest.mark.parametrize("file,column,value,expect", [
    ("baseline.csv", "activity", "1e308", "less than or equal to 1000000000"),
    ("unit_costs.csv", "cost_gbp", "1e300", "less than or equal to 10000000"),
    ("baseline.csv", "activity", "inf", "finite number"),
    ("unit_costs.csv", "cost_gbp", "nan", "finite number"),
])
def test_implausible_numbers_are_problems_and_no_inf_is_written(scn, tmp_path, file, column,
                                                                 value, expect):
    _set_first(scn, file, column, value)
    result = icsplan("run", str(scn), "--out", str(tmp_path / "out"))
    (line,) = _plain(result, 1)
    assert file in line and column in line and expect in line
    assert not (tmp_path / "out").exists()


def test_no_infinity_reaches_a_written_table(mse, tmp_path):
    import numpy as np

    from icsplan.errors import InputError
    from icsplan.pipeline import run_plan
    from icsplan.report.files import write_results

    plan = run_plan(mse)
    bridge = plan.finance.bridge
    bridge.loc[bridge.index[0], "value_gbp"] = np.inf  # as an out-of-range input would give
    with pytest.raises(InputError) as caught:
        write_results(plan, tmp_path / "out")
    assert "bridge.csv" in str(caught.value.problems[0])
    assert "infinite" in str(caught.value.problems[0])
    assert not (tmp_path / "out").exists()


def test_a_header_only_csv_is_one_plain_problem(scn, tmp_path):
    header = (scn / "growth.csv").read_text().splitlines()[0]
    (scn / "growth.csv").write_text(header + "\n")
    (line,) = _plain(icsplan("check", str(scn)), 1)
    assert "growth.csv" in line and "header but no rows" in line


def test_yaml_nested_fifty_thousand_deep_is_one_plain_problem(scn):
    (scn / "initiatives.yaml").write_text("[" * 50_000 + "]" * 50_000 + "\n")
    (line,) = _plain(icsplan("check", str(scn)), 1)
    assert "initiatives.yaml" in line and "nests 50000 levels deep" in line


def test_a_utf16_file_is_one_problem(scn):
    text = (scn / "baseline.csv").read_text()
    (scn / "baseline.csv").write_bytes(text.encode("utf-16"))
    (line,) = _plain(icsplan("check", str(scn)), 1)
    assert "baseline.csv" in line and "UTF-16" in line and "CSV UTF-8" in line


def test_a_stray_header_cell_is_one_problem(scn):
    lines = (scn / "baseline.csv").read_text().splitlines()
    lines[0] += "," * 19 + "note"
    (scn / "baseline.csv").write_text("\n".join(lines) + "\n")
    (line,) = _plain(icsplan("check", str(scn)), 1)
    assert "baseline.csv" in line and "'note'" in line and "delete those header cells" in line


def test_a_long_problem_list_is_capped_and_written_in_full_to_a_file(scn):
    import pandas as pd

    frame = pd.read_csv(scn / "baseline.csv", dtype=str, keep_default_na=False)
    frame["activity"] = "-1"
    frame.to_csv(scn / "baseline.csv", index=False)
    result = icsplan("check", str(scn))
    assert len(_plain(result)) == 50
    (last,) = [x for x in result.stderr.splitlines() if "the full list is in" in x]
    assert f"and {len(frame) - 50:,} more" in last
    path = last.split("the full list is in ")[1].strip()
    try:
        with open(path, encoding="utf-8") as f:
            full = f.read().splitlines()
        assert len(full) == len(frame) + 1  # the title, then every problem
    finally:
        import os

        os.unlink(path)
