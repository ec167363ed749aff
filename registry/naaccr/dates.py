"""NAACCR dates: 'YYYYMMDD', with the partial forms 'YYYYMM' and 'YYYY' (NAACCR XML date data type)."""

from __future__ import annotations

from datetime import date


def parse_naaccr_date(value: str | None) -> date | None:
    """A sortable date for a NAACCR date string; a partial date falls on the first day of its period.

    Returns None for an empty or invalid value (validation reports those; this only derives).
    """
    if not value:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) not in (4, 6, 8):
        return None
    try:
        year = int(value[:4])
        month = int(value[4:6]) if len(value) >= 6 else 1
        day = int(value[6:8]) if len(value) == 8 else 1
        return date(year, month, day)
    except ValueError:
        return None


def is_valid_naaccr_date(value: str) -> bool:
    return parse_naaccr_date(value) is not None


def format_naaccr_date(value: str | None) -> str:
    """'20240315' -> '2024-03-15', '202403' -> '2024-03', '2024' -> '2024' for display."""
    if not value:
        return ""
    parts = [value[:4], value[4:6], value[6:8]]
    return "-".join(p for p in parts if p)


def naaccr_date_from(d: date) -> str:
    return d.strftime("%Y%m%d")
