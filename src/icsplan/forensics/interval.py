"""Interval arithmetic: a printed figure stands for every value that rounds to it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    """The closed interval [lo, hi]."""

    lo: float
    hi: float

    @property
    def mid(self) -> float:
        """The middle of the interval."""
        return (self.lo + self.hi) / 2

    @property
    def half(self) -> float:
        """Half the interval's width."""
        return (self.hi - self.lo) / 2

    def scale(self, k: float) -> Interval:
        """The interval times a constant."""
        return Interval(min(self.lo * k, self.hi * k), max(self.lo * k, self.hi * k))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval) -> Interval:
        ends = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(min(ends), max(ends))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("division by a figure that may be zero")
        return self * Interval(1 / other.hi, 1 / other.lo)

    def gap(self, other: Interval) -> float:
        """How far apart two intervals are (0 when they overlap)."""
        return max(0.0, self.lo - other.hi, other.lo - self.hi)

    def contains_integer(self) -> bool:
        """Whether a whole number lies in the interval."""
        import math

        return math.floor(self.hi) >= self.lo


def exact(value: float) -> Interval:
    """A number known exactly (a constant of a rule)."""
    return Interval(value, value)
