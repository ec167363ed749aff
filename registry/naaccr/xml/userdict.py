"""Checking and loading user-defined NAACCR dictionaries (a registry's own items).

Rules from ``naaccr_dictionary_1.8.xsd`` and the reference library's dictionary validation
(imsweb/naaccr-xml ``NaaccrXmlDictionaryUtils.validateDictionary``), by specification version:

- root ``NaaccrDictionary`` in the NAACCR namespace with only ``dictionaryUri`` (required),
  ``naaccrVersion``, ``specificationVersion`` (required), ``dateLastModified``, ``description``;
- ``ItemDef`` attributes per the XSD; ``allowUnlimitedText`` only before 1.6, ``trim`` only before
  1.7, ``regexValidation`` only before 1.2; padding ``none``/``leftZero`` only from 1.7;
- ``naaccrId`` matches ``^[a-z][a-zA-Z0-9]+$``, at most 32 characters (50 before 1.4), unique, and not
  an id of the base dictionary; ``naaccrNum`` unique and not a base number; ``naaccrName`` at most 50
  characters; ``parentXmlElement`` a level; ``recordTypes`` ``[AMCI](,[AMCI])*``; ``length`` a positive
  integer; ``startColumn`` not allowed for NAACCR versions after 180.
"""

from __future__ import annotations

import re
from typing import IO

from lxml import etree

from registry.naaccr.dictionary import (
    BASE_VERSIONS,
    DATA_TYPES,
    LEVELS,
    Dictionary,
    DictionaryError,
    base_dictionary,
    load_dictionary,
    normalize_version,
)
from registry.naaccr.xml.model import NAACCR_NS

ROOT_ATTRIBUTES = {"dictionaryUri", "naaccrVersion", "specificationVersion", "dateLastModified", "description"}
ITEM_ATTRIBUTES = {
    "naaccrId", "naaccrNum", "naaccrName", "parentXmlElement", "dataType",
    "padding", "startColumn", "length", "sourceOfStandard", "recordTypes",
}  # fmt: skip
_ID_RE = re.compile(r"[a-z][a-zA-Z0-9]+")
_RECORD_TYPES_RE = re.compile(r"[AMCI](,[AMCI])*")
_OLD_PADDING = {"rightBlank", "leftBlank", "leftZero", "rightZero", "none"}


def _spec(value: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in (value or "1.0").split("."))
    except ValueError:
        return (0,)


def _item_attribute_problems(attrs: dict[str, str], spec: tuple[int, ...], where: str) -> list[str]:
    allowed = set(ITEM_ATTRIBUTES)
    if spec < (1, 6):
        allowed.add("allowUnlimitedText")
    if spec < (1, 7):
        allowed.add("trim")
    if spec < (1, 2):
        allowed.add("regexValidation")
    return [f"{where}: attribute {name!r} is not allowed in specification {'.'.join(map(str, spec))}"
            for name in attrs if name not in allowed]  # fmt: skip


def _item_problems(attrs: dict[str, str], spec: tuple[int, ...], version: str, where: str) -> list[str]:
    problems = _item_attribute_problems(attrs, spec, where)
    naaccr_id = attrs.get("naaccrId", "")
    max_id = 32 if spec >= (1, 4) else 50
    if not _ID_RE.fullmatch(naaccr_id) or len(naaccr_id) > max_id:
        problems.append(f"{where}: naaccrId must match ^[a-z][a-zA-Z0-9]+$ and be at most {max_id} characters")
    if not attrs.get("naaccrNum", "").strip().isdigit():
        problems.append(f"{where}: naaccrNum is required and must be a number")
    if len(attrs.get("naaccrName", "")) > 50:
        problems.append(f"{where}: naaccrName is longer than 50 characters")
    if attrs.get("parentXmlElement") not in LEVELS:
        problems.append(f"{where}: parentXmlElement must be one of {', '.join(LEVELS)}")
    if attrs.get("dataType", "text") not in DATA_TYPES:
        problems.append(f"{where}: dataType {attrs.get('dataType')!r} is not one of {', '.join(DATA_TYPES)}")
    paddings = {"none", "leftZero"} if spec >= (1, 7) else _OLD_PADDING
    if attrs.get("padding", "none") not in paddings:
        problems.append(f"{where}: padding {attrs.get('padding')!r} is not allowed in this specification")
    if not _RECORD_TYPES_RE.fullmatch(attrs.get("recordTypes", "A,M,C,I").replace(" ", "")):
        problems.append(f"{where}: recordTypes must be a comma-separated list of A, M, C, I")
    if not attrs.get("length", "").strip().isdigit() or int(attrs["length"]) < 1:
        problems.append(f"{where}: length is required and must be a positive number")
    if "startColumn" in attrs and version.isdigit() and int(version) > 180:
        problems.append(f"{where}: startColumn is not allowed for NAACCR versions after 180")
    return problems


def check_user_dictionary(source: str | IO[bytes]) -> list[str]:
    """Every problem of a user dictionary file, in plain words (empty when it is valid)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.parse(source, parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        return [f"not a readable XML file: {exc}"]
    if root.tag != f"{{{NAACCR_NS}}}NaaccrDictionary":
        return ["the root element is not NaaccrDictionary in the NAACCR namespace"]
    problems = [f"root attribute {name!r} is not allowed" for name in root.attrib if name not in ROOT_ATTRIBUTES]
    for required in ("dictionaryUri", "specificationVersion"):
        if not root.get(required):
            problems.append(f"the required root attribute {required} is missing")
    spec = _spec(root.get("specificationVersion"))
    version = normalize_version(root.get("naaccrVersion") or "")
    base = base_dictionary(version) if version in BASE_VERSIONS else None
    ids: set[str] = set()
    numbers: set[str] = set()
    for el in root.iter(f"{{{NAACCR_NS}}}ItemDef"):
        attrs = dict(el.attrib)
        where = f"line {el.sourceline}, item {attrs.get('naaccrId', '?')}"
        problems += _item_problems(attrs, spec, version, where)
        naaccr_id, number = attrs.get("naaccrId", ""), attrs.get("naaccrNum", "").strip()
        if naaccr_id in ids or number in numbers:
            problems.append(f"{where}: naaccrId or naaccrNum defined twice")
        ids.add(naaccr_id)
        numbers.add(number)
        if base is not None and (naaccr_id in base or (number.isdigit() and base.by_number(int(number)))):
            problems.append(f"{where}: reuses a NAACCR {version} base dictionary id or number")
    return problems


def load_user_dictionary(path: str, strict: bool = True) -> Dictionary:
    """A checked user dictionary; raises DictionaryError listing every problem when it is not valid.

    With ``strict=False`` the specification problems are tolerated as long as the items can be read
    (several real state dictionaries keep attributes their specification version retired)."""
    problems = check_user_dictionary(path)
    if problems and strict:
        raise DictionaryError(f"{path}: " + "; ".join(problems))
    return load_dictionary(path)
