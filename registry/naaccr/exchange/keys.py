"""How an import matches the file's records to stored ones, and what a record needs to be matched.

A patient is keyed by registry (the file's ``registryId``) + ``patientIdNumber``; a tumor within its patient by
``tumorRecordNumber``, else hospital accession + sequence number. Tumor Record Number [60] has two digits, so a
patient holds at most :data:`MAX_TUMORS` tumors: a tumor added without a number is numbered after the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from registry.naaccr.xml.model import PatientRecord, ValidationIssue

MAX_TUMORS = 99
TOO_MANY_TUMORS = "too-many-tumors"


class StoredTumor(Protocol):
    """What matching reads of a stored tumor (a Tumor, or a row selecting these columns)."""

    tumorRecordNumber: str | None
    accessionNumberHosp: str | None
    sequenceNumberHospital: str | None


class ImportConflict(Exception):
    """The file cannot be applied to the database as it is (found while writing): the import is refused."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


def record_problems(patient: PatientRecord) -> list[ValidationIssue]:
    """Why a valid patient record still cannot be imported: no key, or more tumors than can be numbered."""
    if not patient.items.get("patientIdNumber"):
        return [ValidationIssue(patient.line, "missing-key", "patientIdNumber",
                                "the patient has no Patient ID Number (patientIdNumber), so it cannot be matched")]
    if len(patient.tumors) > MAX_TUMORS:
        return [too_many_tumors(patient, len(patient.tumors))]
    return []


def too_many_tumors(patient: PatientRecord, count: int) -> ValidationIssue:
    return ValidationIssue(
        patient.line, TOO_MANY_TUMORS, "tumorRecordNumber",
        f"patient {patient.items.get('patientIdNumber')} would have {count:,} tumors; a patient has at most "
        f"{MAX_TUMORS} (Tumor Record Number has two digits): is the same Patient ID Number used for several people?")


def match_tumor(tumors: Sequence[StoredTumor], items: Mapping[str, str]) -> StoredTumor | None:
    """The stored tumor a file's tumor updates, or None when it is a new one."""
    number = items.get("tumorRecordNumber")
    if number:
        return next((t for t in tumors if t.tumorRecordNumber == number), None)
    accession, sequence = items.get("accessionNumberHosp"), items.get("sequenceNumberHospital")
    if accession:
        return next((t for t in tumors if t.accessionNumberHosp == accession
                     and t.sequenceNumberHospital == sequence), None)
    return None
