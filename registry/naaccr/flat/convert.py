"""Converting NAACCR files between flat (v14-v18) and XML, and XML to XML of another version/record type.

The input format comes from the content (:func:`registry.naaccr.validate.open_naaccr`), the output
format from the output name: ``.xml``/``.xml.gz`` is XML, anything else a flat file. Flat lines are
grouped into patients by ``patientIdNumber`` (consecutive lines); XML is written to a flat file one
line per tumor. Conversion keeps every item (no dictionary filtering) unless a ``version`` or
``record_type`` is asked for. A file that cannot be read to the end (malformed XML, bad root) is
refused and the partial output removed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from registry.naaccr.dictionary import Dictionary, normalize_version
from registry.naaccr.flat.layout import FLAT_VERSIONS
from registry.naaccr.flat.reader import FlatFile
from registry.naaccr.flat.writer import FlatWriter
from registry.naaccr.validate import open_naaccr
from registry.naaccr.xml.model import RootInfo, ValidationIssue
from registry.naaccr.xml.writer import XmlWriter


class ConvertError(ValueError):
    """The conversion asked for is not possible (e.g. a flat file for a version without columns)."""


@dataclass
class ConvertReport:
    patients: int = 0
    tumors: int = 0
    output_format: str = "xml"
    errors: list[ValidationIssue] = field(default_factory=list)
    refused: bool = False  # the input could not be read through; no output is left behind


def output_format(path: str | os.PathLike[str]) -> str:
    name = os.fspath(path).lower()
    return "xml" if name.endswith((".xml", ".xml.gz")) else "flat"


def _flat_target(root: RootInfo, version: str | None, record_type: str | None) -> tuple[str, str]:
    target = normalize_version(version) if version else (root.version or "")
    if target not in FLAT_VERSIONS:
        raise ConvertError(
            f"NAACCR {target or '?'} has no fixed-width layout; flat files exist for versions 14, 15, 16 and 18 "
            "(pass --version 180 to write the items NAACCR 18 defines)"
        )
    return target, record_type or root.record_type or "I"


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    version: str | None = None,
    record_type: str | None = None,
    relaxed: bool = False,
    user_dictionaries: Sequence[Dictionary] = (),
    zero_padding: bool = False,
) -> ConvertReport:
    """Convert ``src`` into ``dst``; raises ConvertError when the target layout does not exist."""
    report = ConvertReport(output_format=output_format(dst))
    with open_naaccr(src, relaxed=relaxed, user_dictionaries=user_dictionaries, validate=False) as nf:
        if nf.fatal:
            report.errors += nf.errors
            report.refused = True
            return report
        writer = _writer(nf, dst, report.output_format, version, record_type, zero_padding, user_dictionaries)
        with writer:
            for patient in nf.patients():
                if isinstance(writer, FlatWriter):
                    writer.write_patient(patient, nf.root)
                else:
                    writer.write_patient(patient)
                report.patients += 1
                report.tumors += len(patient.tumors)
                report.errors += patient.errors
        report.errors += nf.errors
        report.refused = nf.fatal
    if report.refused:
        os.remove(dst)
    return report


def _writer(
    nf: object,
    dst: str | os.PathLike[str],
    fmt: str,
    version: str | None,
    record_type: str | None,
    zero_padding: bool,
    user_dictionaries: Sequence[Dictionary],
) -> FlatWriter | XmlWriter:
    root: RootInfo = nf.root  # type: ignore[attr-defined]
    if fmt == "flat":
        target, rt = _flat_target(root, version, record_type)
        newline = nf.newline if isinstance(nf, FlatFile) else "\n"
        return FlatWriter(dst, target, rt, newline=newline, zero_padding=zero_padding)
    version = normalize_version(version) if version else None
    return XmlWriter(dst, root, version=version, record_type=record_type, user_dictionaries=user_dictionaries)
