"""The error raised for a scenario that cannot be used (see `icsplan.errors`)."""

from __future__ import annotations

from icsplan.errors import InputError, Problem


class ScenarioError(InputError):
    """A scenario that cannot be used; `problems` lists every reason found."""

    title = "The scenario is not valid"


__all__ = ["Problem", "ScenarioError"]
