"""NAACCR dates for edits: parse, validate and compare full or partial dates.

NAACCR (v12+, XML data type ``date``) records dates as CCYYMMDD; an unknown day or month is left off, giving the
partial forms CCYYMM and CCYY (the reason goes in the matching date flag item). Range check as in the NAACCR /
California Vol. III date edits: lowest year 1850, highest the current system date.

Comparisons follow the NAACCR EDITS date-compare convention for partial dates: two dates are compared only on the
parts known in both (year, then month, then day), so "2020" is neither before nor after "20200315".
"""

from __future__ import annotations

import calendar
import functools
from datetime import date

LOWEST_YEAR = 1850
NaaccrDate = tuple[int, int, int]  # (year, month or 0, day or 0)


@functools.lru_cache(maxsize=65536)
def parse(value: str) -> NaaccrDate | None:
    """(year, month, day) with 0 for an unknown month/day, or None when the value is not a valid NAACCR date."""
    n = len(value)
    if n not in (4, 6, 8) or not value.isdigit():
        return None
    year = int(value[:4])
    if year < LOWEST_YEAR:
        return None
    month = int(value[4:6]) if n >= 6 else 0
    day = int(value[6:8]) if n == 8 else 0
    if n >= 6 and not 1 <= month <= 12:
        return None
    if n == 8 and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return (year, month, day)


def year_of(value: str | None) -> int | None:
    """The year of a valid NAACCR date, else None."""
    if not value:
        return None
    parsed = parse(value)
    return parsed[0] if parsed else None


def is_after(a: NaaccrDate, b: NaaccrDate) -> bool:
    """True when a is certainly later than b, comparing only the parts known in both."""
    if a[0] != b[0]:
        return a[0] > b[0]
    if not (a[1] and b[1]):
        return False
    if a[1] != b[1]:
        return a[1] > b[1]
    if not (a[2] and b[2]):
        return False
    return a[2] > b[2]


def out_of_order(earlier: str | None, later: str | None) -> bool:
    """True when both dates are valid and ``earlier`` is certainly after ``later`` (invalid/blank: no conflict)."""
    if not earlier or not later:
        return False
    a, b = parse(earlier), parse(later)
    return a is not None and b is not None and is_after(a, b)


def in_future(value: NaaccrDate, today: date | None = None) -> bool:
    """True when the known parts of the date are after today."""
    t = today or date.today()
    return is_after(value, (t.year, t.month, t.day))


def age_range(birth: NaaccrDate, event: NaaccrDate) -> tuple[int, int]:
    """The smallest and largest whole-years age at ``event`` consistent with the known parts of both dates."""
    years = event[0] - birth[0]
    if birth[1] and event[1]:
        if event[1] != birth[1]:
            exact = years - (1 if event[1] < birth[1] else 0)
            return exact, exact
        if birth[2] and event[2]:
            exact = years - (1 if event[2] < birth[2] else 0)
            return exact, exact
    return years - 1, years
