"""Reading RTT counts: the long layout (CSV and Excel), NHS England's layout, and problems."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icsplan.waiting_list.data import RttDataError, read_rtt, week_to_month_matrix
from icsplan.waiting_list.synthetic import synthetic_rtt

pytestmark = pytest.mark.unit


def test_long_csv_round_trip(tmp_path):
    counts = synthetic_rtt(providers=2, specialties=2, months=4, k=6)
    path = tmp_path / "rtt.csv"
    counts.to_long().to_csv(path, index=False)
    back = read_rtt(path)
    assert list(back.periods) == list(counts.periods)
    np.testing.assert_array_equal(back.incompletes, counts.incompletes)
    np.testing.assert_array_equal(back.completes, counts.completes)
    np.testing.assert_array_equal(back.referrals, counts.referrals)
    assert back.series.to_dict("list") == counts.series.to_dict("list")


def test_excel_and_measure_value_layout(tmp_path):
    counts = synthetic_rtt(providers=1, specialties=2, months=3, k=4)
    long = counts.to_long().melt(id_vars=["provider", "specialty", "period", "months_waited"],
                                 var_name="measure", value_name="value")
    path = tmp_path / "rtt.xlsx"
    long.to_excel(path, sheet_name="rtt", index=False)
    back = read_rtt(path)
    np.testing.assert_array_equal(back.incompletes, counts.incompletes)


def _problems(tmp_path, text):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(RttDataError) as err:
        read_rtt(path)
    return [str(p) for p in err.value.problems]


def test_bad_rows_each_give_one_problem(tmp_path):
    problems = _problems(tmp_path, (
        "period,months_waited,referrals,completes,incompletes\n"
        "2019-04,0,10,2,5\n"
        "April,1,,1,3\n"
        "2019-04,x,,1,3\n"
        "2019-05,0,10,-2,5\n"
        "2019-05,1,4,1,3\n"
        "2019-05,0,10,2,5\n"))
    assert problems == [
        "bad.csv, line 3, field 'period': cannot read 'April' as a month (expected YYYY-MM "
        "or YYYY-MM-DD)",
        "bad.csv, line 4, field 'months_waited': 'x' is not a whole number of months from 0 "
        "to 120",
        "bad.csv, line 5, field 'completes': '-2' is not a count of 0 or more",
        "bad.csv, line 6, field 'referrals': referrals are clock starts and belong on the "
        "months_waited 0 row (got '4')",
        "bad.csv, line 7: duplicate row: provider all, specialty all, months_waited 0 for "
        "2019-05 is given twice",
    ]


def test_codes_that_could_run_as_formulas_are_refused(tmp_path):
    assert _problems(tmp_path, "provider,period,months_waited,referrals,completes,incompletes\n"
                     "=HYPERLINK(1),2019-04,0,1,1,1\nRAJ,2019-05,0,1,1,1\n") == [
        "bad.csv, line 2, field 'provider': '=HYPERLINK(1)' is not a provider code (letters, "
        "digits, spaces and _ . & ( ) / -, starting with a letter or digit)"]


def test_missing_columns_and_gaps(tmp_path):
    assert _problems(tmp_path, "period,months_waited,referrals,completes,extra\n"
                     "2019-04,0,1,1,1\n") == [
        "bad.csv, field 'incompletes': the column 'incompletes' is missing (an RTT file has "
        "period, months_waited, referrals, completes, incompletes; or NHS England's RTT "
        "layout)",
        "bad.csv, field 'extra': unknown column 'extra'"]
    assert _problems(tmp_path, "period,months_waited,referrals,completes,incompletes\n"
                     "2019-04,0,1,1,1\n2019-06,0,1,1,1\n") == [
        "bad.csv: provider all, specialty all has no rows for 2019-05 (months must be "
        "consecutive)"]


def test_weekly_bands_roll_up_to_months():
    matrix = week_to_month_matrix([(0, 1), (4, 5), (5, 6), (6, np.inf)], k=1)
    # month 0 ends at 4.333 weeks: a third of band 4-5 is in it; "1 or more" takes the rest
    np.testing.assert_allclose(matrix, [[1, 0], [1 / 3, 2 / 3], [0, 1], [0, 1]])


def test_nhse_layout(tmp_path):
    bands = [f"Gt {w:02d} To {w + 1:02d} Weeks SUM 1" for w in range(6)]
    rows = []
    for month in ("April", "May"):
        for part, base in (("Part_1A", 1), ("Part_1B", 2), ("Part_2", 10), ("Part_2A", 99),
                           ("Part_3", 0)):
            for commissioner in ("06Q", "99E"):
                row = {"Period": f"RTT-{month}-2019", "Provider Org Code": "RAJ",
                       "Commissioner Org Code": commissioner, "RTT Part Type": part,
                       "Treatment Function Code": "C_110"}
                row.update({b: base for b in bands})
                row["Gt 06 Weeks SUM 1"] = base
                row["Total"] = 50 if part == "Part_3" else 7 * base
                rows.append(row)
    path = tmp_path / "nhse.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    counts = read_rtt(path)
    assert counts.max_months_waited == 1  # the open band starts at 6 weeks = month 1
    # per commissioner, month 0 = weeks 0-4 + a third of 4-5 = 4.333 bands; x 2 commissioners
    np.testing.assert_allclose(counts.incompletes[0, 0], [2 * 10 * 13 / 3, 2 * 10 * 8 / 3])
    np.testing.assert_allclose(counts.completes[0, 0], [2 * 3 * 13 / 3, 2 * 3 * 8 / 3])
    np.testing.assert_allclose(counts.referrals[0], [100, 100])
    assert list(counts.series["specialty"]) == ["C_110"]
