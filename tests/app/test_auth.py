"""Users file and password hashing (Argon2 via argon2-cffi)."""

from __future__ import annotations

import pytest

from icsplan.app.auth import (
    UsersFileError,
    hash_password,
    load_users,
    set_user,
    verify_password,
    writes_output,
)

pytestmark = pytest.mark.unit


def test_passwords_are_stored_hashed_and_verified(tmp_path):
    path = tmp_path / "users.txt"
    set_user(path, "alice", "s3cret words")
    text = path.read_text()
    assert "s3cret" not in text and text.startswith("alice:$argon2id$")
    users = load_users(path)
    assert verify_password(users["alice"], "s3cret words")
    assert not verify_password(users["alice"], "guess")
    set_user(path, "alice", "new words here")
    assert list(load_users(path)) == ["alice"]
    assert verify_password(load_users(path)["alice"], "new words here")


def test_two_hashes_of_one_password_differ():
    assert hash_password("same") != hash_password("same")


def test_a_bad_users_file_names_each_line(tmp_path):
    path = tmp_path / "users.txt"
    path.write_text("alice:plaintext\n# a comment\nbob\n")
    with pytest.raises(UsersFileError) as err:
        load_users(path)
    assert [p.row for p in err.value.problems] == [1, 3]


def test_a_missing_users_file_is_an_input_error(tmp_path):
    with pytest.raises(UsersFileError, match="file is missing"):
        load_users(tmp_path / "none.txt")


def test_write_requests_are_recognised():
    assert writes_output({"output": "..save-status.children...whatif-parent.data.."})
    assert not writes_output({"output": "whatif-results.children"})
