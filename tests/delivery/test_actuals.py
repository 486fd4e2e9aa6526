"""Reading actuals files: both formats, and one clear problem per bad row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from icsplan.delivery.actuals import ActualsError, read_actuals
from icsplan.errors import InputError

AE = Path("/work/shared/data/ae_attendances.csv")
AE_HEADER = "period,org_code,type,attendances,breaches,admissions\n"


def write(tmp_path: Path, text: str, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def problems(path: Path, measures: pd.DataFrame | None = None) -> list[str]:
    with pytest.raises(ActualsError) as info:
        read_actuals(path, measures)
    assert isinstance(info.value, InputError)
    return [str(p) for p in info.value.problems]


@pytest.mark.unit
def test_reads_the_nhs_england_ae_file():
    a = read_actuals(AE)
    assert a.format == "nhse_ae"
    assert len(a.rows) == 12765 and a.rows["org_code"].nunique() == 274
    assert a.rows["period"].min() == pd.Timestamp("2016-04-01")
    assert set(a.rows["type"]) == {"1", "2", "other"}


@pytest.mark.unit
def test_each_bad_ae_row_gives_one_problem_naming_line_field_and_value(tmp_path):
    path = write(tmp_path, AE_HEADER
                 + "2016-04-01,RDD,1,100,10,20\n"
                 + "2016-13-01,RDD,2,100,10,20\n"      # line 3: bad date
                 + "2016-05-01,rd d,1,100,10,20\n"     # line 4: unknown org
                 + "2016-05-01,RQ8,1,100,120,20\n"     # line 5: breaches above attendances
                 + "2016-04-01,RDD,1,90,9,20\n"        # line 6: duplicate of line 2
                 + "2016-05-01,RQ8,4,100,1,2\n"        # line 7: unknown type
                 + "2016-06-01,RQ8,1,ten,1,2\n")       # line 8: not a number
    found = problems(path)
    assert len(found) == 6
    assert any("line 3" in p and "'2016-13-01'" in p and "date" in p for p in found)
    assert any("line 4" in p and "unknown org 'rd d'" in p for p in found)
    assert any("line 5" in p and "breaches '120' above attendances '100'" in p for p in found)
    assert any("line 6" in p and "duplicate period" in p and "line 2" in p for p in found)
    assert any("line 7" in p and "unknown A&E type '4'" in p for p in found)
    assert any("line 8" in p and "'ten'" in p for p in found)


@pytest.mark.unit
def test_long_format_with_numerator_and_denominator(tmp_path, mse):
    path = write(tmp_path, "measure,org,period,numerator,denominator\n"
                 "rtt_18wk,RDD,2016-04-01,900,1000\nrtt_18wk,RDD,2016-05,450,500\n")
    a = read_actuals(path, mse.table("kpi_measures"))
    assert a.format == "long"
    assert a.rows["value"].tolist() == [90.0, 90.0]
    assert a.rows["period"].tolist() == [pd.Timestamp("2016-04-01"), pd.Timestamp("2016-05-01")]


@pytest.mark.unit
def test_bad_long_rows(tmp_path, mse):
    path = write(tmp_path, "measure,org,period,value,numerator,denominator\n"
                 "rtt_18wk,RDD,2016-04-01,,900,1000\n"
                 "rtt_18wk,XYZ,2016-04-01,91,,\n"          # unknown org for the measure
                 "waiting_list,RDD,2016-04-01,5,,\n"       # unknown measure
                 "rtt_18wk,RQ8,2016-04-01,,1100,1000\n"    # numerator above denominator
                 "rtt_18wk,RDD,2016-04-01,90,,\n"          # duplicate of line 2
                 "rtt_18wk,RAJ,April 2016,90,,\n"          # unparsable date
                 "rtt_18wk,RAJ,2016-05-01,,,\n")           # no value
    found = problems(path, mse.table("kpi_measures"))
    assert len(found) == 6, found
    assert any("line 3" in p and "unknown org 'XYZ' for measure 'rtt_18wk'" in p for p in found)
    assert any("line 4" in p and "unknown measure 'waiting_list'" in p for p in found)
    assert any("line 5" in p and "numerator '1100' above denominator '1000'" in p
               for p in found)
    assert any("line 6" in p and "duplicate period" in p for p in found)
    assert any("line 7" in p and "'April 2016'" in p for p in found)
    assert any("line 8" in p and "no value" in p for p in found)


@pytest.mark.unit
def test_unrecognised_or_extra_columns_and_empty_files(tmp_path):
    assert "columns not recognised" in problems(write(tmp_path, "a,b\n1,2\n"))[0]
    extra = problems(write(tmp_path, AE_HEADER.strip() + ",note\n2016-04-01,RDD,1,1,0,0,x\n"))
    assert extra == ["actuals.csv, field 'note': unknown column 'note' (expected: period, "
                     "org_code, type, attendances, breaches, admissions)"]
    assert "no rows" in problems(write(tmp_path, AE_HEADER))[0]
    assert "cannot be read" in problems(write(tmp_path, ""))[0]
    assert "no such file" in problems(tmp_path / "missing.csv")[0]
