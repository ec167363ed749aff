"""Business rules for patients and tumors: create, change with optimistic locking, and audit.

Every function takes an :class:`~registry.core.audit.Actor`, writes the audit entry in the same
session, and flushes; the caller (a view decorator, the CLI or an import) commits once.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from registry.abstracting.models import RECORD_STATUSES, Facility, Patient, Tumor
from registry.core import audit
from registry.extensions import db
from registry.naaccr.dictionary import ItemLookup, current


class StaleRecord(Exception):
    """Someone else saved the record after it was opened: nothing was written."""

    def __init__(self, entity: str, record_id: int, expected: int, actual: int | None) -> None:
        self.entity, self.record_id, self.expected, self.actual = entity, record_id, expected, actual
        super().__init__(
            f"This {entity} was changed by someone else after you opened it (your copy is version {expected}, "
            f"the saved one is version {actual}). Nothing was saved: reload it to see their changes."
        )


class RecordError(ValueError):
    pass


def split_by_level(items: Mapping[str, str], lookup: ItemLookup | None = None) -> tuple[dict, dict]:
    """Split a flat record into (patient items, tumor items) by each item's dictionary level.

    Items no dictionary knows are kept with the tumor so nothing is lost.
    """
    dictionary = lookup or current()
    patient: dict[str, str] = {}
    tumor: dict[str, str] = {}
    for key, value in items.items():
        item = dictionary.get(key)
        if item is not None and item.level == "NaaccrData":
            continue
        (patient if item is not None and item.level == "Patient" else tumor)[key] = value
    return patient, tumor


def facility_for(code: str | None) -> Facility | None:
    if not code:
        return None
    return db.session.scalar(select(Facility).where(Facility.code == code))


def create_patient(items: Mapping[str, str], actor: audit.Actor, *, source_registry_id: str = "") -> Patient:
    if not items.get("patientIdNumber"):
        raise RecordError("a patient needs a Patient ID Number (patientIdNumber)")
    patient = Patient(source_registry_id=source_registry_id)
    patient.set_items(dict(items))
    db.session.add(patient)
    db.session.flush()
    audit.record(actor, "create", "patient", patient.id, patient_id=patient.id, changes=audit.diff({}, patient.items()))
    return patient


def add_tumor(patient: Patient, items: Mapping[str, str], actor: audit.Actor, *, status: str = "incomplete") -> Tumor:
    items = dict(items)
    if not items.get("tumorRecordNumber"):
        items["tumorRecordNumber"] = f"{len(patient.tumors) + 1:02d}"
    tumor = Tumor(status=status)
    tumor.set_items(items)
    tumor.facility = facility_for(tumor.reportingFacility)
    patient.tumors.append(tumor)
    db.session.flush()
    audit.record(actor, "create", "tumor", tumor.id, patient_id=patient.id, changes=audit.diff({}, tumor.items()))
    return tumor


def _check_version(entity: str, obj, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleRecord(entity, obj.id, expected_version, obj.version)


def _flush(entity: str, obj, expected: int) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleRecord(entity, obj.id, expected, None) from None


REGISTRY_OWN = object()  # update_* default: what changes is the registry's own from now on


def _set_provenance(record: Patient | Tumor, changes: Mapping[str, object], provenance) -> None:
    """Per-item provenance after a change (registry.intake.values). By default a value changed here (the abstract
    screen, follow-up, derivation) is the registry's own from now on: its source provenance goes, so a later
    correction from that source cannot overwrite it. An import passes the provenance it computed instead."""
    if provenance is not REGISTRY_OWN:
        record.item_sources = dict(provenance or {}) or None
    elif record.item_sources and changes.keys() & record.item_sources.keys():
        record.item_sources = {k: v for k, v in record.item_sources.items() if k not in changes} or None


def update_patient(
    patient: Patient, values: Mapping[str, str | None], actor: audit.Actor, *, expected_version: int | None,
    provenance: Mapping[str, str] | object | None = REGISTRY_OWN,
) -> dict:
    """Change patient items; refuses (StaleRecord) when the patient changed since ``expected_version``."""
    _check_version("patient", patient, expected_version)
    before = patient.items()
    patient.set_items(dict(values))
    changes = audit.diff(before, patient.items())
    if changes:
        _set_provenance(patient, changes, provenance)
        audit.record(actor, "update", "patient", patient.id, patient_id=patient.id, changes=changes)
        _flush("patient", patient, patient.version)
    return changes


def update_tumor(
    tumor: Tumor, values: Mapping[str, str | None], actor: audit.Actor, *, expected_version: int | None,
    provenance: Mapping[str, str] | object | None = REGISTRY_OWN,
) -> dict:
    """Change tumor items; refuses (StaleRecord) when the tumor changed since ``expected_version``."""
    _check_version("tumor", tumor, expected_version)
    before = tumor.items()
    tumor.set_items(dict(values))
    if "reportingFacility" in values:
        tumor.facility = facility_for(tumor.reportingFacility)
    changes = audit.diff(before, tumor.items())
    if changes:
        _set_provenance(tumor, changes, provenance)
        audit.record(actor, "update", "tumor", tumor.id, patient_id=tumor.patient_id, changes=changes)
        _flush("tumor", tumor, tumor.version)
    return changes


def set_status(tumor: Tumor, status: str, actor: audit.Actor, *, note: str | None = None) -> None:
    if status not in RECORD_STATUSES:
        raise RecordError(f"unknown record status {status!r}")
    if tumor.status == status:
        return
    changes = {"status": [tumor.status, status]}
    tumor.status = status
    audit.record(actor, "status", "tumor", tumor.id, patient_id=tumor.patient_id, changes=changes, note=note)
    db.session.flush()


def record_view(patient: Patient, actor: audit.Actor, what: str = "patient") -> None:
    """A view of identifying data is itself audited (HIPAA access logging)."""
    audit.record(actor, "view", what, patient.id, patient_id=patient.id)
