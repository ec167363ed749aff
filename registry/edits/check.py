"""Run an edit set over a NAACCR file without importing it (``registry edits check FILE``).

The file is read through the shared NAACCR XML reader (registry/naaccr/xml/reader.py): one patient at a time, and
each tumor is edited as one flat record of NaaccrData + Patient + Tumor items. Rows follow the JSON shape of
``edits check --json`` in shared/docs/cli-contract.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from registry.edits.engine import run_edits
from registry.edits.model import ERROR


@dataclass
class CheckResult:
    records: int = 0
    rows: list[dict[str, object]] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row["severity"] == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.rows) - self.errors


def _xml_records(path: str | os.PathLike[str], errors: list[str],
                 progress: Callable[[int], None] | None) -> Iterator[tuple[dict[str, str], str | None]]:
    from registry.naaccr.xml.reader import ReadOptions, flat_records, read_file

    options = ReadOptions(relaxed=True, unknown_items="ignore", validate=False)
    with read_file(path, options=options) as nf:
        for patient in nf.patients():
            for tumor, record in flat_records(patient, nf.root):
                yield record, tumor.items.get("tumorRecordNumber") or None
            if progress is not None:
                progress(nf.raw_position())
        errors.extend(f"line {issue.line}: {issue.message}" for issue in nf.errors)


def check_file(path: str | os.PathLike[str], edit_set: str = "hospital",
               progress: Callable[[int], None] | None = None) -> CheckResult:
    """Edit every tumor of a NAACCR XML file (plain or gzipped); ``progress`` gets bytes read so far."""
    result = CheckResult()
    for record, tumor_number in _xml_records(path, result.file_errors, progress):
        result.records += 1
        patient_id = record.get("patientIdNumber", "")
        for failure in run_edits(record, edit_set):
            result.rows.append({"patientIdNumber": patient_id, "tumorRecordNumber": tumor_number,
                                "edit": failure.edit_id, "severity": failure.severity,
                                "items": list(failure.items), "message": failure.message})
    return result
