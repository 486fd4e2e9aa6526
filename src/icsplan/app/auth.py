"""Who may write: the users file, password hashing and the app's login.

With `--users FILE` (or `$ICSPLAN_APP_USERS`) the app asks for a login before anything that
writes (saving a scenario version); reading needs no login.  The file holds one user a line,
`name:hash`, the hash made by argon2-cffi (Argon2id); passwords are never stored.  Create or
change a user with `icsplan app-user FILE NAME`.  Writes are refused on the server, not only
hidden in the page: `WRITE_OUTPUTS` lists the components whose callbacks write, and a request
to update one without a logged-in user gets 403 before any callback runs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from icsplan.errors import InputError, Problem

ENV_VAR = "ICSPLAN_APP_USERS"
NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,80}$")
#: ids of the components whose callbacks write to the store (refused without a login)
WRITE_OUTPUTS = ("save-status",)
#: the shortest password `app-user` accepts
MIN_PASSWORD = 10


class UsersFileError(InputError):
    """A users file the app cannot use."""

    title = "The users file is not valid"


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of `password` (salted; safe to store)."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches the stored Argon2 hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def users_path(option: str | Path | None) -> Path | None:
    """The users file: the `--users` option, else `$ICSPLAN_APP_USERS`, else none (no login)."""
    value = option or os.environ.get(ENV_VAR)
    return Path(value) if value else None


def load_users(path: Path) -> dict[str, str]:
    """Users and their password hashes from a users file; every bad line is a problem."""
    if not path.is_file():
        raise UsersFileError([Problem(str(path), "file is missing (create it with `icsplan "
                                      "app-user FILE NAME`)")])
    users: dict[str, str] = {}
    problems = []
    for n, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, digest = line.strip().partition(":")
        if not sep or not NAME.match(name) or not digest.startswith("$argon2"):
            problems.append(Problem(path.name, "expected 'name:argon2 hash' (make one with "
                                    "`icsplan app-user FILE NAME`)", row=n))
        elif name in users:
            problems.append(Problem(path.name, "user is listed more than once", row=n,
                                    value=name))
        else:
            users[name] = digest
    if problems:
        raise UsersFileError(problems)
    if not users:
        raise UsersFileError([Problem(path.name, "lists no users")])
    return users


def set_user(path: Path, name: str, password: str) -> None:
    """Add a user to the users file, or change their password (the file is created if new)."""
    if not NAME.match(name):
        raise UsersFileError([Problem("NAME", "must be 1-80 letters, digits or . _ @ -",
                                      value=name)])
    if len(password) < MIN_PASSWORD:
        raise UsersFileError([Problem("--password", f"is {len(password)} characters; a "
                                      f"password needs at least {MIN_PASSWORD}")],
                             title="Cannot set the password")
    if not path.parent.is_dir():
        raise UsersFileError([Problem(str(path), f"the folder {path.parent} does not exist; "
                                      "create it first or give another path")],
                             title="Cannot write the users file")
    lines = path.read_text().splitlines() if path.is_file() else []
    kept = [ln for ln in lines if ln.partition(":")[0].strip() != name]
    kept.append(f"{name}:{hash_password(password)}")
    path.write_text("\n".join(kept) + "\n")
    path.chmod(0o600)


def writes_output(body: dict) -> bool:
    """True when a Dash callback request would update a component that writes."""
    output = str(body.get("output", ""))
    return any(ident in output for ident in WRITE_OUTPUTS)
