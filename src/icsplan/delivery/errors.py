"""Bad actuals files: one `Problem` per thing wrong, raised together as an `ActualsError`.

Temporary home of the input-error base until `icsplan.errors` lands on main (issue 7);
`ActualsError` then subclasses `icsplan.errors.InputError`.
"""

from __future__ import annotations

from icsplan.scenario.errors import Problem


class InputError(Exception):
    """Input that cannot be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ActualsError(InputError):
    """An actuals file with problems (unknown org, bad date, duplicate period, ...)."""


__all__ = ["ActualsError", "InputError", "Problem"]
