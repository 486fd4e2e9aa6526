"""Errors of the options appraisal: one `Problem` per thing wrong, reported together."""

from __future__ import annotations

from icsplan.errors import InputError, Problem


class AppraisalError(InputError):
    """Appraisal inputs that cannot be used (bad weights, an option with no site for a pod)."""

    title = "The options cannot be appraised"


__all__ = ["AppraisalError", "Problem"]
