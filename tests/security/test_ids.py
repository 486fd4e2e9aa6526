"""Pseudonymised ids are not reversible (issue 17 item 6): HMAC-SHA256 under a key kept out of
every output; the same key gives the same ids, another key other ids."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.security.conftest import icsplan

KEY = "0123456789abcdef" * 4  # 64 characters
SCALE = "0.001"


def _splitmix(index: np.ndarray, seed: int) -> list[str]:
    """The ids of icsplan before issue 17: SplitMix64 of the row number with the seed."""
    mask = np.uint64(0xFFFFFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        z = index.astype(np.uint64) ^ np.uint64((seed * 0x9E3779B97F4A7C15) & int(mask))
        z = (z + np.uint64(0x9E3779B97F4A7C15)) & mask
        z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & mask
        z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & mask
        z = z ^ (z >> np.uint64(31))
    return [f"{v:016x}" for v in z.tolist()]


def _synth(out: Path, **env: str) -> pd.DataFrame:
    result = icsplan("population", "synth", "--out", str(out), "--scale", SCALE, "--seed", "5",
                     env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return pd.read_parquet(out / "patients.parquet")


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    """A synthetic population made with the key in ICSPLAN_ID_KEY, and a population run of
    it: everything a user could share."""
    base = tmp_path_factory.mktemp("ids")
    patients = _synth(base / "pop", ICSPLAN_ID_KEY=KEY)
    run = icsplan("population", "run", str(base / "pop"), "--out", str(base / "run"),
                  env={"ICSPLAN_ID_KEY": KEY})
    assert run.returncode == 0, run.stdout + run.stderr
    return base, patients


@pytest.mark.functional
def test_ids_do_not_invert_with_anything_in_the_outputs(keyed):
    base, patients = keyed
    ids = patients["patient_id"].tolist()
    manifest = json.loads((base / "pop" / "manifest.json").read_text())
    rows = np.arange(len(ids))
    # the old attack: SplitMix64 of the row number with the seed from the manifest
    assert not set(_splitmix(rows, int(manifest["seed"]))) & set(ids)
    # every value the outputs hold, tried as the key of the documented construction
    words = {str(v) for v in manifest.values()} | {"", "icsplan", str(manifest["seed"])}
    for word in words:
        guess = [hmac.new(word.encode(), f"icsplan-synth:{manifest['seed']}:{r}".encode(),
                          hashlib.sha256).hexdigest()[:20] for r in rows[:50]]
        assert not set(guess) & set(ids), word
    # ...while the key itself does give them: the construction is the documented one
    right = [hmac.new(KEY.encode(), f"icsplan-synth:5:{r}".encode(),
                      hashlib.sha256).hexdigest()[:20] for r in rows]
    assert right == ids
    assert len(set(ids)) == len(ids)


@pytest.mark.functional
def test_the_key_appears_in_no_output_file(keyed):
    base, _ = keyed
    files = [p for p in base.rglob("*") if p.is_file()]
    assert any(p.name == "cohorts.parquet" for p in files)
    for path in files:
        data = path.read_bytes()
        assert KEY.encode() not in data, path
        assert KEY[:32].encode() not in data, path


@pytest.mark.functional
def test_same_key_same_ids_and_another_key_other_ids(keyed, tmp_path):
    _, patients = keyed
    again = _synth(tmp_path / "again", ICSPLAN_ID_KEY=KEY)
    assert again["patient_id"].tolist() == patients["patient_id"].tolist()
    other = _synth(tmp_path / "other", ICSPLAN_ID_KEY="f" * 64)
    assert not set(other["patient_id"]) & set(patients["patient_id"])
    # everything but the ids is the same population
    pd.testing.assert_frame_equal(other.drop(columns="patient_id"),
                                  patients.drop(columns="patient_id"))


@pytest.mark.functional
def test_a_key_file_is_made_on_first_use_owner_only_and_reused(tmp_path):
    key_file = tmp_path / "secrets" / "id.key"
    first = _synth(tmp_path / "a", ICSPLAN_ID_KEY_FILE=str(key_file))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert len(key_file.read_text().strip()) == 64
    second = icsplan("population", "synth", "--out", str(tmp_path / "b"), "--scale", SCALE,
                     "--seed", "5", "--id-key-file", str(key_file))
    assert second.returncode == 0, second.stderr
    assert (pd.read_parquet(tmp_path / "b" / "patients.parquet")["patient_id"].tolist()
            == first["patient_id"].tolist())


@pytest.mark.functional
@pytest.mark.parametrize("case", ["inside_out", "readable_by_others", "short_env_key"])
def test_an_unsafe_key_is_one_plain_problem_and_nothing_is_written(case, tmp_path):
    out = tmp_path / "pop"
    args = ["population", "synth", "--out", str(out), "--scale", SCALE]
    env = {}
    if case == "inside_out":
        args += ["--id-key-file", str(out / "id.key")]
    elif case == "readable_by_others":
        key_file = tmp_path / "id.key"
        key_file.write_text("a" * 64)
        os.chmod(key_file, 0o644)
        args += ["--id-key-file", str(key_file)]
    else:
        env["ICSPLAN_ID_KEY"] = "short"
    result = icsplan(*args, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    text = result.stdout + result.stderr
    assert {"inside_out": "inside the output folder", "readable_by_others": "chmod 600",
            "short_env_key": "at least 32"}[case] in text
    assert not out.exists()
