"""The objects a NAACCR file is read into: root information, patients, tumors and validation issues.

A record is a mapping of NAACCR XML ids to the item values exactly as in the file (NAACCR XML
specification 1.8, section "Item"). The same objects come out of the XML reader
(:mod:`registry.naaccr.xml.reader`) and the flat-file reader (:mod:`registry.naaccr.flat`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NAACCR_NS = "http://naaccr.org/naaccrxml"

#: The error kinds of ``registry naaccr validate`` (docs/cli-contract.md), one per library error code
#: (imsweb/naaccr-xml ``NaaccrErrorUtils``) plus the XML-level ones.
KINDS = (
    "malformed-xml",
    "bad-root",
    "unknown-item",
    "wrong-number",
    "wrong-level",
    "too-long",
    "too-short",
    "bad-type",
    "leading-space",
    "trailing-space",
    "duplicate-item",
    "bad-line-length",
    "entity-refused",
)

_BASE_URI_RE = re.compile(r"^https?://naaccr\.org/naaccrxml/naaccr-dictionary-(\d+)\.xml$")


@dataclass(slots=True)
class ValidationIssue:
    """One problem found in a file: its 1-based line, kind (see :data:`KINDS`) and the item concerned.

    ``patient_index`` and ``tumor_index`` are 0-based positions of the patient in the file and of the
    tumor in its patient; both are None for file-level problems (root, NaaccrData items, malformed XML).
    """

    line: int
    kind: str
    naaccr_id: str | None
    message: str
    patient_index: int | None = None
    tumor_index: int | None = None

    def to_json(self) -> dict[str, object]:
        """The shape of one error in ``registry naaccr validate --json``."""
        return {"line": self.line, "kind": self.kind, "naaccrId": self.naaccr_id, "message": self.message}


@dataclass(slots=True)
class TumorRecord:
    items: dict[str, str] = field(default_factory=dict)
    line: int = 0
    extensions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PatientRecord:
    items: dict[str, str] = field(default_factory=dict)
    tumors: list[TumorRecord] = field(default_factory=list)
    line: int = 0
    errors: list[ValidationIssue] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)


@dataclass
class RootInfo:
    """The NaaccrData element: its attributes (namespaced ones in Clark notation), items and extensions."""

    attributes: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    extensions: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def base_dictionary_uri(self) -> str:
        return self.attributes.get("baseDictionaryUri", "")

    @property
    def user_dictionary_uris(self) -> list[str]:
        """userDictionaryUri split on white space (several URIs allowed since specification 1.2)."""
        return self.attributes.get("userDictionaryUri", "").split()

    @property
    def record_type(self) -> str:
        return self.attributes.get("recordType", "")

    @property
    def specification_version(self) -> str:
        return self.attributes.get("specificationVersion", "")

    @property
    def time_generated(self) -> str:
        return self.attributes.get("timeGenerated", "")

    @property
    def version(self) -> str | None:
        """The NAACCR version named by baseDictionaryUri, e.g. "260", or None when it names none."""
        match = _BASE_URI_RE.match(self.base_dictionary_uri)
        return match.group(1) if match else None

    @classmethod
    def for_version(cls, version: str, record_type: str, **extra: str) -> RootInfo:
        """A root for a new file of a NAACCR version and record type (specification 1.8)."""
        attributes = {
            "baseDictionaryUri": f"http://naaccr.org/naaccrxml/naaccr-dictionary-{version}.xml",
            "recordType": record_type,
            "specificationVersion": "1.8",
            **extra,
        }
        return cls(attributes=attributes)
