"""Item value rules of the NAACCR dictionaries, checked in bulk on the fast path and one by one on failure.

The rules are those of the NAACCR XML specification 1.8 and its reference library
(imsweb/naaccr-xml ``NaaccrXmlUtils``/``NaaccrErrorUtils``): an item must be defined by the base or a
user dictionary for the file's record type (``recordTypes``), sit at its ``parentXmlElement`` level,
carry the dictionary's ``naaccrNum`` if it carries one, be at most ``length`` characters (unless
``allowUnlimitedText``), have no leading or trailing space, fill the full length for the ``alpha``,
``digits`` and ``mixed`` types, and match its data type's pattern (dictionary XSD 1.8 comments).

Fast path: every item id is mapped to a one-character token naming its (type, length) class, the
values of one entity are joined as ``token value NUL`` and a single compiled regular expression checks
them all in C. Only an entity that fails gets :func:`ItemRules.item_problem` per item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import add

from registry.naaccr.dictionary import ItemDef, ItemLookup

_WS = " \t\n\r"
_NOT_WS = r"[^\x00 \t\n\r]"
_DATE = r"(?:18|19|20)[0-9][0-9](?:(?:0[1-9]|1[012])(?:0[1-9]|[12][0-9]|3[01])?)?"
# dateTime as given in naaccr_dictionary_1.8.xsd (HL7-FHIR style), with \d written [0-9].
_DATE_TIME = (
    r"(?:[0-9](?:[0-9](?:[0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[1-2][0-9]|3[0-1])"
    r"(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60))?)?(?:Z|(?:[+-])(?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00)?)?)?"
)
TYPE_PATTERNS = {
    "alpha": "[A-Z]+",
    "digits": "[0-9]+",
    "mixed": "[A-Z0-9]+",
    "numeric": r"[0-9]+(?:\.[0-9]+)?",
    "date": _DATE,
    "dateTime": _DATE_TIME,
    "text": r"(?s:.+)",
}
FIXED_LENGTH_TYPES = frozenset({"alpha", "digits", "mixed"})
_TYPE_RES = {k: re.compile(v) for k, v in TYPE_PATTERNS.items()}
_TOKEN_BASE = 0xE000  # Unicode private use area: one code point per value class


def _class_pattern(item: ItemDef) -> str:
    """The regex (without token and terminator) accepting exactly the valid values of an item."""
    n = item.length
    unlimited = item.allow_unlimited_text
    dtype = item.data_type if item.data_type in TYPE_PATTERNS else "text"
    if dtype in FIXED_LENGTH_TYPES and not unlimited:
        return f"{TYPE_PATTERNS[dtype][:-1]}{{{n}}}"
    limit = r"(?=[^\x00]*\x00)" if unlimited else rf"(?=[^\x00]{{1,{n}}}\x00)"
    if dtype == "text":
        return rf"{limit}{_NOT_WS}(?:[^\x00]*{_NOT_WS})?"
    return rf"{limit}(?:{TYPE_PATTERNS[dtype]})"


class ItemRules:
    """Validation rules for one file: a base + user dictionary lookup and the file's record type."""

    def __init__(self, lookup: ItemLookup, record_type: str) -> None:
        self.lookup = lookup
        self.record_type = record_type
        self.allowed: dict[str, frozenset[str]] = {
            level: frozenset(i.naaccr_id for i in lookup if i.level == level and record_type in i.record_types)
            for level in ("NaaccrData", "Patient", "Tumor")
        }
        patterns = {item.naaccr_id: _class_pattern(item) for item in lookup}
        # Most frequent classes first: the regex tries the alternatives in order.
        ranked = Counter(patterns.values()).most_common()
        classes = {pattern: chr(_TOKEN_BASE + i) for i, (pattern, _n) in enumerate(ranked)}
        self.token: dict[str, str] = {naaccr_id: classes[p] for naaccr_id, p in patterns.items()}
        body = "|".join(f"{tok}(?:{pat})\x00" for pat, tok in classes.items())
        self._values_re = re.compile(f"(?:{body})*")

    def values_ok(self, ids: Sequence[str], values: Sequence[str]) -> bool:
        """True when every (id, value) pair is a valid value of its item (an unknown id fails)."""
        joined = "\x00".join(map(add, map(self.token.get, ids, repeat("\x01")), values))
        return self._values_re.fullmatch(joined + "\x00") is not None

    def entity_ok(self, level: str, items: dict[str, str], count: int) -> bool:
        """Placement check of one entity whose values passed :meth:`values_ok`: no duplicate among its
        ``count`` items and every id allowed at this level for the record type."""
        return len(items) == count and self.allowed[level].issuperset(items)

    def placement_problem(self, level: str, naaccr_id: str) -> tuple[str, str] | None:
        """(kind, message) when an item is unknown, not for this record type, or at the wrong level."""
        item = self.lookup.get(naaccr_id)
        if item is None:
            return "unknown-item", f"unknown NAACCR ID {naaccr_id!r}"
        if self.record_type not in item.record_types:
            return "unknown-item", f"item {naaccr_id!r} is not part of record type {self.record_type}"
        if item.level != level:
            return "wrong-level", f"item {naaccr_id!r} belongs at {item.level} level, not {level}"
        return None

    def number_problem(self, naaccr_id: str, number: str | None) -> tuple[str, str] | None:
        item = self.lookup.get(naaccr_id)
        if number is None or item is None:
            return None
        if number.strip() != str(item.number):
            return "wrong-number", f"naaccrNum {number!r} does not match {naaccr_id!r} (number {item.number})"
        return None

    def item_problem(self, naaccr_id: str, value: str) -> tuple[str, str] | None:
        """(kind, message) for the first rule a non-empty value of a known item breaks, else None."""
        item = self.lookup.get(naaccr_id)
        return value_problem(item, value) if item is not None else None


def value_problem(item: ItemDef, value: str) -> tuple[str, str] | None:
    """The first rule of NAACCR XML 1.8 a non-empty value breaks: length, spaces, full length, data type."""
    n = len(value)
    if n > item.length and not item.allow_unlimited_text:
        return "too-long", f"value of {item.naaccr_id!r} is {n} characters long, more than {item.length}"
    if value[0] in _WS:
        return "leading-space", f"value of {item.naaccr_id!r} starts with a space"
    if value[-1] in _WS:
        return "trailing-space", f"value of {item.naaccr_id!r} ends with a space"
    dtype = item.data_type if item.data_type in TYPE_PATTERNS else "text"
    if dtype in FIXED_LENGTH_TYPES and n < item.length and not item.allow_unlimited_text:
        return "too-short", f"value of {item.naaccr_id!r} ({dtype}) must be {item.length} characters, got {n}"
    if not _TYPE_RES[dtype].fullmatch(value):
        return "bad-type", f"value {value!r} of {item.naaccr_id!r} is not valid for data type {dtype}"
    return None


def build_lookup(base, users: Iterable = ()) -> ItemLookup:
    """Base dictionary + user dictionaries, as the NAACCR reader uses them."""
    return ItemLookup(base, [u for u in users if u is not None])
