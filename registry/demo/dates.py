"""Dates as proleptic Gregorian ordinals (fast arithmetic) and NAACCR ``YYYYMMDD`` strings."""

from __future__ import annotations

import functools
import random
from datetime import date

from registry.demo.sampling import randint

_REF_YEAR = 2001  # not a leap year: birthdays drawn from it never fall on 29 February


@functools.lru_cache(maxsize=65536)
def naaccr(ordinal: int) -> str:
    """NAACCR date string ``YYYYMMDD`` (NAACCR XML date type, full precision)."""
    d = date.fromordinal(ordinal)
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def parse(value: str) -> date:
    """A full ``YYYYMMDD`` NAACCR date as a ``date``."""
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def day_in_year(rng: random.Random, year: int) -> int:
    """A uniformly drawn day of ``year`` as an ordinal."""
    start = date(year, 1, 1).toordinal()
    return randint(rng, start, date(year, 12, 31).toordinal())


def birth_for_age(rng: random.Random, dx: int, age: int) -> int:
    """A birth date such that the completed age on the diagnosis date ``dx`` is exactly ``age``."""
    d = date.fromordinal(dx)
    born = date.fromordinal(date(_REF_YEAR, 1, 1).toordinal() + rng.randrange(365))
    year = d.year - age if (born.month, born.day) <= (d.month, d.day) else d.year - age - 1
    return date(year, born.month, born.day).toordinal()


def age_at(birth: int, when: int) -> int:
    """Completed years from ``birth`` to ``when`` (NAACCR Age at Diagnosis)."""
    b, w = date.fromordinal(birth), date.fromordinal(when)
    return w.year - b.year - ((w.month, w.day) < (b.month, b.day))
