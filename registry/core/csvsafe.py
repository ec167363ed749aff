"""Spreadsheet-safe CSV: every CSV (and tab-separated text) the registry writes goes through this module.

A spreadsheet opening a CSV runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and some
treat a leading tab or carriage return the same way), so a stored first name ``=HYPERLINK("http://x","Click")``
would become a live link, or a DDE command, on a registrar's desktop. Following the OWASP advice on CSV
injection, such a cell is written with a single quote in front (``'=HYPERLINK(...)``): the spreadsheet shows the
text as typed and runs nothing. Only the written file changes; the stored value is never touched.

Numbers are left alone: a cell that is a plain decimal number (``-1.5``, ``+3``, ``-2e-3``) is written as it is.
Such a cell is made only of a sign, digits, one point and an exponent, which a spreadsheet reads as a number and
nothing else (no function name, cell reference, ``!``, ``|`` or ``(`` can appear in it), so it cannot be a
formula; prefixing it would turn negative trends (annual percent change) and similar figures into text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will not run it: text starting with a formula character gets a ``'`` prefix.

    Values that are not strings (numbers, None) are returned as they are; the csv module writes them as usual.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose every cell (header included: ``writeheader`` calls ``writerow``) is made safe."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def writer(out: IO[str], **options: Any) -> SafeWriter:
    """A spreadsheet-safe ``csv.writer`` (same options)."""
    return SafeWriter(out, **options)


def dict_writer(out: IO[str], fieldnames: Iterable[str], **options: Any) -> SafeDictWriter:
    """A spreadsheet-safe ``csv.DictWriter`` (same options)."""
    return SafeDictWriter(out, fieldnames=list(fieldnames), **options)


def tab_line(values: Iterable[Any]) -> str:
    """One line of tab-separated text (CLI listings that a user may paste into a spreadsheet), cells made safe."""
    return "\t".join(str(v) for v in safe_row(values))
