"""Facility limits of an import: a user limited to some facilities adds and changes only their records.

Checked before anything is written, by a first reading of the file (items as they are, no dictionary checks),
against the database. A facility-limited import is refused, naming each record, when

* a tumor of the file reports for a facility that is not one of the user's (or for none), or
* it would update a stored tumor of another facility (matched as the import matches: :mod:`keys`), or
* it would update a stored patient none of whose tumors is of the user's facilities (a patient the user may
  not open: :func:`registry.core.permissions.can_open_patient`).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.naaccr.dictionary import Dictionary
from registry.naaccr.exchange.keys import match_tumor
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


class _ScopeCheck:
    def __init__(self, registry_id: str, facilities: frozenset[str]) -> None:
        self.registry_id, self.facilities = registry_id, facilities
        self.pending: dict[str, list[PatientRecord]] = defaultdict(list)
        self.problems: list[ValidationIssue] = []
        self.count = 0

    def _report(self, line: int, naaccr_id: str, message: str) -> None:
        self.count += 1
        if len(self.problems) < LISTED:
            self.problems.append(ValidationIssue(line, KIND, naaccr_id, message))

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
        for tumor in patient.tumors:
            facility = tumor.items.get("reportingFacility", "")
            if facility not in self.facilities:
                self._report(tumor.line, "reportingFacility",
                             f"patient {pid}: the tumor's reporting facility {facility or '(none)'} is not one "
                             f"of yours ({', '.join(sorted(self.facilities))})")
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
            self._check_stored(pid, stored[patient_id])
        self.pending.clear()

    def _check_stored(self, pid: str, tumors: list) -> None:
        for record in self.pending[pid]:
            if not any(t.reportingFacility in self.facilities for t in tumors):
                self._report(record.line, "patientIdNumber",
                             f"patient {pid} is in the registry for other facilities only: you cannot change it")
                continue
            for tumor in record.tumors:
                match = match_tumor(tumors, tumor.items)
                if match is not None and match.reportingFacility not in self.facilities:
                    self._report(tumor.line, "reportingFacility",
                                 f"patient {pid}: the file would change tumor {match.tumorRecordNumber or ''} of "
                                 f"facility {match.reportingFacility or '(none)'}, not one of yours")
