"""Survival time in whole months.

SEER survival-time algorithm (v2.2, 2014; methods-and-standards §3.5) and the CLI contract
(cli-contract.md, ``reports survival``): months from diagnosis to last contact or study cutoff are
``floor(days / (365.24 / 12))``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

DAYS_PER_MONTH = 365.24 / 12


def survival_months(days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Whole survival months ``floor(days / (365.24/12))`` for each follow-up length in days (vectorised).

    Raises ``ValueError`` for a negative or missing number of days (last contact before diagnosis).
    """
    d = np.asarray(days, dtype=float)
    if np.any(~np.isfinite(d)) or np.any(d < 0):
        raise ValueError("follow-up days must be known and not negative")
    return np.floor(d / DAYS_PER_MONTH).astype(np.int64)


def days_between(start: npt.ArrayLike, end: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Days from ``start`` to ``end`` (anything numpy reads as ``datetime64[D]``, e.g. ISO date strings)."""
    s = np.asarray(start, dtype="datetime64[D]")
    e = np.asarray(end, dtype="datetime64[D]")
    return (e - s).astype(np.int64)


def naaccr_date(value: str) -> np.datetime64 | None:
    """A full NAACCR date ``YYYYMMDD`` as ``datetime64[D]``; None when missing or only partly known.

    Partial dates (``YYYY``, ``YYYYMM``) need the SEER imputation rules and are left to the caller.
    """
    text = (value or "").strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return np.datetime64(f"{text[:4]}-{text[4:6]}-{text[6:]}", "D")
    except ValueError:
        return None


def months_between(start: npt.ArrayLike, end: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Whole survival months between two date arrays (``survival_months(days_between(start, end))``)."""
    return survival_months(days_between(start, end))
