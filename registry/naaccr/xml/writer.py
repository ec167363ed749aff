"""Streaming NAACCR XML writer (specification 1.8), ``.xml`` or gzipped when the name ends in ``.gz``.

What is written follows the standard and its reference library (imsweb/naaccr-xml
``PatientXmlWriter``): the default NAACCR namespace; root attributes, then NaaccrData items, root
extensions, then each Patient (items, extensions, Tumors); items in dictionary order; blank items never
written; ``timeGenerated`` always written; text escaped, carriage returns normalised to line feeds and
XML 1.0 control characters dropped. Giving ``version`` (e.g. "250") or ``record_type`` writes the file
for that version/record type and drops every item its dictionary does not allow at that level.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from typing import IO, BinaryIO
from xml.sax.saxutils import quoteattr

from registry.naaccr.dictionary import BASE_VERSIONS, Dictionary, base_dictionary, default_user_dictionary
from registry.naaccr.xml.gzip_out import GzipOnThread
from registry.naaccr.xml.model import NAACCR_NS, PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.rules import build_lookup

_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "\n"}
_ITEM_END = "</Item>\n"


def escape_text(value: str) -> str:
    """XML text content: & < > escaped, CR/CRLF turned into LF, control characters removed."""
    value = value.replace("\r\n", "\n")
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(), ""), value)


class _Prefixes(dict):
    """naaccrId -> the opening ``<Item ...>`` text, made on first use."""

    def __init__(self, indent: str, numbers: dict[str, int] | None) -> None:
        super().__init__()
        self.indent, self.numbers = indent, numbers

    def __missing__(self, naaccr_id: str) -> str:
        number = self.numbers.get(naaccr_id) if self.numbers is not None else None
        num = f' naaccrNum="{number}"' if number is not None else ""
        text = self[naaccr_id] = f'{self.indent}<Item naaccrId="{naaccr_id}"{num}>'
        return text


class _Order(dict):
    """naaccrId -> dictionary position; items no dictionary knows go last, in their given order."""

    def __missing__(self, naaccr_id: str) -> int:
        return 1 << 30


class XmlWriter:
    """Write a NAACCR XML file patient by patient: ``with XmlWriter(path, root) as w: w.write_patient(p)``."""

    def __init__(
        self,
        target: str | os.PathLike[str] | BinaryIO,
        root: RootInfo | dict[str, str],
        *,
        version: str | None = None,
        record_type: str | None = None,
        user_dictionaries: Sequence[Dictionary] = (),
        write_numbers: bool = False,
        indent: str = "    ",
    ) -> None:
        self.root = root if isinstance(root, RootInfo) else RootInfo(attributes=dict(root))
        self.attributes = self._attributes(version, record_type)
        self.patients_written = self.tumors_written = 0
        file_version = RootInfo(attributes=self.attributes).version
        lookup = None
        if file_version in BASE_VERSIONS:
            users = [*user_dictionaries, default_user_dictionary(file_version)]
            lookup = build_lookup(base_dictionary(file_version), users)
        self._allowed = None
        if lookup is not None and (version is not None or record_type is not None):
            rt = self.attributes.get("recordType", "A")
            self._allowed = {
                level: frozenset(i.naaccr_id for i in lookup if i.level == level and rt in i.record_types)
                for level in ("NaaccrData", "Patient", "Tumor")
            }
        self._order = _Order({i.naaccr_id: n for n, i in enumerate(lookup)} if lookup else {})
        numbers = {i.naaccr_id: i.number for i in lookup} if (write_numbers and lookup) else None
        self._prefix = {depth: _Prefixes(indent * depth, numbers) for depth in (1, 2, 3)}
        self._indent = indent
        self._out, self._owned = _open_text(target)
        self._write_header()

    def _attributes(self, version: str | None, record_type: str | None) -> dict[str, str]:
        attrs = dict(self.root.attributes)
        if version is not None:
            attrs["baseDictionaryUri"] = f"http://naaccr.org/naaccrxml/naaccr-dictionary-{version}.xml"
        if record_type is not None:
            attrs["recordType"] = record_type
        attrs.setdefault("specificationVersion", "1.8")
        if not attrs.get("timeGenerated"):
            attrs["timeGenerated"] = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
        return attrs

    def _write_header(self) -> None:
        standard = ("baseDictionaryUri", "userDictionaryUri", "recordType", "specificationVersion", "timeGenerated")
        parts = [f"{name}={quoteattr(self.attributes[name])}" for name in standard if self.attributes.get(name)]
        prefixes: dict[str, str] = {}
        for name, value in self.attributes.items():
            if name.startswith("{"):
                ns, _, local = name[1:].partition("}")
                prefix = prefixes.setdefault(ns, f"ns{len(prefixes) + 1}")
                parts.append(f"{prefix}:{local}={quoteattr(value)}")
        parts.append(f'xmlns="{NAACCR_NS}"')
        parts += [f"xmlns:{p}={quoteattr(ns)}" for ns, p in prefixes.items()]
        self._out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<NaaccrData {" ".join(parts)}>\n')
        self._out.write(self._entity_body(self.root.items, self.root.extensions, "NaaccrData", 1))

    def _entity_body(self, items: dict[str, str], extensions: Iterable[str], level: str, depth: int) -> str:
        allowed = self._allowed[level] if self._allowed is not None else None
        keys = [k for k in sorted(items, key=self._order.__getitem__) if items[k] and (allowed is None or k in allowed)]
        values = [items[k] for k in keys]
        if _SPECIAL.search("".join(values)):
            values = [escape_text(v) for v in values]
        text = "".join(chain.from_iterable(zip(map(self._prefix[depth].__getitem__, keys), values, repeat(_ITEM_END))))
        if extensions:
            text += "".join(f"{self._indent * depth}{ext}\n" for ext in extensions)
        return text

    def write_patient(self, patient: PatientRecord) -> None:
        ind = self._indent
        parts = [f"{ind}<Patient>\n", self._entity_body(patient.items, patient.extensions, "Patient", 2)]
        for tumor in patient.tumors:
            parts += [f"{ind * 2}<Tumor>\n", self._tumor_body(tumor), f"{ind * 2}</Tumor>\n"]
        parts.append(f"{ind}</Patient>\n")
        self._out.write("".join(parts))
        self.patients_written += 1
        self.tumors_written += len(patient.tumors)

    def write_comment(self, text: str) -> None:
        """An XML comment between patients (e.g. the errors of a rejected patient); "--" is made safe."""
        safe = text.replace("--", "- -").rstrip("-")
        self._out.write(f"{self._indent}<!-- {safe} -->\n")

    def _tumor_body(self, tumor: TumorRecord) -> str:
        return self._entity_body(tumor.items, tumor.extensions, "Tumor", 3)

    def close(self) -> None:
        if self._out is None:
            return
        self._out.write("</NaaccrData>\n")
        self._out.flush()
        if self._owned:
            self._out.close()
        else:
            self._out.detach()
        self._out = None

    def __enter__(self) -> XmlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_text(target: str | os.PathLike[str] | BinaryIO) -> tuple[io.TextIOWrapper, bool]:
    """A UTF-8 text stream on the target; gzip when a path ends in .gz. True when we own the file."""
    if isinstance(target, (str, os.PathLike)):
        path = os.fspath(target)
        raw: IO[bytes] = GzipOnThread(path) if path.endswith(".gz") else open(path, "wb")  # noqa: SIM115
        return io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=False), True
    return io.TextIOWrapper(target, encoding="utf-8", newline="\n"), False


def write_file(
    target: str | os.PathLike[str] | BinaryIO,
    root: RootInfo | dict[str, str],
    patients: Iterable[PatientRecord],
    **options: object,
) -> int:
    """Write a whole file (options as for :class:`XmlWriter`); returns the number of patients written."""
    with XmlWriter(target, root, **options) as writer:  # type: ignore[arg-type]
        for patient in patients:
            writer.write_patient(patient)
        return writer.patients_written
