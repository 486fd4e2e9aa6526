"""Import and export of each register: all or nothing, one problem per bad row."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from sqlalchemy import func, select

from icsplan.register import transaction
from icsplan.register.models import REGISTER_MODELS, AuditEntry, Risk
from icsplan.register.transfer import (
    RegisterImportError,
    export_file,
    import_file,
)

pytestmark = pytest.mark.functional


def _counts(engine) -> dict[str, int]:
    with transaction(engine, "reader") as s:
        counts = {r: s.scalar(select(func.count()).select_from(m))
                  for r, m in REGISTER_MODELS.items()}
        counts["audit"] = s.scalar(select(func.count()).select_from(AuditEntry))
        return counts


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_register_round_trips(seeded, tmp_path, suffix):
    before = _counts(seeded)
    for register in REGISTER_MODELS:
        with transaction(seeded, "alice") as s:
            path = export_file(s, register, tmp_path / f"{register}{suffix}")
        with transaction(seeded, "alice") as s:
            counts = import_file(s, register, path)
        assert counts["added"] == counts["updated"] == 0, register
        assert counts["unchanged"] == before[register]
    assert _counts(seeded) == before  # nothing changed, so nothing audited


def test_an_edited_export_updates_only_what_changed(seeded, tmp_path):
    with transaction(seeded, "alice") as s:
        path = export_file(s, "risks", tmp_path / "risks.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame.id == "R02", "likelihood"] = "5"
    frame.to_csv(path, index=False)
    with transaction(seeded, "bob") as s:
        assert import_file(s, "risks", path) == {"added": 0, "updated": 1, "unchanged": 17}
        row = s.get(Risk, "R02")
        assert (row.likelihood, row.version) == (5, 2)
    # the same file again is now stale for R02: refused, nothing written
    with pytest.raises(RegisterImportError, match="changed in the register since"), \
            transaction(seeded, "carol") as s:
        import_file(s, "risks", path)


def test_a_bad_file_reports_each_bad_row_and_changes_nothing(seeded, tmp_path):
    with transaction(seeded, "alice") as s:
        path = export_file(s, "risks", tmp_path / "risks.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "impact"] = "9"
    frame.loc[3, "likelihood"] = "often"
    frame.loc[5, "description"] = ""
    frame.loc[6, "likelihood"] = "1"  # a good change in a bad file: must not be applied
    frame.to_csv(path, index=False)
    before = _counts(seeded)
    with pytest.raises(RegisterImportError) as err, transaction(seeded, "bob") as s:
        import_file(s, "risks", path)
    found = sorted((p.row, p.field, p.value) for p in err.value.problems)
    assert found == [(2, "impact", "9"), (5, "likelihood", "often"), (7, "description", None)]
    assert all(p.file == "risks.csv" for p in err.value.problems)
    assert _counts(seeded) == before
    with transaction(seeded, "reader") as s:
        assert s.get(Risk, "R07").version == 1


KILLED_IMPORT = textwrap.dedent("""
    import sys
    from icsplan.register import make_engine, transaction
    from icsplan.register.transfer import import_file
    engine = make_engine(sys.argv[1])
    def progress(n):
        print(f"flushed {n}", flush=True)
        if n >= 1000:
            import time; time.sleep(60)  # written but not committed: wait to be killed
    with transaction(engine, "importer") as s:
        import_file(s, "risks", sys.argv[2], progress=progress)
    print("committed", flush=True)
""")


def test_an_import_killed_part_way_leaves_the_database_as_it_was(seeded, db_url, tmp_path):
    rows = [{"id": f"K{i:05d}", "category": "Bulk", "description": f"risk {i}", "impact": 3,
             "likelihood": 2, "source": "bulk"} for i in range(3000)]
    path = tmp_path / "bulk.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    before = _counts(seeded)
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, db_url, str(path)],
                            stdout=subprocess.PIPE, text=True)
    flushed = 0
    for line in proc.stdout:
        flushed = int(line.split()[1])
        if flushed >= 1000:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert flushed >= 1000 and proc.returncode == -signal.SIGKILL
    assert _counts(seeded) == before


def test_a_milestone_of_an_unknown_scheme_is_a_problem_not_a_crash(seeded, tmp_path):
    path = tmp_path / "milestones.csv"
    pd.DataFrame([{"id": "M99", "scheme_id": "no-such-scheme", "name": "Go live",
                   "planned_date": "2017-04-01", "status": "planned"}]).to_csv(path, index=False)
    with pytest.raises(RegisterImportError) as err, transaction(seeded, "bob") as s:
        import_file(s, "milestones", path)
    [problem] = err.value.problems
    assert (problem.row, problem.field, problem.value) == (2, "scheme_id", "no-such-scheme")


def test_blank_optional_cells_take_the_fields_default(seeded, tmp_path):
    path = tmp_path / "risks.csv"
    pd.DataFrame([{"id": "RB", "category": "Estates", "description": "Late handover",
                   "impact": "3", "likelihood": "3", "mitigation": "", "owner": "",
                   "review_date": "", "source": ""}]).to_csv(path, index=False)
    with transaction(seeded, "bob") as s:
        assert import_file(s, "risks", path)["added"] == 1
        row = s.get(Risk, "RB")
        assert (row.mitigation, row.owner, row.review_date, row.source) == ("", None, None, "")
