"""Reading NAACCR fixed-width files (v14-v18) into the same records as the XML reader.

One line is one tumor. Column 1 is the record type and columns 17-19 the NAACCR version, which
choose the layout when no version is given. Consecutive lines with the same ``patientIdNumber`` make
one patient (the reference library's default ``tumorGroupingItems``); Patient-level values come from
the patient's first line and NaaccrData-level values from the file's first line. A line whose length
is not the layout's is reported as ``bad-line-length`` and read as far as it goes. Item values are
checked with the same rules as XML items (:class:`registry.naaccr.xml.rules.ItemRules`). A gzip file that is
truncated or corrupt is a file-level ``bad-root`` problem (fatal), after the lines before the damage.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from registry.naaccr.dictionary import Dictionary, base_dictionary, default_user_dictionary
from registry.naaccr.flat.layout import FLAT_VERSIONS, FlatLayout, LayoutError, layout
from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord, ValidationIssue
from registry.naaccr.xml.rules import ItemRules, build_lookup, value_problem
from registry.naaccr.xml.source import Source, damaged_message, open_source


def _decode(raw: bytes) -> tuple[str, str]:
    """(line without terminator, terminator); UTF-8, or Latin-1 for lines that are not UTF-8."""
    body = raw.rstrip(b"\r\n")
    ending = raw[len(body) :].decode("ascii")
    try:
        return body.decode("utf-8"), ending
    except UnicodeDecodeError:
        return body.decode("latin-1"), ending


class FlatFile:
    """An open flat file: ``root``, ``errors``, ``patients()`` (or iterate it), like NaaccrFile."""

    def __init__(
        self,
        source: str | os.PathLike[str] | BinaryIO,
        version: str | None = None,
        *,
        validate: bool = True,
        user_dictionaries: Sequence[Dictionary] = (),
    ) -> None:
        self.errors: list[ValidationIssue] = []
        self.root = RootInfo()
        self.patient_count = 0
        self.fatal = False  # True when the file is not a flat file of a known layout
        self.newline = "\n"
        self.layout: FlatLayout | None = None
        self._src: Source = open_source(source)
        self._buffer = io.BufferedReader(self._src, buffer_size=1 << 16)
        self._first = self._buffer.readline()
        text, self.newline = _decode(self._first)
        self.newline = self.newline or "\n"
        version = version or text[16:19].strip()
        try:
            self.layout = layout(version, text[:1])
        except LayoutError as exc:
            found = f"record type {text[:1]!r}, version {text[16:19]!r}"
            message = f"not a NAACCR 14-18 flat file ({found}): {exc}"
            if self._src.damage is not None:
                message = damaged_message(self._src.damage)
            self.errors.append(ValidationIssue(1, "bad-root", None, message))
            self.fatal = True
            return
        self.root = RootInfo.for_version(self.layout.version, self.layout.record_type)
        self.root.items = self.layout.read_level(text, "NaaccrData")
        self._untrimmed = {i for s in self.layout.levels.values() for i in s.raw_ids}
        self._rules = self._make_rules(user_dictionaries) if validate else None

    def _make_rules(self, user_dictionaries: Sequence[Dictionary]) -> ItemRules:
        version = self.layout.version
        users = [*user_dictionaries, default_user_dictionary(version)]
        return ItemRules(build_lookup(base_dictionary(version), users), self.layout.record_type)

    def __enter__(self) -> FlatFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[PatientRecord]:
        return self.patients()

    def close(self) -> None:
        self._src.close()

    def raw_position(self) -> int:
        return self._src.raw_position()

    def _lines(self) -> Iterator[tuple[int, str]]:
        number, raw = 1, self._first
        while raw:
            text, _ending = _decode(raw)
            if text or raw.strip(b"\r\n"):
                yield number, text
            number += 1
            raw = self._buffer.readline()
        if self._src.damage is not None:  # a damaged gzip file reads as if it ended: it did not
            self.errors.append(ValidationIssue(number - 1, "bad-root", None, damaged_message(self._src.damage)))
            self.fatal = True

    def patients(self) -> Iterator[PatientRecord]:
        """Each patient (consecutive lines with one patientIdNumber), in file order."""
        if self.layout is None:
            return
        current: PatientRecord | None = None
        current_id: str | None = None
        for number, text in self._lines():
            patient_items = self.layout.read_level(text, "Patient")
            pid = patient_items.get("patientIdNumber", "")
            if current is None or pid != current_id:
                if current is not None:
                    yield current
                current = PatientRecord(items=patient_items, line=number)
                current_id = pid
                self.patient_count += 1
            tumor = TumorRecord(items=self.layout.read_level(text, "Tumor"), line=number)
            self._check_line(number, text, current, patient_items, tumor)
            current.tumors.append(tumor)
        if current is not None:
            yield current

    def _check_line(
        self, number: int, text: str, patient: PatientRecord, patient_items: dict[str, str], tumor: TumorRecord
    ) -> None:
        pidx, tidx = self.patient_count - 1, len(patient.tumors)
        if len(text) != self.layout.line_length:
            message = f"line is {len(text)} characters long; NAACCR {self.layout.version} {self.layout.record_type} "
            message += f"records are {self.layout.line_length}"
            patient.errors.append(ValidationIssue(number, "bad-line-length", None, message, pidx, tidx))
        rules = self._rules
        if rules is None:
            return
        for items in (patient_items, tumor.items, self.root.items if number == 1 else {}):
            ids = [k for k in items if k not in self._untrimmed]
            if rules.values_ok(ids, [items[k] for k in ids]):
                continue
            for naaccr_id in ids:
                problem = value_problem(self.layout.by_id[naaccr_id], items[naaccr_id])
                if problem is not None:
                    issue = ValidationIssue(number, problem[0], naaccr_id, problem[1], pidx, tidx)
                    patient.errors.append(issue)


def read_flat(
    source: str | os.PathLike[str] | BinaryIO,
    version: str | None = None,
    *,
    validate: bool = True,
    user_dictionaries: Sequence[Dictionary] = (),
) -> FlatFile:
    """Open a flat file; iterate it (or its ``patients()``) for PatientRecords. Versions: see FLAT_VERSIONS."""
    return FlatFile(source, version, validate=validate, user_dictionaries=user_dictionaries)


__all__ = ["FLAT_VERSIONS", "FlatFile", "read_flat"]
