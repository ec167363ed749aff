"""Facility limits of an import: a user limited to some facilities adds and changes only their records.

Checked before anything is written, by a first reading of the file (items as they are, no dictionary checks),
against the database. A facility-limited import is refused, naming each record, when

* a tumor of the file reports for a facility that is not one of the user's (or for none), or
* it would update a stored tumor of another facility (matched as the import matches: :mod:`keys`), or
* it would update a stored patient none of whose tumors is of the user's facilities (a patient the user may
  not open: :func:`registry.core.permissions.can_open_patient`).

The importer checks each record again as it writes it (:func:`incoming_problems`, :func:`stored_problems`), so a
record changed in the database between the check and the write cannot slip through either.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.naaccr.dictionary import Dictionary
from registry.naaccr.exchange.keys import StoredTumor, match_tumor
from registry.naaccr.validate import open_naaccr
from registry.naaccr.xml.model import PatientRecord, ValidationIssue

KIND = "out-of-scope"
BATCH = 500
LISTED = 1_000  # records named one by one; past that, one line counts the rest


def scope_problems(path: str | os.PathLike[str], facilities: frozenset[str],
                   user_dictionaries: Sequence[Dictionary] = ()) -> list[ValidationIssue]:
    """Every record of the file a user limited to ``facilities`` may not import (empty: the file may go in)."""
    with open_naaccr(path, user_dictionaries=user_dictionaries, validate=False) as nf:
        check = _ScopeCheck(nf.root.items.get("registryId", ""), facilities)
        for patient in nf:
            check.add(patient)
        check.flush()
    return check.listed()


def incoming_problems(record: PatientRecord, facilities: frozenset[str]) -> list[ValidationIssue]:
    """The tumors of a file's patient that report for a facility not in ``facilities`` (or for none)."""
    pid = record.items.get("patientIdNumber")
    return [ValidationIssue(tumor.line, KIND, "reportingFacility",
                            f"patient {pid}: the tumor's reporting facility {facility or '(none)'} is not one "
                            f"of yours ({', '.join(sorted(facilities))})")
            for tumor in record.tumors
            if (facility := tumor.items.get("reportingFacility", "")) not in facilities]


def stored_problems(record: PatientRecord, stored: Sequence[StoredTumor], facilities: frozenset[str]
                    ) -> list[ValidationIssue]:
    """Why a file's patient may not update the stored patient with tumors ``stored`` (rows or Tumors with
    ``reportingFacility``): none of them is of ``facilities``, or the record would change one that is not."""
    pid = record.items.get("patientIdNumber")
    if not any(t.reportingFacility in facilities for t in stored):
        return [ValidationIssue(record.line, KIND, "patientIdNumber",
                                f"patient {pid} is in the registry for other facilities only: you cannot change it")]
    problems = []
    for tumor in record.tumors:
        match = match_tumor(stored, tumor.items)
        if match is not None and match.reportingFacility not in facilities:
            problems.append(ValidationIssue(
                tumor.line, KIND, "reportingFacility",
                f"patient {pid}: the file would change tumor {match.tumorRecordNumber or ''} of facility "
                f"{match.reportingFacility or '(none)'}, not one of yours"))
    return problems


class _ScopeCheck:
    def __init__(self, registry_id: str, facilities: frozenset[str]) -> None:
        self.registry_id, self.facilities = registry_id, facilities
        self.pending: dict[str, list[PatientRecord]] = defaultdict(list)
        self.problems: list[ValidationIssue] = []
        self.count = 0

    def _report(self, issues: list[ValidationIssue]) -> None:
        self.count += len(issues)
        self.problems.extend(issues[: max(LISTED - len(self.problems), 0)])

    def listed(self) -> list[ValidationIssue]:
        """The problems in file order (the first LISTED found), then how many more there are."""
        self.problems.sort(key=lambda issue: issue.line)
        if self.count > len(self.problems):
            more = self.count - len(self.problems)
            return [*self.problems, ValidationIssue(self.problems[-1].line, KIND, None,
                                                    f"... and {more:,} more records outside your facilities")]
        return self.problems

    def add(self, patient: PatientRecord) -> None:
        pid = patient.items.get("patientIdNumber")
        if not pid:
            return  # no key: the import rejects it, it cannot touch a stored record
        self._report(incoming_problems(patient, self.facilities))
        self.pending[pid].append(patient)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Check the pending patients that are already in the database."""
        if not self.pending:
            return
        ids = dict(db.session.execute(select(Patient.patientIdNumber, Patient.id).where(
            Patient.source_registry_id == self.registry_id, Patient.patientIdNumber.in_(list(self.pending)))).all())
        stored = defaultdict(list)
        if ids:
            rows = db.session.execute(select(Tumor.patient_id, Tumor.tumorRecordNumber, Tumor.accessionNumberHosp,
                                             Tumor.sequenceNumberHospital, Tumor.reportingFacility)
                                      .where(Tumor.patient_id.in_(list(ids.values()))))
            for row in rows:
                stored[row.patient_id].append(row)
        for pid, patient_id in ids.items():
            for record in self.pending[pid]:
                self._report(stored_problems(record, stored[patient_id], self.facilities))
        self.pending.clear()
