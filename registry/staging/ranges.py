"""Cell syntax of the staging decision tables (SEER staging algorithm JSON, as shipped in the zips).

An INPUT cell is ``*`` (matches anything) or a comma list of entries; each entry is a single value or
a ``low-high`` range (research notes ``staging-edits-codes.md`` §1.2):

* a ``-`` split gives a range when both halves have the same length, both are numbers, or either half
  is a ``{{key}}`` reference; otherwise the whole entry is one literal (e.g. ``N0(mol-)``);
* when low and high differ and both are numbers, the comparison is numeric (32-bit float, as the
  reference engine does); a value with a decimal point never matches a range without one;
* otherwise low, high and the value must have the same length and are compared as strings;
* an empty entry matches only a blank (or missing) value;
* ``{{key}}`` is replaced by that context value at evaluation time (blank when absent).
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Mapping

_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
_REFERENCE = re.compile(r"\{\{(.*?)\}\}")


def is_number(text: str) -> bool:
    """True for a plain decimal number: optional ``-``, digits, at most one ``.`` not at the end."""
    return _NUMBER.fullmatch(text) is not None


def as_float32(text: str) -> float:
    """The value rounded to a 32-bit float, the precision the reference engine compares ranges in."""
    return struct.unpack("f", struct.pack("f", float(text)))[0]


def is_reference(text: str | None) -> bool:
    """True when the text is a ``{{key}}`` reference to another context value."""
    return text is not None and text.startswith("{{") and text.endswith("}}")


def translate(value: str | None, context: Mapping[str, str | None]) -> str | None:
    """Replace a whole-value ``{{key}}`` reference by the context value (blank when absent)."""
    if value is not None and value.startswith("{{"):
        match = _REFERENCE.fullmatch(value)
        if match:
            found = context.get(match.group(1))
            return "" if found is None else found
    return value


def _reference_key(text: str) -> str | None:
    """The key of a whole-value ``{{key}}`` reference, else None."""
    match = _REFERENCE.fullmatch(text) if text.startswith("{{") else None
    return match.group(1) if match else None


@functools.lru_cache(maxsize=4096)
def range_contains(low: str, high: str, value: str) -> bool:
    """Whether ``value`` lies in ``low``-``high`` (numeric or same-length string comparison).

    Cached on its three arguments, which are all it reads: ``{{key}}`` bounds are resolved by the caller.
    """
    if low != high and is_number(low) and is_number(high):
        if not is_number(value):
            return False
        if "." in value and "." not in low and "." not in high:
            return False
        number = as_float32(value)
        return as_float32(low) <= number <= as_float32(high)
    if len(low) != len(high) or len(low) != len(value):
        return False
    return low <= value <= high


class Range:
    """One entry of an INPUT cell; ``dynamic`` when either bound is a ``{{key}}`` reference."""

    __slots__ = ("_decimals", "_fhigh", "_flow", "_high_ref", "_low_ref", "_numeric", "dynamic", "high", "low")

    def __init__(self, low: str, high: str) -> None:
        self.low = low
        self.high = high
        self._low_ref = _reference_key(low)
        self._high_ref = _reference_key(high)
        self.dynamic = self._low_ref is not None or self._high_ref is not None
        self._numeric = not self.dynamic and low != high and is_number(low) and is_number(high)
        if self._numeric:
            self._flow, self._fhigh = as_float32(low), as_float32(high)
            self._decimals = "." in low or "." in high

    @property
    def is_single(self) -> bool:
        """A literal single value (exact string match)."""
        return not self.dynamic and self.low == self.high

    def contains(self, value: str, context: Mapping[str, str | None]) -> bool:
        """Whether the value matches this entry, resolving references against ``context``."""
        if self._numeric:
            if not is_number(value) or ("." in value and not self._decimals):
                return False
            return self._flow <= as_float32(value) <= self._fhigh
        if self.dynamic:
            low = self.low if self._low_ref is None else context.get(self._low_ref) or ""
            high = self.high if self._high_ref is None else context.get(self._high_ref) or ""
            return range_contains(low, high, value)
        return range_contains(self.low, self.high, value)

    def __repr__(self) -> str:
        return f"Range({self.low!r}, {self.high!r})"


def _split_dash(entry: str) -> list[str]:
    """``entry.split('-')`` with trailing empty parts dropped, like a Java regex split."""
    parts = entry.split("-")
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def parse_entry(entry: str) -> Range:
    """Parse one comma-separated entry of an INPUT cell."""
    parts = _split_dash(entry)
    if len(parts) == 2:
        low, high = parts[0].strip(), parts[1].strip()
        numeric = is_number(low) and is_number(high)
        if len(low) == len(high) or numeric or is_reference(low) or is_reference(high):
            return Range(low, high)
    literal = entry.strip()
    return Range(literal, literal)


def parse_cell(cell: str | None) -> list[Range] | None:
    """Parse an INPUT cell; ``None`` means the cell matches any value (``*`` or a null cell)."""
    if cell is None or cell == "*":
        return None
    return [parse_entry(entry) for entry in cell.split(",")]
