"""Our own SVG icons for SPC variation and assurance (Making Data Count meanings and colours).

Variation: a circle in the variation's colour with a small run of dots (flat for common
cause, the last dots high or low for a special cause) and a letter, H (higher) or L (lower),
so the icon reads without colour.  Assurance: a circle with P (pass), F (fail) or ? (random).
Each icon carries a <title> and an aria-label for screen readers (templates/components/
icons.html).
"""

from __future__ import annotations

from icsplan.report.style import (
    ASSURANCE_LABELS,
    MDC_COLOURS,
    MDC_COMMON_CAUSE,
    VARIATION_LABELS,
)
from icsplan.report.templating import render_macro

SIZE = 40
_DOTS_FLAT = [(8, 26), (14, 24), (20, 26), (26, 24), (32, 26)]
_DOTS_HIGH = [(8, 28), (14, 27), (20, 22), (26, 17), (32, 13)]
_DOTS_LOW = [(8, 12), (14, 13), (20, 18), (26, 23), (32, 27)]


TEMPLATE = "components/icons.html"


def variation_icon(variation: str | None, improvement_direction: str = "increase") -> str:
    """Icon of a series' latest variation (common cause, improvement, concern, neutral)."""
    if not isinstance(variation, str) or variation not in VARIATION_LABELS:
        return render_macro(TEMPLATE, "variation", label="No data", colour=MDC_COMMON_CAUSE,
                            size=SIZE, dots=[], letter="", letter_y=0)
    colour = MDC_COLOURS[variation]
    high = (variation == "special_cause_neutral_high"
            or (variation == "special_cause_improvement" and improvement_direction != "decrease")
            or (variation == "special_cause_concern" and improvement_direction == "decrease"))
    if variation == "common_cause":
        dots, letter = _DOTS_FLAT, ""
    else:
        dots, letter = (_DOTS_HIGH, "H") if high else (_DOTS_LOW, "L")
    fills = [MDC_COMMON_CAUSE, MDC_COMMON_CAUSE, colour, colour, colour]
    label = VARIATION_LABELS[variation] + (f", {'higher' if high else 'lower'}" if letter else "")
    return render_macro(TEMPLATE, "variation", label=label, colour=colour, size=SIZE,
                        dots=[(x, y, fill) for (x, y), fill in zip(dots, fills, strict=True)],
                        letter=letter,
                        letter_y=17 if letter == "H" else 32)  # in the corner the dots leave


def assurance_icon(assurance: str | None) -> str:
    """Icon of whether the process will meet its target (pass, fail, random), or none."""
    if not isinstance(assurance, str) or assurance not in ASSURANCE_LABELS:
        return render_macro(TEMPLATE, "no_target", size=SIZE)
    letter = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}[assurance]
    return render_macro(TEMPLATE, "assurance", label=ASSURANCE_LABELS[assurance],
                        colour=MDC_COLOURS[assurance], size=SIZE, letter=letter)
