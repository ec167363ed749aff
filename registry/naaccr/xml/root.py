"""Checks of the ``NaaccrData`` root element and the choice of dictionaries for a file.

Root rules (``naaccr_data_1.8.xsd`` and the reference library): the element is in the NAACCR
namespace (unless relaxed); ``baseDictionaryUri`` (required) names a NAACCR base dictionary, from
which the NAACCR version is taken; ``recordType`` (required) is A, M, C or I; ``specificationVersion``
is required; ``timeGenerated`` is an ``xsd:dateTime``; several ``userDictionaryUri`` values need
specification 1.2 or later; other attributes must be in their own namespace (unless relaxed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from registry.naaccr.dictionary import BASE_VERSIONS, base_dictionary, default_user_dictionary
from registry.naaccr.xml.model import NAACCR_NS, RootInfo, ValidationIssue
from registry.naaccr.xml.rules import ItemRules, build_lookup

if TYPE_CHECKING:
    from registry.naaccr.xml.reader import ReadOptions

STANDARD_ATTRIBUTES = ("baseDictionaryUri", "userDictionaryUri", "recordType", "specificationVersion", "timeGenerated")
RECORD_TYPES = ("A", "M", "C", "I")
_DATE_TIME_RE = re.compile(
    r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_SPEC_RE = re.compile(r"1\.[0-9]")


Problem = tuple[str, str | None, bool]  # (message, attribute it is about, fatal)


def _required_problems(root: RootInfo, ns: str, relaxed: bool) -> list[Problem]:
    """Namespace, baseDictionaryUri and recordType: without them the file cannot be read."""
    problems: list[Problem] = []
    if ns != NAACCR_NS and not (relaxed and ns == ""):
        problems.append((f"NaaccrData is not in the NAACCR namespace {NAACCR_NS} (use relaxed mode)", None, True))
    uri = root.attributes.get("baseDictionaryUri")
    if not uri:
        problems.append(("the required attribute baseDictionaryUri is missing", None, True))
    elif root.version not in BASE_VERSIONS:
        message = f"baseDictionaryUri {uri!r} does not name a NAACCR base dictionary ({', '.join(BASE_VERSIONS)})"
        problems.append((message, "baseDictionaryUri", True))
    record_type = root.attributes.get("recordType")
    if record_type is None:
        problems.append(("the required attribute recordType is missing", None, True))
    elif record_type not in RECORD_TYPES:
        problems.append((f"recordType {record_type!r} is not one of A, M, C, I", "recordType", True))
    return problems


def _other_problems(root: RootInfo, relaxed: bool) -> list[Problem]:
    """specificationVersion, timeGenerated, several user dictionaries, user attributes: reported only."""
    attrs, problems = root.attributes, []
    spec = attrs.get("specificationVersion")
    if spec is None:
        problems.append(("the required attribute specificationVersion is missing", None, False))
    elif not _SPEC_RE.fullmatch(spec):
        message = f"specificationVersion {spec!r} is not a NAACCR XML specification version (1.0 to 1.8)"
        problems.append((message, "specificationVersion", False))
    generated = attrs.get("timeGenerated")
    if generated is not None and not _DATE_TIME_RE.fullmatch(generated):
        message = f"timeGenerated {generated!r} is not an ISO 8601 date and time (xsd:dateTime)"
        problems.append((message, "timeGenerated", False))
    if len(root.user_dictionary_uris) > 1 and spec and _SPEC_RE.fullmatch(spec) and spec < "1.2":
        message = "several userDictionaryUri values need specification version 1.2 or later"
        problems.append((message, "userDictionaryUri", False))
    for name in attrs:
        attr_ns = name[1:].partition("}")[0] if name.startswith("{") else ""
        if name in STANDARD_ATTRIBUTES:
            continue
        if attr_ns == "" and not relaxed:
            message = f"attribute {name!r} is not a NAACCR attribute; user attributes need their own namespace"
            problems.append((message, name, False))
        elif attr_ns == NAACCR_NS:
            problems.append(
                (f"attribute {name!r} is in the NAACCR namespace, which defines no such attribute", None, False)
            )
    return problems


def check_root(
    root: RootInfo, ns: str, relaxed: bool, errors: list[ValidationIssue], line_of: Callable[[str], int] | None = None
) -> bool:
    """Append the root's problems to ``errors`` (kind ``bad-root``); True when reading cannot go on.

    ``line_of(attribute)`` gives the line an attribute is on (default: the root's line)."""
    fatal = False
    for message, attribute, is_fatal in _required_problems(root, ns, relaxed) + _other_problems(root, relaxed):
        line = line_of(attribute) if line_of and attribute else root.line
        errors.append(ValidationIssue(line, "bad-root", None, message))
        fatal = fatal or is_fatal
    return fatal


def rules_for_root(root: RootInfo, options: ReadOptions) -> ItemRules:
    """Rules from the root's base dictionary, the given user dictionaries and the version's default one.

    Every dictionary passed in ``options.user_dictionaries`` is used, whatever the file's
    userDictionaryUri says; the NAACCR default user dictionary (v14-v21) is always added after them.
    """
    version = root.version or ""
    users = [*options.user_dictionaries, default_user_dictionary(version)]
    return ItemRules(build_lookup(base_dictionary(version), users), root.record_type)
