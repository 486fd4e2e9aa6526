"""Published figures of a plan, as printed: their reading, rounding and units.

A figure is one number a plan prints ("£8.3 million", "275,220", "(406)", "~£35-45M",
"5.9%").  `parse_printed` reads it as an interval: the printed value plus or minus half a
unit of its last printed digit (its rounding), or the two ends of a printed range.  Money
is brought to pounds by the figure's unit (£, £k, £m, £bn) so a rule may mix £k and £m.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icsplan.forensics.interval import Interval

UNIT_FACTORS = {"£": 1.0, "£k": 1e3, "£m": 1e6, "£bn": 1e9}
_NUMBER = r"\d[\d,]*(?:\.\d*)?|\.\d+"
_RANGE = re.compile(rf"^[~c£\s]*({_NUMBER})\s*[A-Za-z%]*\s*(?:-|–|to)\s*[~c£\s]*({_NUMBER})"
                    r"\s*[A-Za-z%]*\s*$")
NIL = {"-", "–", "—", "nil"}  # a dash in a money table: nothing
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PrintedError(ValueError):
    """A printed figure icsplan cannot read as a number."""


@dataclass(frozen=True)
class Figure:
    """One published figure: where it is printed and how it reads (in base units)."""

    figure: str  # identifier used by the rules, e.g. "cpr_alloc_total_1920"
    printed: str  # the figure exactly as printed, e.g. "(406)"
    unit: str  # "£k", "£m", "%", "count", ...
    seed: str  # the document, e.g. "004"
    section: str  # the section or heading it is printed under
    note: str = ""
    precision: float | None = None  # half-width override, in the printed unit

    @property
    def factor(self) -> float:
        """Multiplier from the printed unit to base units (pounds for money, else 1)."""
        return UNIT_FACTORS.get(self.unit, 1.0)

    @property
    def interval(self) -> Interval:
        """The values the printed figure stands for, in base units."""
        return reading_interval(self.printed, self.precision).scale(self.factor)

    @property
    def value(self) -> float:
        """The printed value (the middle of a range), in the printed unit."""
        return reading_interval(self.printed, self.precision).mid


def _number(token: str) -> tuple[float, int]:
    """A numeric token's value and its number of decimals (commas are thousands marks)."""
    digits = token.replace(",", "")
    if digits.endswith("."):
        digits = digits[:-1]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), decimals


def reading_interval(printed: str, precision: float | None = None) -> Interval:
    """The interval a printed figure stands for (its rounding, or its printed range)."""
    text = str(printed).strip()
    if not text:
        raise PrintedError("no figure is printed")
    match = _RANGE.match(text) if text[0] not in "-−(" else None
    if match:
        (low, dl), (high, dh) = _number(match.group(1)), _number(match.group(2))
        if low > high:
            raise PrintedError(f"the range '{printed}' runs backwards")
        half = precision if precision is not None else 0.5 * 10 ** -max(dl, dh)
        return Interval(low - half, high + half)
    if text.lower() in NIL:
        return Interval(0.0, 0.0)
    value, decimals, sign = parse_number(text)
    half = precision if precision is not None else 0.5 * 10 ** -decimals
    return Interval(sign * value - half, sign * value + half)


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_SINGLE = re.compile(rf"^(?:c\.|[£$~≈c\s+])*({_NUMBER})([^\d]*)$", flags=re.IGNORECASE)


def parse_number(printed: str) -> tuple[float, int, int]:
    """A printed single figure as (magnitude, decimals, sign); '(406)' is negative.

    Currency signs, '~', 'c'/'c.' (circa) and '+' before the number, and words or units
    after it ('£8.3 million', '70 hrs/week', '11 YEARS') are read past; a threshold sign
    ('>50%') reads as its threshold; small numbers written as words ('eight') are read.
    """
    text = str(printed).strip().replace("−", "-").replace("–", "-")
    text = re.sub(r"^(?:>=|<=|[><≥≤])\s*", "", text)  # a threshold: '>50%' reads as 50
    if text.lower().rstrip(".") in WORDS:
        return float(WORDS[text.lower().rstrip(".")]), 0, 1
    sign = 1
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1, text[1:-1].strip()
    if text.startswith("-"):
        sign, text = -sign, text[1:].strip()
    match = _SINGLE.match(text)
    if not match:
        raise PrintedError(f"'{printed}' is not a number as printed")
    value, decimals = _number(match.group(1))
    return value, decimals, sign
