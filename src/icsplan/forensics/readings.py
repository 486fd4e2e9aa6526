"""Other readings of a printed figure: the slips that turn one number into another.

Each reading keeps the printed figure's form and changes it by one slip of a known class,
from the most to the least likely (the order ranks proposals that fix a rule equally well):

1. `sign`: the sign swapped (a cost printed as a saving, "(406)" as "406");
2. `swapped digits`: two neighbouring digits transposed (1,653 for 1,563);
3. `misplaced decimal`: the decimal point or comma one or two places out (×10, ÷100);
4. `unit slip`: thousands for millions or the reverse (×1000, ÷1000; k vs m);
5. `dropped digit`: one digit missing (5,83.00 for 5,083.00);
6. `extra digit`: one digit too many;
7. `misread digit`: one digit wrong (406 for 407).
"""

from __future__ import annotations

from dataclasses import dataclass

from icsplan.forensics.figures import PrintedError, parse_number

CLASSES = ("sign", "swapped digits", "misplaced decimal", "unit slip", "dropped digit",
           "extra digit", "misread digit")


@dataclass(frozen=True)
class Reading:
    """One other reading of a printed figure (in the printed unit)."""

    value: float
    decimals: int
    fault: str  # one of CLASSES
    how: str  # e.g. "insert 0 after the first digit"

    @property
    def rank(self) -> int:
        """The fault class's place in CLASSES (lower is likelier)."""
        return CLASSES.index(self.fault)

    @property
    def text(self) -> str:
        """The reading written as a figure."""
        return f"{self.value:,.{self.decimals}f}"


def _ordinal(i: int) -> str:
    return {0: "first", 1: "second", 2: "third", 3: "fourth", 4: "fifth", 5: "sixth"}.get(
        i, f"{i + 1}th")


def readings(printed: str) -> list[Reading]:  # noqa: C901, PLR0912 (one branch per kind of slip, each small)
    """Every one-slip reading of a single printed figure (none for a printed range)."""
    try:
        magnitude, decimals, sign = parse_number(printed)
    except PrintedError:
        return []
    # the printed digits: '.1' is the one digit 1 (a leading 0 is not printed digits)
    digits = f"{magnitude:.{decimals}f}".replace(".", "").lstrip("0") or "0"
    digits = digits.rjust(decimals, "0")
    out: list[Reading] = []
    seen = {sign * magnitude}

    def leading_zero(ds: str) -> bool:
        return len(ds) - decimals > 1 and ds[0] == "0"

    def add(value: float, dec: int, fault: str, how: str) -> None:
        key = round(value, 9)
        if key not in seen:
            seen.add(key)
            out.append(Reading(value, max(dec, 0), fault, how))

    def number(ds: str) -> float:
        return sign * int(ds) / 10 ** decimals

    if magnitude != 0:
        add(-sign * magnitude, decimals, "sign", "the sign swapped")
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            ds = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            if leading_zero(ds):
                continue
            add(number(ds), decimals, "swapped digits",
                f"the {_ordinal(i)} and {_ordinal(i + 1)} digits swapped")
    for k in (1, -1, 2, -2):
        add(sign * magnitude * 10 ** k, decimals - k, "misplaced decimal",
            f"the decimal point {abs(k)} place{'s' if abs(k) > 1 else ''} "
            f"{'right' if k > 0 else 'left'}")
    for k, how in ((3, "thousands read as millions (×1000)"),
                   (-3, "millions read as thousands (÷1000)")):
        add(sign * magnitude * 10 ** k, decimals - k, "unit slip", how)
    for i in range(len(digits) + 1):
        for d in "0123456789":
            ds = digits[:i] + d + digits[i:]
            if leading_zero(ds):
                continue
            where = ("before the first digit" if i == 0
                     else f"after the {_ordinal(i - 1)} digit")
            add(number(ds), decimals, "dropped digit", f"a {d} dropped {where}")
    if len(digits) > 1:
        for i in range(len(digits)):
            ds = digits[:i] + digits[i + 1:]
            add(number(ds), decimals, "extra digit", f"the {_ordinal(i)} digit is extra")
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                ds = digits[:i] + d + digits[i + 1:]
                if leading_zero(ds):
                    continue
                add(number(ds), decimals, "misread digit",
                    f"the {_ordinal(i)} digit {d} not {digits[i]}")
    return out
