"""Folders written whole and swapped in by rename, and the checks that keep icsplan from
replacing a folder that holds anything of the user's.

A command that writes a folder (a run's results, an imported scenario) writes everything into
a new sibling folder `.icsplan-<name>.<pid>.<random>` and only then swaps it with the target:
an atomic exchange (Linux `renameat2(RENAME_EXCHANGE)`), or two renames where that is not
available.  The previous folder is then removed.  A process killed at any moment leaves the
target either as it was or complete; its staging folder is removed by the next command that
writes beside it (`clean_stale`), which also puts back a previous folder left aside by a kill
between the two renames.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from icsplan.errors import InputError, Problem

PREFIX = ".icsplan-"
_STAGE = re.compile(r"^\.icsplan-(?P<name>.+)\.(?P<pid>\d+)\.(?P<tag>[0-9a-f]{8})(?P<old>-old)?$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_for(target: Path) -> Path:
    """A new, empty staging folder beside `target` (stale ones of dead processes removed)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    staging = target.parent / f"{PREFIX}{target.name}.{os.getpid()}.{secrets.token_hex(4)}"
    staging.mkdir(mode=0o700)
    return staging


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(target: Path) -> list[Path]:
    """Remove the staging folders beside `target` left by killed processes; put back a
    previous folder left aside when the target itself is missing.  Returns what was removed."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    removed = []
    for entry in sorted(target.parent.iterdir()):
        m = _STAGE.match(entry.name)
        if not m or m["name"] != target.name or _alive(int(m["pid"])) or not entry.is_dir():
            continue
        if m["old"] and not target.exists():
            entry.rename(target)  # killed between the two renames: the previous folder is back
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Put the complete `staging` folder in the place of `target` (which may not exist) in
    one step, then remove what was there before."""
    staging, target = Path(staging), Path(target)
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous folder
        return
    aside = staging.with_name(staging.name + "-old")
    target.rename(aside)
    staging.rename(target)
    shutil.rmtree(aside, ignore_errors=True)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(Path(path).expanduser())).resolve()


def _inside(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def protected_folder_problems(folder: Path, option: str) -> list[Problem]:
    """Problems when `folder` is one icsplan must never replace: the current folder, any
    folder above it, the home folder, the file system's root."""
    where = _resolved(folder)
    cwd = _resolved(Path.cwd())
    home = _resolved(Path.home())
    if where == Path(where.anchor):
        why = "is the root of the file system"
    elif _inside(cwd, where):
        why = ("is the current folder" if where == cwd
               else "holds the current folder")
    elif where == home or _inside(home, where):
        why = "is your home folder" if where == home else "holds your home folder"
    else:
        return []
    return [Problem(str(folder), f"{option} {why}; icsplan never replaces it. Give a new "
                    "folder")]


def replaceable_folder_problems(folder: Path, allowed: Iterable[str], option: str,
                                what: str) -> list[Problem]:
    """Problems when `folder` exists and holds anything but `allowed` names (and no hidden
    files or subfolders of the user's), so replacing it whole could lose a user's file."""
    problems = protected_folder_problems(folder, option)
    if problems or not Path(folder).is_dir():
        return problems
    allowed = set(allowed)
    other = sorted(p.name for p in Path(folder).iterdir() if p.name not in allowed)
    if other:
        shown = ", ".join(other[:3]) + (f" and {len(other) - 3} more" if len(other) > 3 else "")
        problems.append(Problem(str(folder), f"holds files that are not {what} ({shown}); "
                                f"icsplan replaces only a folder of {what}. Give a new or "
                                "empty folder"))
    return problems


def overlap_problems(out: Path, inputs: dict[str, Path | None], option: str = "--out"
                     ) -> list[Problem]:
    """Problems when the output folder is, contains or lies inside any input (a folder or a
    file): writing there would overwrite or delete the input."""
    where = _resolved(out)
    problems = []
    for label, path in inputs.items():
        if path is None:
            continue
        source = _resolved(path)
        if where == source:
            how = "is"
        elif _inside(where, source):
            how = "lies inside"
        elif _inside(source, where):
            how = "contains"
        else:
            continue
        problems.append(Problem(str(out), f"{option} {how} the {label} ({path}); results "
                                "would overwrite it. Give a folder outside every input"))
    return problems


def refuse(problems: list[Problem], title: str) -> None:
    """Raise the problems as one input error (exit status 2), when there are any."""
    if problems:
        raise InputError(problems, title=title)


def private_file(path: Path) -> Path:
    """Make `path` an empty file readable and writable by its owner only (0600), before any
    person-level data is written to it: writers that open it again (truncating) keep the
    mode, so the data is never readable by others, not even while it is written."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through os.open
    return path
