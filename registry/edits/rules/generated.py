"""Table-driven single-item edits generated from the NAACCR dictionary and code lookups.

Each edit loops only over the items present (non-empty) in the record and reports one failure per failing item:

* G001 allowed codes: a coded item (one with a NAACCR/SEER lookup, registry/naaccr/lookups.py) holds one of its
  codes ("%V1 is not a valid value for %F1", NAACCR single-field edits). Lookups that depend on another item or
  on the registry's state are not used: county codes (state-specific FIPS) and Cause of Death (ICD revision
  given by ICD Revision Number).
* G002 valid date: NAACCR XML data type ``date`` - CCYYMMDD, CCYYMM or CCYY, a real calendar date, year >= 1850.
* G003 date not in the future: "Highest allowed value: current system date" (NAACCR date edits).
* G004 length: NAACCR XML specification data types - ``digits``, ``alpha`` and ``mixed`` values fill the item's
  full length; no value is longer than the item (except items allowing unlimited text).
* G005 data type: ``digits`` 0-9 only; ``alpha`` upper-case A-Z; ``mixed`` A-Z and 0-9; ``numeric`` digits with
  an optional decimal point.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from datetime import date

from registry.edits import dates
from registry.edits.define import ALL_SETS, item_names, per_item_edit
from registry.edits.model import Record
from registry.edits.schemas import CodeSet, parse_cells
from registry.naaccr import dictionary, lookups
from registry.naaccr.dictionary import ItemDef

NOT_CHECKED_LOOKUPS = frozenset({
    "countyAtDx", "countyAtDxAnalysis", "countyAtDxGeocode1990", "countyAtDxGeocode2000", "countyAtDxGeocode2010",
    "countyAtDxGeocode2020", "countyCurrent", "causeOfDeath"})
_TYPE_PATTERNS = {
    "digits": re.compile(r"[0-9]+"),
    "alpha": re.compile(r"[A-Z]+"),
    "mixed": re.compile(r"[A-Z0-9]+"),
    "numeric": re.compile(r"-?[0-9]*\.?[0-9]+|-?[0-9]+\.?"),
}
_FULL_LENGTH_TYPES = frozenset({"digits", "alpha", "mixed"})


@functools.cache
def item_defs() -> dict[str, ItemDef]:
    """Every NAACCR item of the base dictionaries v14-v26 (the newest definition wins)."""
    defs: dict[str, ItemDef] = {}
    for version in reversed(dictionary.BASE_VERSIONS):
        for item in dictionary.base_dictionary(version):
            defs.setdefault(item.naaccr_id, item)
    return defs


@functools.cache
def code_sets() -> dict[str, CodeSet]:
    """Coded item -> its allowed codes ("Blank" entries mean the item may be empty, which is never checked)."""
    sets: dict[str, CodeSet] = {}
    for naaccr_id in lookups.items_with_lookups():
        if naaccr_id in NOT_CHECKED_LOOKUPS:
            continue
        codes = [c for c in (lookups.codes(naaccr_id) or {}) if c != "Blank"]
        sets[naaccr_id] = parse_cells(codes)
    return sets


@functools.cache
def date_items() -> frozenset[str]:
    return frozenset(i.naaccr_id for i in item_defs().values() if i.data_type == "date")


def _label(naaccr_id: str) -> str:
    item = item_defs().get(naaccr_id)
    return f"{item_names().get(naaccr_id, naaccr_id)} [{item.number}]" if item else naaccr_id


def invalid_codes(record: Record) -> Iterator[tuple[str, str]]:
    sets = code_sets()
    for naaccr_id, value in record.items():
        allowed = sets.get(naaccr_id)
        if allowed is not None and value and value not in allowed:
            yield naaccr_id, f"{_label(naaccr_id)}: '{value}' is not an allowed code"


def invalid_dates(record: Record) -> Iterator[tuple[str, str]]:
    items = date_items()
    for naaccr_id, value in record.items():
        if value and naaccr_id in items and dates.parse(value) is None:
            yield naaccr_id, f"{_label(naaccr_id)}: '{value}' is not a valid date (CCYYMMDD, CCYYMM or CCYY)"


def future_dates(record: Record) -> Iterator[tuple[str, str]]:
    items = date_items()
    today = date.today()
    for naaccr_id, value in record.items():
        if value and naaccr_id in items:
            parsed = dates.parse(value)
            if parsed is not None and dates.in_future(parsed, today):
                yield naaccr_id, f"{_label(naaccr_id)}: '{value}' is in the future"


@functools.cache
def _length_specs() -> dict[str, tuple[int, bool]]:
    """Item -> (longest allowed length, whether the value must fill the full length)."""
    return {i.naaccr_id: (10**9 if i.allow_unlimited_text else i.length, i.data_type in _FULL_LENGTH_TYPES)
            for i in item_defs().values()}


def wrong_lengths(record: Record) -> Iterator[tuple[str, str]]:
    specs = _length_specs()
    for naaccr_id, value in record.items():
        spec = specs.get(naaccr_id)
        if spec is None or not value or len(value) == spec[0]:
            continue
        if len(value) > spec[0]:
            yield naaccr_id, f"{_label(naaccr_id)}: '{value}' is longer than {spec[0]} characters"
        elif spec[1]:
            yield naaccr_id, f"{_label(naaccr_id)}: '{value}' must be exactly {spec[0]} characters"


def _is_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _is_alpha(value: str) -> bool:
    return value.isascii() and value.isalpha() and value.isupper()


_TYPE_CHECKS: dict[str, Callable[[str], bool]] = {
    "digits": _is_digits,
    "alpha": _is_alpha,
    "mixed": _TYPE_PATTERNS["mixed"].fullmatch,  # type: ignore[dict-item]
    "numeric": _TYPE_PATTERNS["numeric"].fullmatch,  # type: ignore[dict-item]
}


@functools.cache
def _type_specs() -> dict[str, tuple[Callable[[str], bool], str]]:
    return {i.naaccr_id: (_TYPE_CHECKS[i.data_type], i.data_type) for i in item_defs().values()
            if i.data_type in _TYPE_CHECKS}


def wrong_types(record: Record) -> Iterator[tuple[str, str]]:
    specs = _type_specs()
    for naaccr_id, value in record.items():
        spec = specs.get(naaccr_id)
        if spec is not None and value and not spec[0](value):
            yield naaccr_id, f"{_label(naaccr_id)}: '{value}' is not of data type {spec[1]}"


def register() -> None:
    """Add the generated edits G001-G005 to the registry."""
    coded = tuple(sorted(code_sets()))
    dated = tuple(sorted(date_items()))
    every = tuple(sorted(item_defs()))
    typed = tuple(sorted(_type_specs()))
    per_item_edit("G001", "Coded item, allowed codes (NAACCR lookups)", coded, fn=invalid_codes, sets=ALL_SETS,
                  rule="NAACCR single-field edits: %V1 is not a valid value for %F1 (code lists: SEER NAACCR lookups)",
                  description=invalid_codes.__doc__ or "A coded item holds one of its allowed codes.")
    per_item_edit("G002", "Date, valid NAACCR date", dated, fn=invalid_dates,
                  rule="NAACCR XML date data type; NAACCR date edits (valid CCYYMMDD/CCYYMM/CCYY, year >= 1850)",
                  description="A date item is a real calendar date in CCYYMMDD, CCYYMM or CCYY form.")
    per_item_edit("G003", "Date, not in the future", dated, fn=future_dates,
                  rule="NAACCR date edits: highest allowed value is the current system date",
                  description="No date item is later than today (known parts only).")
    per_item_edit("G004", "Item length", every, fn=wrong_lengths,
                  rule="NAACCR XML specification: item length; digits/alpha/mixed fill the full length",
                  description="Values are not longer than the item; digits, alpha and mixed items are full length.")
    per_item_edit("G005", "Item data type", typed, fn=wrong_types,
                  rule="NAACCR XML specification data types digits, alpha, mixed, numeric",
                  description="Values match the item's NAACCR data type.")
