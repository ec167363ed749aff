"""Vectorised reading of NAACCR dates for follow-up arithmetic.

NAACCR XML dates are ``YYYYMMDD`` with the partial forms ``YYYYMM`` and ``YYYY`` (NAACCR XML date type; older
flat files wrote an unknown month or day as ``99``, read here the same as a missing part). A partial date is a
range of days, so every reader takes a *bound*: ``"earliest"`` (first day of the stated month or year) or
``"latest"`` (last day). The follow-up rules choose the bound that keeps a patient in follow-up when in doubt
(see ``status.py``). Empty, non-numeric or impossible values (``20230230``) read as NaT.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

Bound = Literal["earliest", "latest"]


def _part(text: pd.Series, start: int, stop: int, unknown: int) -> pd.Series:
    """An integer part of the date string, NaN when absent or coded as unknown (99 / 9999)."""
    values = pd.to_numeric(text.str.slice(start, stop), errors="coerce")
    return values.where(values != unknown)


def _slow_dates(text: pd.Series, bound: Bound) -> pd.Series:
    """Partial dates, 99-coded parts and anything odd, part by part."""
    shaped = text.str.fullmatch(r"\d{4}(\d{2}(\d{2})?)?").fillna(False).astype(bool)
    text = text.where(shaped, "")
    year = _part(text, 0, 4, 9999)
    month = _part(text, 4, 6, 99)
    day = _part(text, 6, 8, 99).where(month.notna())
    year = year.where(~(month.notna() & ~month.between(1, 12)))
    month_start = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month.fillna(12 if bound == "latest" else 1), "day": 1}),
        errors="coerce",
    )
    days_in_month = pd.Series(month_start.dt.days_in_month, index=text.index).astype(float)
    first_day = day.fillna(1) if bound == "earliest" else day.fillna(days_in_month)
    out = month_start + pd.to_timedelta(first_day - 1, unit="D")
    return out.where(~(day > days_in_month).fillna(False).astype(bool))


def _parse(text: pd.Series, bound: Bound) -> pd.Series:
    text = text.str.strip()
    out = pd.to_datetime(text.where(text.str.len() == 8), format="%Y%m%d", errors="coerce")
    rest = out.isna() & (text != "")
    if rest.any():
        out[rest] = _slow_dates(text[rest], bound)
    return out.astype("datetime64[ns]")


def naaccr_dates(values: pd.Series, bound: Bound = "earliest") -> pd.Series:
    """Read NAACCR date strings into ``datetime64`` values taking the given bound of a partial date.

    Each distinct string is read once (a registry has far fewer distinct dates than records): full 8-digit
    dates by pandas' fast parser, the rest (partial, 99-coded, malformed) part by part.
    """
    codes, uniques = pd.factorize(values.astype(object).where(values.notna(), ""))
    parsed = _parse(pd.Series(uniques, dtype=object).astype(str), bound).to_numpy()
    return pd.Series(parsed[codes], index=values.index, dtype="datetime64[ns]")


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's last day (31 May - 3 -> 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def timestamp(day: date) -> np.datetime64:
    """A scalar comparable with the ``datetime64[ns]`` columns produced by :func:`naaccr_dates`."""
    return np.datetime64(day, "ns")
