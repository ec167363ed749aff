"""Weighted random choice and the value-list syntax of the imsweb staging frequency files.

All draws take an explicit ``random.Random`` so one seeded generator drives a whole demo registry
(same seed, same registry). Nothing here iterates a set or relies on hash order.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def pick_share(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    """One value of ``(value, share)`` pairs whose shares sum to about 1 (the last value takes any remainder)."""
    x = rng.random()
    for value, share in pairs:
        x -= share
        if x <= 0:
            return value
    return pairs[-1][0]


class Weighted(Generic[T]):
    """A fixed list of values with relative weights; ``pick`` is O(log n) by bisection."""

    __slots__ = ("_cum", "_total", "values")

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        if len(values) != len(weights) or not values:
            raise ValueError("values and weights must be non-empty and of equal length")
        self.values: tuple[T, ...] = tuple(values)
        self._cum = list(itertools.accumulate(float(w) for w in weights))
        self._total = self._cum[-1]
        if self._total <= 0:
            raise ValueError("weights must sum to a positive number")

    def pick(self, rng: random.Random) -> T:
        i = bisect.bisect_right(self._cum, rng.random() * self._total)
        return self.values[min(i, len(self.values) - 1)]

    def share(self, value: T) -> float:
        """The probability of ``value`` (summed over repeats)."""
        total = 0.0
        prev = 0.0
        for v, c in zip(self.values, self._cum, strict=True):
            if v == value:
                total += c - prev
            prev = c
        return total / self._total

    def __len__(self) -> int:
        return len(self.values)


def weighted_of(pairs: Sequence[tuple[T, float]]) -> Weighted[T]:
    """Build a :class:`Weighted` from ``(value, weight)`` pairs."""
    return Weighted([v for v, _ in pairs], [w for _, w in pairs])


def _expand_range(low: str, high: str, limit: int) -> list[str]:
    """Expand ``low-high`` keeping the width and decimals of ``low`` ("000-980", "0.0-99.9")."""
    if "." in low:
        decimals = len(low.split(".")[1])
        scale = 10**decimals
        lo, hi = round(float(low) * scale), round(float(high) * scale)
        width = len(low)
        fmt = f"{{:0{width}.{decimals}f}}"
        return [fmt.format(n / scale) for n in range(lo, min(hi, lo + limit - 1) + 1)]
    lo, hi = int(low), int(high)
    width = len(low)
    return [str(n).zfill(width) for n in range(lo, min(hi, lo + limit - 1) + 1)]


def expand_spec(spec: str, limit: int = 2000) -> list[str]:
    """All values allowed by an imsweb staging value list such as ``"000-980;988;998;999"``.

    Per ``staging_readme.txt`` a list is ``;``-separated values and ranges; values need not be digits.
    Ranges longer than ``limit`` are cut (only the first ``limit`` values are kept).
    """
    out: list[str] = []
    for token in spec.split(";"):
        token = token.strip()
        if not token:
            continue
        low, sep, high = token.partition("-")
        if sep and low and high and low.replace(".", "").isdigit() and high.replace(".", "").isdigit():
            out.extend(_expand_range(low, high, limit))
        else:
            out.append(token)
    return out


def randint(rng: random.Random, low: int, high: int) -> int:
    """Like ``rng.randint`` (inclusive bounds) but from one ``rng.random()`` call: faster, still seeded."""
    return low + int(rng.random() * (high - low + 1))


def choice(rng: random.Random, values: Sequence[T]) -> T:
    """Like ``rng.choice`` but from one ``rng.random()`` call."""
    return values[int(rng.random() * len(values))]
