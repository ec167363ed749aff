"""Writing NAACCR fixed-width files (v14-v18), one line per tumor.

Each item goes to its columns with the dictionary's justification, as the reference library's flat
writer does: ``leftBlank``/``leftZero`` items are right-justified, all others left-justified, and the
filler is a blank (zeros only with ``zero_padding=True``, the library's ``applyZeroPaddingRules``).
Values too long are cut to the item's length and new lines become spaces. ``recordType`` and
``naaccrRecordVersion`` always come from the layout. Patient items are repeated on every tumor line;
NaaccrData items come from the root.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterable
from typing import IO, BinaryIO

from registry.naaccr.dictionary import ItemDef
from registry.naaccr.flat.layout import FlatLayout, layout
from registry.naaccr.xml.model import PatientRecord, RootInfo

_RIGHT_JUSTIFIED = {"leftBlank", "leftZero"}
_ZERO_FILLED = {"leftZero", "rightZero"}


def format_value(item: ItemDef, value: str, zero_padding: bool = False) -> str:
    """A value cut or padded to exactly the item's length, per its padding rule."""
    if "\n" in value or "\r" in value:
        value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    value = value[: item.length]
    fill = "0" if zero_padding and item.padding in _ZERO_FILLED else " "
    if item.padding in _RIGHT_JUSTIFIED:
        return value.rjust(item.length, fill)
    return value.ljust(item.length, fill)


class FlatWriter:
    """Write lines of one layout: ``with FlatWriter(path, "180", "I") as w: w.write_patient(p, root)``."""

    def __init__(
        self,
        target: str | os.PathLike[str] | BinaryIO,
        version: str = "180",
        record_type: str = "I",
        *,
        newline: str = "\n",
        zero_padding: bool = False,
    ) -> None:
        self.layout: FlatLayout = layout(version, record_type)
        self.newline = newline
        self.zero_padding = zero_padding
        self.lines_written = 0
        fields = self.layout.fields
        self._index = {item.naaccr_id: n for n, item in enumerate(fields)}
        self._blank = [" " * item.length for item in fields]
        self._fixed = {
            "recordType": self.layout.record_type,
            "naaccrRecordVersion": self.layout.version,
        }
        self._out, self._owned = _open_binary(target)

    def line(self, items: dict[str, str]) -> str:
        """One line (without terminator) for a merged NaaccrData + Patient + Tumor mapping."""
        parts = self._blank.copy()
        fields, index = self.layout.fields, self._index
        for naaccr_id, value in {**items, **self._fixed}.items():
            n = index.get(naaccr_id)
            if n is not None and value:
                parts[n] = format_value(fields[n], value, self.zero_padding)
        return "".join(parts)

    def write_patient(self, patient: PatientRecord, root: RootInfo | None = None) -> None:
        base = {**(root.items if root else {}), **patient.items}
        text = "".join(self.line({**base, **tumor.items}) + self.newline for tumor in patient.tumors)
        self._out.write(text.encode("utf-8"))
        self.lines_written += len(patient.tumors)

    def close(self) -> None:
        if self._out is None:
            return
        self._out.flush()
        if self._owned:
            self._out.close()
        self._out = None

    def __enter__(self) -> FlatWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_binary(target: str | os.PathLike[str] | BinaryIO) -> tuple[IO[bytes], bool]:
    if isinstance(target, (str, os.PathLike)):
        path = os.fspath(target)
        raw = gzip.open(path, "wb", compresslevel=6) if path.endswith(".gz") else open(path, "wb")  # noqa: SIM115
        return io.BufferedWriter(raw, 1 << 16) if not path.endswith(".gz") else raw, True
    return target, False


def write_flat(
    target: str | os.PathLike[str] | BinaryIO,
    patients: Iterable[PatientRecord],
    *,
    version: str = "180",
    record_type: str = "I",
    root: RootInfo | None = None,
    newline: str = "\n",
    zero_padding: bool = False,
) -> int:
    """Write every tumor of every patient as a line; returns the number of lines written."""
    with FlatWriter(target, version, record_type, newline=newline, zero_padding=zero_padding) as writer:
        for patient in patients:
            writer.write_patient(patient, root)
        return writer.lines_written
