"""Normalised view of one tumor for the multiple-primary rules, and diagnosis-date arithmetic.

Input is a NAACCR tumor mapping: ``primarySite`` ("C504"), ``histologicTypeIcdO3`` ("8500"),
``behaviorCodeIcdO3`` ("3"), ``laterality`` ("1".."5", "9", "0") and ``dateOfDiagnosis`` ("YYYYMMDD",
"YYYYMM" or "YYYY").  A partial date is kept as the interval of days it may denote, so that timing
rules ("more than 21 days", "more than N years apart") answer yes, no, or unknown.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum


class Tri(Enum):
    """Three-valued answer to a timing question."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


def date_interval(text: str | None) -> tuple[date, date] | None:
    """Earliest and latest day a NAACCR date may denote; None when the year is missing, invalid or 9999."""
    text = (text or "").strip()
    year = text[:4]
    if len(year) != 4 or not year.isdigit() or not 1800 <= int(year) < 9999:
        return None
    y = int(year)
    month = text[4:6]
    if len(month) != 2 or not month.isdigit() or not 1 <= int(month) <= 12:
        return date(y, 1, 1), date(y, 12, 31)
    m = int(month)
    last = calendar.monthrange(y, m)[1]
    day = text[6:8]
    if len(day) != 2 or not day.isdigit() or not 1 <= int(day) <= last:
        return date(y, m, 1), date(y, m, last)
    d = date(y, m, int(day))
    return d, d


@dataclass(frozen=True)
class Tumor:
    """The items the multiple-primary rules read, already validated."""

    site: str
    hist: str
    beh: str
    lat: str
    dates: tuple[date, date] | None

    @property
    def site3(self) -> str:
        return self.site[:3]

    @property
    def hist_int(self) -> int:
        return int(self.hist)

    @property
    def morphology(self) -> str:
        return f"{self.hist}/{self.beh}"

    @property
    def year(self) -> int | None:
        return self.dates[0].year if self.dates else None


def tumor_from_record(record: Mapping[str, str]) -> Tumor:
    """Build a :class:`Tumor`; values are stripped and upper-cased but otherwise kept as given."""
    return Tumor(site=(record.get("primarySite") or "").strip().upper(),
                 hist=(record.get("histologicTypeIcdO3") or "").strip(),
                 beh=(record.get("behaviorCodeIcdO3") or "").strip(),
                 lat=(record.get("laterality") or "").strip(),
                 dates=date_interval(record.get("dateOfDiagnosis")))


def invalid_reason(t: Tumor, need_date: bool = True) -> str | None:
    """Why a tumor cannot be put through the rules (site C000-C999 except C809, histology 8000-9999,
    behavior 0-3 or 6, known year of diagnosis unless ``need_date`` is False), or None when it can."""
    if len(t.site) != 4 or t.site[0] != "C" or not t.site[1:].isdigit():
        return f"primary site {t.site or '(blank)'} is not an ICD-O-3 topography code"
    if t.site == "C809":
        return "primary site unknown (C809)"
    if len(t.hist) != 4 or not t.hist.isdigit() or not 8000 <= int(t.hist) <= 9999:
        return f"histology {t.hist or '(blank)'} is not an ICD-O-3 morphology code"
    if t.beh not in ("0", "1", "2", "3", "6"):
        return f"behavior {t.beh or '(blank)'} is not 0-3 or 6"
    if need_date and t.dates is None:
        return "year of diagnosis unknown"
    return None


def later(a: Tumor, b: Tumor) -> int:
    """1 when ``a`` was diagnosed after ``b``, 2 when ``b`` after ``a``, 0 same known day, -1 unknown."""
    if a.dates is None or b.dates is None:
        return -1
    if a.dates[0] > b.dates[1]:
        return 1
    if b.dates[0] > a.dates[1]:
        return 2
    if a.dates[0] == a.dates[1] == b.dates[0] == b.dates[1]:
        return 0
    return -1


def days_apart(a: Tumor, b: Tumor, days: int) -> Tri:
    """Are the diagnoses more than ``days`` days apart?  UNKNOWN when partial dates allow both."""
    if a.dates is None or b.dates is None:
        return Tri.UNKNOWN
    shortest = max(0, (a.dates[0] - b.dates[1]).days, (b.dates[0] - a.dates[1]).days)
    longest = max(abs((a.dates[1] - b.dates[0]).days), abs((b.dates[1] - a.dates[0]).days))
    if shortest > days:
        return Tri.YES
    if longest <= days:
        return Tri.NO
    return Tri.UNKNOWN


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def years_apart(a: Tumor, b: Tumor, years: int) -> Tri:
    """Were the diagnoses at least ``years`` full years apart (SEER "more than N years apart")?"""
    if a.dates is None or b.dates is None:
        return Tri.UNKNOWN
    first, second = (a, b) if a.dates[0] <= b.dates[0] else (b, a)
    if _add_years(first.dates[1], years) <= second.dates[0]:  # type: ignore[index]
        return Tri.YES
    lo_first, hi_second = min(a.dates[0], b.dates[0]), max(a.dates[1], b.dates[1])
    if _add_years(lo_first, years) > hi_second:
        return Tri.NO
    return Tri.UNKNOWN
