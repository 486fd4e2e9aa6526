"""The fields people type into the app: a saved version's author and message (bounded and
free of control characters) and numbers in forms, checked on the server."""

from __future__ import annotations

import math

#: the longest author and message a saved version may have
MAX_AUTHOR = 120
MAX_MESSAGE = 2000


def version_field_problems(author: str, message: str) -> list[str]:
    """What is wrong with a saved version's author and message, in plain words."""
    problems = []
    for label, value, limit in (("The name", author, MAX_AUTHOR),
                                ("The message", message, MAX_MESSAGE)):
        if len(value) > limit:
            problems.append(f"{label} is {len(value):,} characters; at most {limit:,} are kept.")
        elif any(ord(c) < 32 and c not in "\n\t" for c in value) or "\x7f" in value:
            problems.append(f"{label} holds a control character; remove it.")
    return problems


def form_number(value: object) -> float | None:
    """A number typed into a form (text or a number), or None when it is blank, not a
    number, infinite or NaN (a tick box's True is not a number)."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
