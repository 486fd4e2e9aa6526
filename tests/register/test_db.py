"""Which database icsplan uses: --db, then ICSPLAN_DB, then the per-user SQLite file."""

from __future__ import annotations

import pytest

from icsplan.errors import InputError
from icsplan.register.db import database_url, default_path, make_engine

pytestmark = pytest.mark.unit


def test_the_option_beats_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ICSPLAN_DB", "sqlite:///from-env.db")
    assert database_url("sqlite:///from-option.db") == "sqlite:///from-option.db"
    assert database_url(None) == "sqlite:///from-env.db"


def test_default_is_a_per_user_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("ICSPLAN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "icsplan" / "register.db"
    assert database_url() == f"sqlite:///{tmp_path / 'icsplan' / 'register.db'}"


def test_postgres_urls_use_psycopg_3_and_paths_mean_sqlite(tmp_path):
    assert database_url("postgresql://u@h:5432/reg") == "postgresql+psycopg://u@h:5432/reg"
    assert database_url(str(tmp_path / "r.db")) == f"sqlite:///{tmp_path / 'r.db'}"


def test_an_unsupported_database_is_an_input_error():
    with pytest.raises(InputError, match="does not support"):
        make_engine("mysql://u@h/db")
