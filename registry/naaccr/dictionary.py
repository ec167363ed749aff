"""NAACCR data dictionaries: every item's id, number, name, level, length, type, padding and record types.

The base dictionaries v14-v26 and the default user dictionaries ship in ``registry/naaccr/data``
(see PROVENANCE.md there). A registry's own user-defined dictionaries are loaded from a path or
file object with :func:`load_dictionary`. Everything here is read once and cached; the objects are
immutable so every module (models, forms, edits, readers) can share them.

Attribute defaults follow the NAACCR XML specification 1.8 (dictionary XSD): ``dataType`` text,
``padding`` rightBlank, ``trim`` all, ``allowUnlimitedText`` false.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import IO

from lxml import etree

NAACCR_NS = "http://naaccr.org/naaccrxml"
LEVELS = ("NaaccrData", "Patient", "Tumor")
DATA_TYPES = ("text", "digits", "alpha", "mixed", "numeric", "date", "dateTime")
BASE_VERSIONS = ("140", "150", "160", "180", "210", "220", "230", "240", "250", "260")
DEFAULT_USER_VERSIONS = ("140", "150", "160", "180", "210")
CURRENT_VERSION = "260"

_URI_RE = re.compile(r"(user-defined-)?naaccr-dictionary-(\d{3})\.xml$")


class DictionaryError(ValueError):
    """A dictionary file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class ItemDef:
    naaccr_id: str
    number: int
    name: str
    level: str
    length: int
    data_type: str = "text"
    padding: str = "rightBlank"
    trim: str = "all"
    record_types: frozenset[str] = frozenset("AMCI")
    start_column: int | None = None
    allow_unlimited_text: bool = False
    dictionary_uri: str = ""

    @property
    def is_date(self) -> bool:
        return self.data_type == "date"


@dataclass(frozen=True)
class Dictionary:
    uri: str
    version: str
    specification_version: str
    description: str
    is_user: bool
    items: dict[str, ItemDef] = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_number", {i.number: i for i in self.items.values()})

    def __contains__(self, naaccr_id: object) -> bool:
        return naaccr_id in self.items

    def __getitem__(self, naaccr_id: str) -> ItemDef:
        return self.items[naaccr_id]

    def __iter__(self) -> Iterator[ItemDef]:
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    def get(self, naaccr_id: str) -> ItemDef | None:
        return self.items.get(naaccr_id)

    def by_number(self, number: int) -> ItemDef | None:
        return self._by_number.get(number)  # type: ignore[attr-defined]

    def at_level(self, level: str) -> list[ItemDef]:
        return [i for i in self.items.values() if i.level == level]

    def for_record_type(self, record_type: str) -> list[ItemDef]:
        return [i for i in self.items.values() if record_type in i.record_types]


class ItemLookup:
    """A base dictionary with zero or more user dictionaries layered on it, looked up by NAACCR ID."""

    def __init__(self, base: Dictionary, users: Iterable[Dictionary] = ()) -> None:
        self.base = base
        self.users = tuple(users)
        merged: dict[str, ItemDef] = {}
        for d in (base, *self.users):
            for item in d:
                merged.setdefault(item.naaccr_id, item)
        self.items = merged

    def get(self, naaccr_id: str) -> ItemDef | None:
        return self.items.get(naaccr_id)

    def __contains__(self, naaccr_id: object) -> bool:
        return naaccr_id in self.items

    def __iter__(self) -> Iterator[ItemDef]:
        return iter(self.items.values())

    def at_level(self, level: str) -> list[ItemDef]:
        return [i for i in self.items.values() if i.level == level]


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def _parse_item(attrs: dict[str, str], uri: str) -> ItemDef:
    try:
        naaccr_id = attrs["naaccrId"]
        level = attrs["parentXmlElement"]
        if level not in LEVELS:
            raise DictionaryError(f"item {naaccr_id}: parentXmlElement {level!r} is not one of {LEVELS}")
        data_type = attrs.get("dataType", "text")
        if data_type not in DATA_TYPES:
            raise DictionaryError(f"item {naaccr_id}: unknown dataType {data_type!r}")
        return ItemDef(
            naaccr_id=naaccr_id,
            number=int(attrs["naaccrNum"]),
            name=attrs.get("naaccrName", naaccr_id),
            level=level,
            length=int(attrs["length"]),
            data_type=data_type,
            padding=attrs.get("padding", "rightBlank"),
            trim=attrs.get("trim", "all"),
            record_types=frozenset(attrs.get("recordTypes", "A,M,C,I").replace(",", "").replace(" ", "")),
            start_column=_int_or_none(attrs.get("startColumn")),
            allow_unlimited_text=attrs.get("allowUnlimitedText", "false") == "true",
            dictionary_uri=uri,
        )
    except KeyError as exc:
        raise DictionaryError(f"an ItemDef lacks the required attribute {exc.args[0]}") from None
    except ValueError as exc:
        if isinstance(exc, DictionaryError):
            raise
        raise DictionaryError(f"an ItemDef has a bad number: {exc}") from None


def load_dictionary(source: str | IO[bytes]) -> Dictionary:
    """Parse a NAACCR dictionary file (path or binary file object). Raises DictionaryError."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(source, parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise DictionaryError(f"not a readable dictionary: {exc}") from None
    if etree.QName(root).localname != "NaaccrDictionary":
        raise DictionaryError("the root element is not NaaccrDictionary")
    uri = root.get("dictionaryUri") or ""
    if not uri:
        raise DictionaryError("the dictionary has no dictionaryUri")
    match = _URI_RE.search(uri)
    version = root.get("naaccrVersion") or (match.group(2) if match else "")
    items: dict[str, ItemDef] = {}
    for el in root.iter(f"{{{NAACCR_NS}}}ItemDef", "ItemDef"):
        item = _parse_item(dict(el.attrib), uri)
        if item.naaccr_id in items:
            raise DictionaryError(f"item {item.naaccr_id} is defined twice")
        items[item.naaccr_id] = item
    is_user = not (match and not match.group(1) and uri.startswith("http://naaccr.org/"))
    return Dictionary(
        uri=uri,
        version=version,
        specification_version=root.get("specificationVersion") or "1.0",
        description=root.get("description") or "",
        is_user=is_user,
        items=items,
    )


def _packaged(name: str) -> Dictionary:
    ref = resources.files("registry.naaccr") / "data" / "dictionaries" / name
    with ref.open("rb") as fh:
        return load_dictionary(fh)


@functools.cache
def base_dictionary(version: str = CURRENT_VERSION) -> Dictionary:
    """The NAACCR base dictionary for a version such as "260" (also accepts "26" or 26)."""
    version = normalize_version(version)
    if version not in BASE_VERSIONS:
        raise DictionaryError(f"no NAACCR base dictionary for version {version}; have {', '.join(BASE_VERSIONS)}")
    return _packaged(f"naaccr-dictionary-{version}.xml")


@functools.cache
def default_user_dictionary(version: str) -> Dictionary | None:
    """The NAACCR default user dictionary of a version (v14-v21 only; later versions have none)."""
    version = normalize_version(version)
    if version not in DEFAULT_USER_VERSIONS:
        return None
    return _packaged(f"user-defined-naaccr-dictionary-{version}.xml")


def normalize_version(version: str | int) -> str:
    text = str(version).strip()
    if len(text) == 2 and text.isdigit():
        text += "0"
    return text


def dictionary_for_uri(uri: str) -> Dictionary | None:
    """A packaged dictionary (base or default user) named by its URI, or None."""
    match = _URI_RE.search(uri or "")
    if not match:
        return None
    version = match.group(2)
    if match.group(1):
        return default_user_dictionary(version)
    return base_dictionary(version) if version in BASE_VERSIONS else None


@functools.cache
def current() -> Dictionary:
    """The current (v26) base dictionary."""
    return base_dictionary(CURRENT_VERSION)
