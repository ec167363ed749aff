"""Parsing and matching of the code lists used by the SEER recode tables.

The SEER recode definition tables (seer.cancer.gov/siterecode, /iccc, /ayarecode) express their
conditions as comma-separated lists of single codes and inclusive ranges, for example
``"C000-C006,C008-C009"`` (ICD-O-3 topography), ``"C07.9-C08.1"`` (topography written with the
dot) or ``"9050-9055,9140,9590-9993"`` (ICD-O-3 morphology).  This module turns such a list into a
sorted tuple of integer intervals that can be tested with a binary search.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


def code_to_int(code: str) -> int | None:
    """Return the integer value of a topography ("C504", "C50.4") or numeric code ("8500"), or None."""
    text = code.strip().upper().replace(".", "")
    text = text.removeprefix("C")
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class CodeRanges:
    """An immutable set of inclusive integer intervals, merged and sorted for bisection."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        i = bisect_right(self.starts, value) - 1
        return i >= 0 and value <= self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def boundary_values(self) -> list[int]:
        """Every interval's first and last value plus the values just outside it (for testing)."""
        out: list[int] = []
        for lo, hi in zip(self.starts, self.ends, strict=False):
            out.extend((lo - 1, lo, hi, hi + 1))
        return out


EMPTY = CodeRanges((), ())


def parse_ranges(text: str | None) -> CodeRanges:
    """Parse a list such as ``"C000-C006,C008"`` or ``"0-1,3"`` into :class:`CodeRanges`.

    Empty items (the published tables contain stray commas such as ``"9724-9726,,9735"``) are
    ignored.  Raises ValueError on an item that is not a code or a range of codes.
    """
    if not text or not text.strip():
        return EMPTY
    intervals: list[tuple[int, int]] = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        lo_text, _, hi_text = item.partition("-")
        lo = code_to_int(lo_text)
        hi = code_to_int(hi_text) if hi_text else lo
        if lo is None or hi is None or hi < lo:
            raise ValueError(f"not a code or code range: {item!r}")
        intervals.append((lo, hi))
    return _merge(intervals)


def _merge(intervals: list[tuple[int, int]]) -> CodeRanges:
    intervals.sort()
    merged: list[list[int]] = []
    for lo, hi in intervals:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return CodeRanges(tuple(m[0] for m in merged), tuple(m[1] for m in merged))


def site_int(site: str | None) -> int | None:
    """Integer part of an ICD-O-3 topography code "Cxxx" (dot tolerated), None when not valid."""
    if not site:
        return None
    text = site.strip().upper().replace(".", "")
    if len(text) != 4 or text[0] != "C" or not text[1:].isdigit():
        return None
    return int(text[1:])


def hist_int(histology: str | None) -> int | None:
    """Integer value of a 4-digit ICD-O-3 histology code, None when not valid."""
    if not histology:
        return None
    text = histology.strip()
    return int(text) if len(text) == 4 and text.isdigit() else None


def digit_int(value: str | None) -> int | None:
    """Integer value of a one-or-more digit code such as a behavior code, None when blank/invalid."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isdigit() else None
