"""A user's mistake in a file is one plain problem: the root cause, not its consequences.

- `encoding_problem`: a file saved as UTF-16/UTF-32 (Excel's "Unicode text") or holding NUL
  bytes is one problem ("save it as CSV UTF-8"), not one per garbled column.
- `stray_header_problem`: header cells with no data under them (a stray cell typed to the
  right of a table, or blank headers before it) are one problem, not one per column.
- `load_yaml`: YAML nested too deeply (or too large) is one problem, not a crash.
- `header_only_problem`: a file with a header and no rows says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from icsplan.errors import Problem

_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
         (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
_UNNAMED = re.compile(r"^Unnamed: \d+$")
#: how deep a YAML file may nest (scenario files need 4 levels)
MAX_YAML_DEPTH = 50
MAX_YAML_BYTES = 20_000_000


def encoding_problem(path: Path, label: str) -> Problem | None:
    """One problem when the file is not UTF-8 text: UTF-16/32 (by its byte-order mark or its
    NUL bytes) or binary."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError:
        return None
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Problem(label, f"the file is {name} text; save it as CSV UTF-8 (in Excel: "
                           "Save As, 'CSV UTF-8 (Comma delimited)')")
    if b"\x00" in head:
        pairs = head[1::2] if head[:1] != b"\x00" else head[0::2]
        if pairs and pairs.count(0) > len(pairs) // 2:
            return Problem(label, "the file is UTF-16 text; save it as CSV UTF-8 (in Excel: "
                           "Save As, 'CSV UTF-8 (Comma delimited)')")
        return Problem(label, "holds NUL bytes, so it is not a text file; save it as CSV UTF-8")
    return None


def stray_header_problem(raw: pd.DataFrame, label: str) -> tuple[pd.DataFrame, Problem | None]:
    """Drop header cells that have no data under them when they are blank or stray (after
    every real column) and say so once; other tables come back unchanged."""
    unnamed = [c for c in raw.columns if _UNNAMED.match(str(c)) or str(c).strip() == ""]
    if not unnamed:
        return raw, None
    cols = list(raw.columns)
    first = cols.index(unnamed[0])
    tail = cols[first:]
    empty = [c for c in tail if raw[c].fillna("").astype(str).str.strip().eq("").all()]
    if not all(c in empty for c in tail):
        return raw, None
    named = [str(c) for c in tail if c not in unnamed]
    what = (f"header cell{'s' * (len(named) != 1)} {', '.join(repr(n) for n in named)} with no "
            "data under them" if named else "blank header cells")
    return raw.drop(columns=tail), Problem(label, f"the header row has {len(tail)} columns "
                                           f"after '{cols[first - 1] if first else ''}' with "
                                           f"no data ({what}); delete those header cells")


def header_only_problem(raw: pd.DataFrame, label: str) -> Problem | None:
    """One problem for a table with a header and no rows."""
    if raw.empty:
        return Problem(label, "has a header but no rows; add the rows or delete the file")
    return None


def load_yaml(text: str, label: str, problems: list[Problem]) -> object:
    """`yaml.safe_load`, with a file nested too deeply or too large as one problem (None)."""
    import yaml

    if len(text) > MAX_YAML_BYTES:
        problems.append(Problem(label, f"is {len(text):,} characters long; a scenario file is "
                                "far smaller. Is it the right file?"))
        return None
    depth = _max_depth(text)
    if depth > MAX_YAML_DEPTH:
        problems.append(Problem(label, f"nests {depth} levels deep; a scenario file needs a "
                                f"few (at most {MAX_YAML_DEPTH}). Is it the right file?"))
        return None
    try:
        return yaml.safe_load(text)
    except RecursionError:
        problems.append(Problem(label, "nests too deeply to be a scenario file"))
        return None


def _max_depth(text: str) -> int:
    """The deepest nesting of flow brackets ([ and {) or indentation levels, roughly."""
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    indents = {len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip()}
    return max(best, len(indents))


def table_problems(raw: pd.DataFrame, label: str,
                   required: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """A scenario table read as text, checked as one: stray header cells dropped and said
    once (`stray_header_problem`), and a required table with no rows said
    (`header_only_problem`)."""
    raw, stray = stray_header_problem(raw, label)
    empty = header_only_problem(raw, label) if required else None
    return raw, [p for p in (stray, empty) if p is not None]
