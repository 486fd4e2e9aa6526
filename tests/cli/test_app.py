"""`icsplan app` and `icsplan app-user`: users are added with hashed passwords; a bad users
file or scenario stops the app before it serves, one line per problem, exit status 2."""

import pytest
from typer.testing import CliRunner

from icsplan.app.auth import load_users, verify_password
from icsplan.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()


def test_app_user_stores_a_hash(tmp_path):
    users = tmp_path / "users.txt"
    result = runner.invoke(app, ["app-user", str(users), "bob", "--password", "password for bob"])
    assert result.exit_code == 0, result.output
    assert "password for bob" not in users.read_text()
    assert verify_password(load_users(users)["bob"], "password for bob")


def test_a_bad_users_file_stops_the_app(tmp_path):
    users = tmp_path / "users.txt"
    users.write_text("alice:secret\n")
    result = runner.invoke(app, ["app", "--db", str(tmp_path / "s.db"), "--users", str(users)])
    assert result.exit_code == 2
    assert "users.txt, line 1: expected 'name:argon2 hash'" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_scenario_stops_the_app(tmp_path):
    result = runner.invoke(app, ["app", "no-such", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2 and "no such scenario" in result.output
