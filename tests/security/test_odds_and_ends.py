"""Issue 17 item 9: odds and ends found when icsplan was tried as a careless user."""

from __future__ import annotations

import io
import json
import stat
import zipfile

import pytest
import requests

from tests.security.test_app import open_app  # noqa: F401  (the app on SQLite and PostgreSQL)


def _download(served, version: str, excel: bool) -> tuple[str, bytes]:
    request = {"output": "download.data", "outputs": {"id": "download", "property": "data"},
               "inputs": [{"id": "download-folder", "property": "n_clicks",
                           "value": 0 if excel else 1},
                          {"id": "download-excel", "property": "n_clicks",
                           "value": 1 if excel else 0}],
               "changedPropIds": ["download-excel.n_clicks" if excel
                                  else "download-folder.n_clicks"],
               "state": [{"id": "download-version", "property": "value", "value": version}]}
    r = requests.post(served.url + "/_dash-update-component", json=request, timeout=300)
    assert r.status_code == 200, r.text[:500]
    data = r.json()["response"]["download"]["data"]
    import base64

    return data["filename"], base64.b64decode(data["content"])


@pytest.mark.e2e
def test_a_download_of_a_branch_version_is_named_after_its_own_scenario(open_app):  # noqa: F811
    from icsplan.register import transaction
    from icsplan.register.versions import branch_version

    scenario = open_app.ctx.scenario
    branch = scenario.replace(meta=scenario.meta.model_copy(update={"name": "braintree-pilot"}))
    with transaction(open_app.ctx.engine, "tester") as session:
        info = branch_version(session, branch, None, "tester", "a branch")
    name, content = _download(open_app, str(info.id), excel=False)
    assert name == f"braintree-pilot-v{info.id}.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert all(n.startswith(f"braintree-pilot-v{info.id}/") for n in zf.namelist())
    name, _ = _download(open_app, str(info.id), excel=True)
    assert name == f"braintree-pilot-v{info.id}.xlsx"
    name, _ = _download(open_app, "base", excel=False)
    assert name == f"{open_app.ctx.scenario.name}.zip"


# --- a read-only SQLite register can still report -------------------------------------------

NOBODY = 65534


def _invoke(args: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from icsplan.cli import app

    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output + (repr(result.exception)
                                              if result.exit_code not in (0, 2) else "")


def _as_nobody(args: list[str]) -> tuple[int, str]:
    """Run `icsplan ARGS` in a child process that has given up root for `nobody` (root ignores
    file modes, so only then is a read-only file really read-only).  The interpreter lives
    where `nobody` cannot read, so the child is forked from this process, whose modules the
    same command has already loaded."""
    import os

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, report through the pipe, never return
        code, text = 1, ""
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code, text = _invoke(args)
        except BaseException as exc:  # noqa: BLE001  (anything must reach the parent)
            text = repr(exc)
        finally:
            try:
                os.write(write, json.dumps([code, text]).encode())
            finally:
                os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    code, text = json.loads(b"".join(chunks))
    return code, text


@pytest.fixture
def shared_folder():
    """A folder `nobody` can reach (pytest's own temporary folders are root's only)."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    base = Path(tempfile.mkdtemp(prefix="icsplan-ro-"))
    os.chmod(base, 0o755)
    yield base
    for path in [base, *base.rglob("*")]:
        if path.is_dir():
            os.chmod(path, 0o755)
    shutil.rmtree(base)


@pytest.mark.functional
@pytest.mark.skipif(not hasattr(__import__("os"), "fork") or __import__("os").geteuid() != 0,
                    reason="needs root to become nobody (the test environment runs as root)")
@pytest.mark.parametrize("folder_mode", [0o555, 0o755])
def test_a_read_only_sqlite_register_can_still_report(shared_folder, folder_mode):
    import os
    import sqlite3

    data = shared_folder / "register"
    data.mkdir()
    db = data / "register.db"
    assert _invoke(["register", "init", "--db", str(db), "--seed", "mse-2016"])[0] == 0
    outputs = shared_folder / "outputs"
    outputs.mkdir()
    os.chmod(outputs, 0o777)
    # warm: the same commands as root load every module the child will need
    for args in (["register", "report", "--out", str(shared_folder / "warm-out"), "--db",
                  str(db)],
                 ["register", "export", "risks", str(shared_folder / "warm.csv"), "--db",
                  str(db)],
                 ["register", "history", "risks", "--db", str(db)]):
        code, text = _invoke(args)
        assert code == 0, text
    sqlite3.connect(f"file:{db}?mode=ro", uri=True).close()
    # the register as it would be shared: one file (still in WAL mode), everything written
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    os.chmod(db, 0o444)
    os.chmod(data, folder_mode)
    before = db.read_bytes()

    code, text = _as_nobody(["register", "report", "--out", str(outputs / "report"),
                             "--db", str(db)])
    assert code == 0, text
    assert (outputs / "report" / "register.html").is_file()
    code, text = _as_nobody(["register", "export", "risks", str(outputs / "risks.csv"), "--db",
                             str(db)])
    assert code == 0, text
    assert (outputs / "risks.csv").read_text().count("\n") > 1
    code, text = _as_nobody(["register", "history", "risks", "--db", str(db)])
    assert code == 0, text
    # a change is refused in one plain line, and the file is untouched
    import pandas as pd

    risks = pd.read_csv(outputs / "risks.csv", dtype=str, keep_default_na=False)
    text_column = next(c for c in risks.columns if c not in ("id", "version"))
    risks.loc[0, text_column] = risks.loc[0, text_column] + " (changed)"
    risks.to_csv(outputs / "changed.csv", index=False)
    code, text = _as_nobody(["register", "import", "risks", str(outputs / "changed.csv"),
                             "--db", str(db)])
    assert code == 2 and "Traceback" not in text and "read" in text.lower(), text
    assert db.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["register.db"]


# --- person-level files are written 0600 ------------------------------------------------------


@pytest.fixture(scope="module")
def small_population(tmp_path_factory):
    """A tiny synthetic population (1,200 people) and its run, made under a umask of 0 so
    that only icsplan's own modes protect the files."""
    import os

    import ibis

    from icsplan.population.run import run_population
    from icsplan.population.synth import synthesise
    from icsplan.scenario.folder import load_scenario

    scenario = load_scenario("mse-2016")
    base = tmp_path_factory.mktemp("people")
    old = os.umask(0)
    try:
        synthesise(scenario, base / "pop", seed=1, scale=0.001, key=b"k" * 32)
        synthesise(scenario, base / "chunked", seed=1, scale=0.001, key=b"k" * 32,
                   chunk_people=200)
        result = run_population(base / "pop", ibis.duckdb.connect(), scenario=scenario)
    finally:
        os.umask(old)
    return base, result


@pytest.mark.functional
def test_person_level_files_are_readable_by_their_owner_only(small_population, tmp_path):
    import os

    from icsplan.population.run import write_outputs

    base, result = small_population
    people_files = [*base.joinpath("pop").glob("*.parquet"),
                    *base.joinpath("chunked").glob("*.parquet/part-*.parquet")]
    assert len(people_files) > 3
    old = os.umask(0)
    try:
        write_outputs(result, tmp_path / "run")
    finally:
        os.umask(old)
    people_files.append(tmp_path / "run" / "cohorts.parquet")
    for path in people_files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# --- population outputs go through the shared writers ----------------------------------------


@pytest.mark.functional
def test_population_csvs_are_inert_and_read_back_exactly(small_population, tmp_path):
    import dataclasses

    import pandas as pd

    from icsplan.population.run import write_outputs
    from icsplan.safety.cells import unescape_frame

    _, result = small_population
    hostile = ["=HYPERLINK(\"http://x\")", "+44 1234", "-minus", "@SUM(A1)", "'=quoted"]
    segments = result.segments.copy()
    segments.loc[: len(hostile) - 1, "locality"] = hostile
    written = write_outputs(dataclasses.replace(result, segments=segments), tmp_path / "run")
    assert {p.name for p in written} >= {"segments.csv", "costs.csv", "calibration.csv",
                                         "baseline.csv", "cohorts.parquet", "risk_model.json",
                                         "manifest.json"}
    raw = pd.read_csv(tmp_path / "run" / "segments.csv", dtype=str, keep_default_na=False)
    assert not raw["locality"].str[:1].isin(["=", "+", "-", "@"]).any()
    back = unescape_frame(raw)
    assert back["locality"].tolist()[: len(hostile)] == hostile
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert "cohorts.parquet" in manifest["files"]


# --- the stale-import message names who changed the row and when ------------------------------


@pytest.mark.functional
def test_a_stale_import_names_who_changed_the_row_and_when(seeded, tmp_path):
    import datetime as dt

    import pandas as pd

    from icsplan.register import transaction
    from icsplan.register.edits import update
    from icsplan.register.transfer import RegisterImportError, export_file, import_file

    path = tmp_path / "risks.csv"
    with transaction(seeded, "exporter") as session:
        export_file(session, "risks", path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    key, version = frame.loc[0, "id"], int(frame.loc[0, "version"])
    column = next(c for c in frame.columns if c not in ("id", "version"))
    with transaction(seeded, "alice") as session:
        update(session, "risks", key, {column: "changed by alice"}, version)
    frame.loc[0, column] = "my change"
    frame.to_csv(path, index=False)
    with pytest.raises(RegisterImportError) as caught, transaction(seeded, "bob") as session:
        import_file(session, "risks", path)
    text = " ".join(p.message for p in caught.value.problems)
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert f"by alice at {today}" in text and f"(version {version + 1})" in text, text
    with transaction(seeded, "reader") as session:
        from icsplan.register.models import REGISTER_MODELS

        assert getattr(session.get(REGISTER_MODELS["risks"], key), column) == "changed by alice"
