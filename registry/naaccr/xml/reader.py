"""Streaming NAACCR XML reader: one Patient at a time, constant memory, ``.xml`` or gzipped.

Follows the NAACCR XML Data Exchange Standard, specification 1.8 (``naaccr_data_1.8.xsd``) and the
validation of its reference library (imsweb/naaccr-xml). The file is parsed by lxml's ``iterparse``
on ``NaaccrData``/``Patient`` events only; each Patient is turned into records, then cleared and
dropped, so memory does not grow with the file. See :mod:`registry.naaccr.xml.entities` for the
per-patient fast path.

Usage::

    with read_file(path, options=ReadOptions(relaxed=False, unknown_items="error")) as nf:
        nf.root.items
        for patient in nf.patients():
            for tumor, record in flat_records(patient, nf.root): ...
    nf.errors  # file-level issues; complete once patients() is exhausted
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from registry.naaccr.dictionary import Dictionary
from registry.naaccr.xml.entities import EntityReader, split_tag
from registry.naaccr.xml.model import NAACCR_NS, PatientRecord, RootInfo, TumorRecord, ValidationIssue
from registry.naaccr.xml.root import check_root, rules_for_root
from registry.naaccr.xml.source import EntityRefused, attribute_lines, check_prolog, damaged_message, open_source

UNKNOWN_ITEM_MODES = ("error", "ignore", "keep")
# NaaccrData has five attributes of its own plus any user attributes. lxml reads each attribute's value by a
# search of the element's attribute list, so reading all of them costs time in the square of their number
# (100,000 attributes: 200 s); past this many the file is refused unread (1,000 cost about 2 ms).
MAX_ROOT_ATTRIBUTES = 1_000


@dataclass
class ReadOptions:
    """relaxed: accept files without the NAACCR namespace and root attributes without a namespace
    (the library's ``useStrictNamespaces=false``). unknown_items: what to do with items no dictionary
    defines for the record type: report them ("error", item dropped), drop them ("ignore") or keep
    them ("keep"). validate: check items against the dictionaries (structure is always checked)."""

    relaxed: bool = False
    unknown_items: str = "error"
    user_dictionaries: Sequence[Dictionary] = field(default_factory=list)
    validate: bool = True

    def __post_init__(self) -> None:
        if self.unknown_items not in UNKNOWN_ITEM_MODES:
            raise ValueError(f"unknown_items must be one of {UNKNOWN_ITEM_MODES}, not {self.unknown_items!r}")


class NaaccrFile:
    """An open NAACCR XML file. ``root`` is read on opening; ``patients()`` streams the rest once."""

    def __init__(self, source: str | os.PathLike[str] | BinaryIO, options: ReadOptions | None = None) -> None:
        self.options = options or ReadOptions()
        self.errors: list[ValidationIssue] = []
        self.root = RootInfo()
        self.patient_count = 0
        self.fatal = False  # True once reading stopped on an error (the rest of the file was not read)
        self._done = False
        self._root_el: etree._Element | None = None
        self._entities: EntityReader | None = None
        self._src = open_source(source)
        try:
            check_prolog(self._src)
        except EntityRefused as exc:
            self._fail("entity-refused", exc.line, "the file declares a DTD; entities and DTDs are refused")
            return
        self._events = etree.iterparse(
            self._src,
            events=("start", "end"),
            tag=("{*}NaaccrData", "{*}Patient"),
            remove_blank_text=True,
            remove_comments=True,
            remove_pis=True,
            strip_cdata=True,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )
        self._open_root()

    # -- context manager / iteration ---------------------------------------------------------------
    def __enter__(self) -> NaaccrFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[PatientRecord]:
        return self.patients()

    def close(self) -> None:
        self._done = True
        self._src.close()

    def raw_position(self) -> int:
        """Bytes of the underlying file read so far (compressed bytes for gzip), for progress bars."""
        return self._src.raw_position()

    # -- parsing --------------------------------------------------------------------------------
    def _fail(self, kind: str, line: int, message: str) -> None:
        self.errors.append(ValidationIssue(line, kind, None, message))
        self._done = self.fatal = True

    def _next(self) -> tuple[str, etree._Element] | None:
        if self._done:
            return None
        try:
            return next(self._events)
        except StopIteration:
            self._done = True
            if self._src.damage is not None:
                self._fail("malformed-xml", 0, damaged_message(self._src.damage))
        except etree.XMLSyntaxError as exc:
            line, message = exc.lineno, exc.msg
            logged = exc.error_log.filter_from_errors()
            if not line and logged:  # lxml sometimes raises a generic error; libxml2's log has the real one
                line, message = logged[-1].line, logged[-1].message
            if self._src.damage is not None:  # the XML ends where the gzip stream broke off: say so
                self._fail("malformed-xml", line or 0, damaged_message(self._src.damage))
            else:
                self._fail("malformed-xml", line or 0, f"not well-formed XML: {message}")
        return None

    def _open_root(self) -> None:
        event = self._next()
        if event is None:
            if not self.errors:  # parsed to the end without a NaaccrData element
                self._fail("bad-root", self._root_line(), "the root element is not NaaccrData")
            return
        kind, el = event
        ns, local = split_tag(el.tag)
        if kind != "start" or local != "NaaccrData" or el.getparent() is not None:
            self._fail("bad-root", el.sourceline or 0, "the root element is not NaaccrData")
            return
        self._root_el = el
        line = self._src.root_line or el.sourceline or 0
        count = len(el.attrib)  # counted without reading values: lxml finds each value by a search of the list
        if count > MAX_ROOT_ATTRIBUTES:
            self.root.line = line
            self._fail("bad-root", line, f"the root element has {count:,} attributes; a NAACCR file has a few "
                                         f"(at most {MAX_ROOT_ATTRIBUTES:,} are read)")
            return
        self.root = RootInfo(attributes=dict(el.items()), line=line)

        lines = attribute_lines(self._src) if self._src.root_line else {}

        def line_of(attribute: str) -> int:
            return lines.get(attribute, self.root.line)

        fatal = check_root(self.root, ns, self.options.relaxed, self.errors, line_of)
        if fatal:
            self._done = self.fatal = True
            return
        rules = rules_for_root(self.root, self.options) if self.options.validate else None
        self._entities = EntityReader(rules, ns, self.options.relaxed, self.options.unknown_items)
        self._read_root_items()

    def _root_line(self) -> int:
        root = getattr(self._events, "root", None) if hasattr(self, "_events") else None
        return (root.sourceline or 1) if root is not None else 1

    def _is_patient(self, el: etree._Element) -> bool:
        if not isinstance(el.tag, str) or el.getparent() is not self._root_el:
            return False
        ns, local = split_tag(el.tag)
        return local == "Patient" and ns in self._entities.naaccr_ns

    def _read_root_items(self) -> None:
        """Advance to the first Patient (or the end of the root) and read the root's items before it."""
        while (event := self._next()) is not None:
            kind, el = event
            if el is self._root_el:
                self._finish_root(list(el), before_patients=True)
                return
            if kind == "start" and self._is_patient(el):
                self._finish_root(list(el.itersiblings(preceding=True))[::-1], before_patients=True)
                return

    def _finish_root(self, children: list[etree._Element], before_patients: bool) -> None:
        entities = self._entities
        if before_patients:
            text = self._root_el.text
            if text and text.strip():
                self.errors.append(ValidationIssue(self.root.line, "malformed-xml", None, "text outside any Item"))
            walked = entities.walk_children(children, "NaaccrData", self._root_reporter())
            self.root.items, self.root.extensions = walked.items, walked.extensions
        for child in children:
            if not before_patients and isinstance(child.tag, str) and not self._is_patient(child):
                line = child.sourceline or 0
                name = split_tag(child.tag)[1]
                self.errors.append(ValidationIssue(line, "malformed-xml", None, f"<{name}> after the Patient elements"))
            self._root_el.remove(child)

    def _root_reporter(self) -> Callable[[int | None, str, str | None, str], None]:
        def report(line: int | None, kind: str, naaccr_id: str | None, message: str) -> None:
            self.errors.append(ValidationIssue(line or 0, kind, naaccr_id, message))

        return report

    def patients(self) -> Iterator[PatientRecord]:
        """Each Patient, in file order. File-level problems go to ``errors``; iteration stops at a fatal one."""
        entities, root_el = self._entities, self._root_el
        while (event := self._next()) is not None:
            kind, el = event
            if el is root_el:
                self._finish_root(list(root_el), before_patients=False)
                break
            if kind == "start" or not self._is_patient(el):
                continue
            record = entities.patient(el, self.patient_count)
            self.patient_count += 1
            el.clear()
            stray = list(el.itersiblings(preceding=True))
            if stray:
                self._finish_root(stray, before_patients=False)
            yield record


def read_file(source: str | os.PathLike[str] | BinaryIO, options: ReadOptions | None = None) -> NaaccrFile:
    """Open a NAACCR XML file (path or binary file object, gzip detected by magic bytes)."""
    return NaaccrFile(source, options)


def flat_records(patient: PatientRecord, root: RootInfo) -> Iterator[tuple[TumorRecord, dict[str, str]]]:
    """Each tumor of a patient with one merged mapping of NaaccrData + Patient + Tumor items."""
    base = {**root.items, **patient.items}
    for tumor in patient.tumors:
        yield tumor, {**base, **tumor.items}


__all__ = ["NAACCR_NS", "NaaccrFile", "ReadOptions", "flat_records", "read_file"]
