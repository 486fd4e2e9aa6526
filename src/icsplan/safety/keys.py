"""The secret key of pseudonymised ids: ids are HMAC-SHA256 of a person's row under this key,
so nobody without the key can turn an id back into a row (docs/security.md, "Ids").

Where the key comes from, first found wins:

1. `ICSPLAN_ID_KEY`: the key itself, at least 32 characters (e.g. from a secrets store);
2. a key file: the `--id-key-file` option, else `ICSPLAN_ID_KEY_FILE`, else
   `$XDG_CONFIG_HOME/icsplan/id.key` (`~/.config/icsplan/id.key`).  A missing key file is
   made on first use: 32 random bytes from the operating system (`secrets`), written as 64 hex
   digits, readable by its owner only (0600), in a folder made 0700.  A key file that others
   can read is refused.

The key is never written to an output: not to a file of ids, not to a manifest (which holds
no fingerprint of it either), not to a log.  A key file inside the folder being written is
refused, so it cannot leave with the outputs.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

from icsplan.errors import InputError, Problem

ENV_KEY = "ICSPLAN_ID_KEY"
ENV_FILE = "ICSPLAN_ID_KEY_FILE"
MIN_KEY_CHARS = 32
ID_HEX_DIGITS = 20  # 80 bits: a collision among 57 million people has odds of about 1 in 10^9


def default_key_file() -> Path:
    """Where the key file is kept when no other place is given."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "icsplan" / "id.key"


def _refuse(where: str, message: str) -> InputError:
    return InputError([Problem(where, message)], title="Cannot use the key of pseudonymised ids")


def key_file(option: Path | None = None) -> Path:
    """The key file in use (the option, the environment, or the default)."""
    if option is not None:
        return Path(option)
    env = os.environ.get(ENV_FILE)
    return Path(env) if env else default_key_file()


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")


def load_key(option: Path | None = None, outputs: Path | None = None) -> bytes:
    """The key, from the environment or a key file (made on first use); `outputs` is the
    folder about to be written, which must not hold the key file."""
    text = os.environ.get(ENV_KEY)
    if text is not None:
        if len(text.strip()) < MIN_KEY_CHARS:
            raise _refuse(ENV_KEY, f"holds {len(text.strip())} characters; a key needs at "
                          f"least {MIN_KEY_CHARS} (make one with: python -c \"import secrets; "
                          "print(secrets.token_hex(32))\")")
        return text.strip().encode()
    path = key_file(option).expanduser().absolute()
    if outputs is not None:
        out = Path(outputs).expanduser().absolute()
        if path == out or out in path.parents:
            raise _refuse(str(path), f"is inside the output folder {out}; keep the key file "
                          "outside anything you share")
    return _file_key(path)


def _file_key(path: Path) -> bytes:
    """The key in a key file, made first when missing; refused when others can read it."""
    if not path.exists():
        try:
            _create(path)
        except FileExistsError:
            pass  # made at the same moment by another process: read it below
        except OSError as exc:
            raise _refuse(str(path), f"cannot be created ({exc.strerror}); choose a key file "
                          f"with --id-key-file or {ENV_FILE}") from None
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(str(path), f"cannot be read ({exc})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise _refuse(str(path), f"can be read by others (mode {stat.S_IMODE(mode):o}); make it "
                      f"readable by its owner only: chmod 600 {path}")
    if len(text) < MIN_KEY_CHARS:
        raise _refuse(str(path), f"holds {len(text)} characters; a key needs at least "
                      f"{MIN_KEY_CHARS}")
    return text.encode()


def keyed_ids(key: bytes, namespace: str, rows) -> list[str]:
    """One id per row number: the first `ID_HEX_DIGITS` hex digits of
    HMAC-SHA256(key, "<namespace>:<row>")."""
    return keyed_id_array(key, namespace, rows).to_pylist()


def keyed_id_array(key: bytes, namespace: str, rows):
    """`keyed_ids` as an Arrow string array, made in bulk: the HMAC's two padded key blocks
    and the namespace are hashed once (RFC 2104: SHA-256 of the key XOR ipad, then of the key
    XOR opad), so each row costs two SHA-256 updates; the first `ID_HEX_DIGITS // 2` bytes of
    every digest are joined and hex-encoded at once into one buffer of fixed-width ids (no
    Python string per id).  The same ids as `hmac.new(key, ...)`, byte for byte (tested)."""
    import numpy as np
    import pyarrow as pa

    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key) + f"{namespace}:".encode())
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    take = ID_HEX_DIGITS // 2

    def digest(row: int, inner_copy=inner.copy, outer_copy=outer.copy) -> bytes:
        h = inner_copy()
        h.update(b"%d" % row)
        o = outer_copy()
        o.update(h.digest())
        return o.digest()[:take]

    rows = [int(r) for r in rows]
    text = b"".join(map(digest, rows)).hex().encode()
    offsets = np.arange(0, ID_HEX_DIGITS * len(rows) + 1, ID_HEX_DIGITS, dtype=np.int32)
    return pa.StringArray.from_buffers(len(rows), pa.py_buffer(offsets), pa.py_buffer(text))
