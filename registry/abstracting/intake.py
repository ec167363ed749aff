"""Starting an abstract: a new patient (after a duplicate check), or a new tumor for a known patient.

The duplicate check follows the usual registry patient-matching keys: the same name and birth date, or the
same Social Security Number, or the same medical record number, any of which means the person may already
be in the registry, so the registrar sees them before a second patient is created. A registrar limited to
facilities sees only the candidates they may open; of the others they learn only that one exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from registry.abstracting.casefinding import CasefindingCase, abstracted
from registry.abstracting.models import Patient, Tumor, normalize_name
from registry.abstracting.operations import add_tumor, create_patient
from registry.core import audit
from registry.core.permissions import can_open_patient
from registry.extensions import db

MAX_CANDIDATES = 10
# SSNs that identify nobody (NAACCR Social Security Number [2320]: 999999999 = unknown).
_NO_SSN = frozenset({"", "999999999", "000000000"})


def find_duplicates(patient_items: Mapping[str, str], medical_record_number: str = "") -> list[Patient]:
    """Patients who may be the same person: same last+first name and birth date, same SSN, or same MRN."""
    conditions = []
    last, first = normalize_name(patient_items.get("nameLast")), normalize_name(patient_items.get("nameFirst"))
    dob = (patient_items.get("dateOfBirth") or "").strip()
    if last and first and dob:
        conditions.append((Patient.name_last_norm == last) & (Patient.name_first_norm == first)
                          & (Patient.dateOfBirth == dob))
    ssn = (patient_items.get("socialSecurityNumber") or "").strip()
    if ssn not in _NO_SSN:
        conditions.append(Patient.socialSecurityNumber == ssn)
    mrn = medical_record_number.strip()
    if mrn:
        conditions.append(Patient.id.in_(select(Tumor.patient_id).where(Tumor.medicalRecordNumber == mrn)))
    if not conditions:
        return []
    stmt = select(Patient).where(or_(*conditions)).order_by(Patient.id).limit(MAX_CANDIDATES)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class DuplicateCheck:
    """What the duplicate check may show a user: the candidates they may open, and whether others exist."""

    shown: list[Patient]
    elsewhere: bool

    @property
    def found(self) -> bool:
        return bool(self.shown) or self.elsewhere


def check_duplicates(user, patient_items: Mapping[str, str], medical_record_number: str = "") -> DuplicateCheck:
    """The duplicate check as ``user`` may see it: no name, birth date, ID or tumor of a patient they may not open."""
    candidates = find_duplicates(patient_items, medical_record_number)
    shown = [p for p in candidates if can_open_patient(user, p)]
    return DuplicateCheck(shown, len(shown) < len(candidates))


def match_reasons(patient: Patient, patient_items: Mapping[str, str], medical_record_number: str = "") -> list[str]:
    """Why a candidate was shown, in words."""
    reasons = []
    if (patient.name_last_norm == normalize_name(patient_items.get("nameLast"))
            and patient.name_first_norm == normalize_name(patient_items.get("nameFirst"))
            and patient.dateOfBirth == (patient_items.get("dateOfBirth") or "").strip()):
        reasons.append("same name and date of birth")
    ssn = (patient_items.get("socialSecurityNumber") or "").strip()
    if ssn not in _NO_SSN and patient.socialSecurityNumber == ssn:
        reasons.append("same Social Security Number")
    if medical_record_number and any(t.medicalRecordNumber == medical_record_number.strip() for t in patient.tumors):
        reasons.append("same medical record number")
    return reasons


def next_patient_id_number() -> str:
    """The next free Patient ID Number [20] (8 digits, zero-padded)."""
    highest = db.session.scalar(select(func.max(Patient.patientIdNumber)).where(Patient.source_registry_id == ""))
    number = int(highest) + 1 if highest and highest.isdigit() else 1
    return f"{number:08d}"


def start_abstract(
    patient_items: Mapping[str, str], tumor_items: Mapping[str, str], actor: audit.Actor,
    *, patient: Patient | None = None,
) -> Tumor:
    """A new incomplete tumor, for ``patient`` or for a new patient made from ``patient_items``."""
    if patient is None:
        items = {k: v for k, v in patient_items.items() if v}
        items.setdefault("patientIdNumber", next_patient_id_number())
        patient = create_patient(items, actor)
    return add_tumor(patient, {k: v for k, v in tumor_items.items() if v}, actor)


def abstract_case(case: CasefindingCase, actor: audit.Actor, *, patient: Patient | None = None) -> Tumor:
    """Resolve a casefinding case by abstracting it: a new tumor carrying what the case already says."""
    tumor = start_abstract(case.patient_items(), case.tumor_items(), actor, patient=patient)
    abstracted(case, tumor, actor)
    return tumor
