"""Our own SVG icons for SPC variation and assurance (Making Data Count meanings and colours).

Variation: a circle in the variation's colour with a small run of dots (flat for common
cause, the last dots high or low for a special cause) and a letter, H (higher) or L (lower),
so the icon reads without colour.  Assurance: a circle with P (pass), F (fail) or ? (random).
Each icon carries a <title> and an aria-label for screen readers.
"""

from __future__ import annotations

import html

from icsplan.report.style import (
    ASSURANCE_LABELS,
    MDC_COLOURS,
    MDC_COMMON_CAUSE,
    VARIATION_LABELS,
)

SIZE = 40
_DOTS_FLAT = [(8, 26), (14, 24), (20, 26), (26, 24), (32, 26)]
_DOTS_HIGH = [(8, 28), (14, 27), (20, 22), (26, 17), (32, 13)]
_DOTS_LOW = [(8, 12), (14, 13), (20, 18), (26, 23), (32, 27)]


def _svg(label: str, colour: str, body: str) -> str:
    text = html.escape(label)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
            f'viewBox="0 0 40 40" role="img" aria-label="{text}"><title>{text}</title>'
            f'<circle cx="20" cy="20" r="18" fill="white" stroke="{colour}" stroke-width="3"/>'
            f"{body}</svg>")


def variation_icon(variation: str | None, improvement_direction: str = "increase") -> str:
    """Icon of a series' latest variation (common cause, improvement, concern, neutral)."""
    if not isinstance(variation, str) or variation not in VARIATION_LABELS:
        return _svg("No data", MDC_COMMON_CAUSE, "")
    colour = MDC_COLOURS[variation]
    high = (variation == "special_cause_neutral_high"
            or (variation == "special_cause_improvement" and improvement_direction != "decrease")
            or (variation == "special_cause_concern" and improvement_direction == "decrease"))
    if variation == "common_cause":
        dots, letter = _DOTS_FLAT, ""
    else:
        dots, letter = (_DOTS_HIGH, "H") if high else (_DOTS_LOW, "L")
    fills = [MDC_COMMON_CAUSE, MDC_COMMON_CAUSE, colour, colour, colour]
    body = "".join(f'<circle cx="{x}" cy="{y}" r="2.6" fill="{fill}"/>'
                   for (x, y), fill in zip(dots, fills, strict=True))
    if letter:
        y = 17 if letter == "H" else 32  # in the corner the dots leave free
        body += (f'<text x="8" y="{y}" font-family="Arial" '
                 f'font-size="10" font-weight="bold" fill="#212b32">{letter}</text>')
    label = VARIATION_LABELS[variation] + (f", {'higher' if high else 'lower'}" if letter else "")
    return _svg(label, colour, body)


def assurance_icon(assurance: str | None) -> str:
    """Icon of whether the process will meet its target (pass, fail, random), or none."""
    if not isinstance(assurance, str) or assurance not in ASSURANCE_LABELS:
        return _svg("No target", "#d8dde0", '<line x1="12" y1="20" x2="28" y2="20" '
                    'stroke="#768692" stroke-width="2"/>')
    colour = MDC_COLOURS[assurance]
    letter = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}[assurance]
    body = (f'<line x1="8" y1="12" x2="32" y2="12" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="3 2"/><text x="20" y="30" text-anchor="middle" '
            f'font-family="Arial" font-size="16" font-weight="bold" fill="#212b32">{letter}</text>')
    return _svg(ASSURANCE_LABELS[assurance], colour, body)
