"""Validate a NAACCR file, XML (plain or gzipped) or fixed-width flat, against the dictionaries.

The format is detected from the content: a file whose first non-blank character is "<" is XML,
anything else is a flat file. XML follows the NAACCR XML specification 1.8 (see
:mod:`registry.naaccr.xml.reader`); flat files v14-v18 follow their layouts
(:mod:`registry.naaccr.flat`). The error kinds are those of ``registry naaccr validate``
(docs/cli-contract.md); every error carries its line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from registry.naaccr.dictionary import Dictionary
from registry.naaccr.flat.reader import FlatFile
from registry.naaccr.xml.model import ValidationIssue
from registry.naaccr.xml.reader import NaaccrFile, ReadOptions
from registry.naaccr.xml.source import open_source, sniff_format

_PROGRESS_EVERY = 1000  # patients between progress callbacks


@dataclass
class ValidationReport:
    valid: bool
    patients: int
    tumors: int
    errors: list[ValidationIssue] = field(default_factory=list)
    format: str = "xml"

    def to_json(self) -> dict[str, object]:
        """The ``registry naaccr validate --json`` shape (docs/cli-contract.md)."""
        return {
            "valid": self.valid,
            "patients": self.patients,
            "tumors": self.tumors,
            "errors": [e.to_json() for e in self.errors],
        }


def detect_format(source: str | os.PathLike[str]) -> str:
    """ "xml" or "flat", from the (decompressed) content of a file."""
    with open_source(source, head_size=4096) as src:
        return sniff_format(src.read(4096))


def open_naaccr(
    source: str | os.PathLike[str] | BinaryIO,
    *,
    relaxed: bool = False,
    user_dictionaries: Sequence[Dictionary] = (),
    unknown_items: str = "error",
    validate: bool = True,
) -> NaaccrFile | FlatFile:
    """An open XML or flat file, whichever the content is. Paths only can be sniffed; file objects are XML."""
    if isinstance(source, (str, os.PathLike)) and detect_format(source) == "flat":
        return FlatFile(source, validate=validate, user_dictionaries=user_dictionaries)
    options = ReadOptions(
        relaxed=relaxed, unknown_items=unknown_items, user_dictionaries=list(user_dictionaries), validate=validate
    )
    return NaaccrFile(source, options)


def validate_file(
    path: str | os.PathLike[str],
    *,
    relaxed: bool = False,
    user_dictionaries: Sequence[Dictionary] = (),
    unknown_items: str = "error",
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """Read the whole file once and report whether it is valid, with counts and every error by line.

    ``progress(bytes_read)`` is called now and then with how far the underlying file has been read.
    """
    errors: list[ValidationIssue] = []
    patients = tumors = 0
    with open_naaccr(path, relaxed=relaxed, user_dictionaries=user_dictionaries, unknown_items=unknown_items) as nf:
        for patient in nf.patients():
            patients += 1
            tumors += len(patient.tumors)
            if patient.errors:
                errors += patient.errors
            if progress is not None and patients % _PROGRESS_EVERY == 0:
                progress(nf.raw_position())
        errors += nf.errors
        kind = "flat" if isinstance(nf, FlatFile) else "xml"
    errors.sort(key=lambda e: e.line)
    return ValidationReport(valid=not errors, patients=patients, tumors=tumors, errors=errors, format=kind)
