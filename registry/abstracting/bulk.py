"""Fast loading of many patients with their tumors and contacts (demo data, file imports).

Rows are built as plain dicts and written with SQLAlchemy's bulk INSERT ... RETURNING (one statement
per batch), so loading stays far from per-object ORM overhead. Each patient still gets its audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from registry.abstracting.core_items import PATIENT_ITEMS, TUMOR_ITEMS
from registry.abstracting.models import Facility, Patient, Tumor, normalize_name
from registry.core.audit import Actor, AuditEvent
from registry.core.base import utcnow
from registry.extensions import db
from registry.followup.models import FollowUpContact
from registry.naaccr.dates import parse_naaccr_date
from registry.reports.site_column import site_recode_for

_PATIENT_CORE = frozenset(PATIENT_ITEMS)
_TUMOR_CORE = frozenset(TUMOR_ITEMS)


@dataclass
class NewPatient:
    items: Mapping[str, str]
    tumors: list[Mapping[str, str]]
    contacts: list[Mapping[str, str]] = field(default_factory=list)
    tumor_statuses: list[str] | None = None
    extensions: list[str] | None = None
    tumor_extensions: list[list[str] | None] | None = None


def _split(items: Mapping[str, str], core: frozenset[str]) -> tuple[dict, dict | None]:
    row: dict = {}
    extra: dict = {}
    for key, value in items.items():
        if not value:
            continue
        if key in core:
            row[key] = value
        else:
            extra[key] = value
    return row, extra or None


def patient_row(items: Mapping[str, str], source_registry_id: str = "") -> dict:
    row, extra = _split(items, _PATIENT_CORE)
    row.update(
        source_registry_id=source_registry_id,
        extra_items=extra,
        name_last_norm=normalize_name(row.get("nameLast")),
        name_first_norm=normalize_name(row.get("nameFirst")),
        birth_date=parse_naaccr_date(row.get("dateOfBirth")),
        last_contact_date=parse_naaccr_date(row.get("dateOfLastContact")),
    )
    return row


def tumor_row(items: Mapping[str, str], patient_id: int, facility_ids: Mapping[str, int], status: str) -> dict:
    row, extra = _split(items, _TUMOR_CORE)
    dx = row.get("dateOfDiagnosis")
    row.update(
        patient_id=patient_id,
        facility_id=facility_ids.get(row.get("reportingFacility", "")),
        status=status,
        extra_items=extra,
        dx_date=parse_naaccr_date(dx),
        dx_year=int(dx[:4]) if dx and dx[:4].isdigit() else None,
    )
    row["site_recode"] = site_recode_for(row.get("primarySite"), row.get("histologicTypeIcdO3"),
                                         row.get("behaviorCodeIcdO3"), row["dx_year"])
    return row


def contact_row(contact: Mapping[str, str], patient_id: int, actor: Actor) -> dict:
    return {
        "patient_id": patient_id,
        "contact_date": contact["date"],
        "contact_sort_date": parse_naaccr_date(contact["date"]),
        "vital_status": contact.get("vitalStatus", ""),
        "source": contact.get("source"),
        "method": contact.get("method"),
        "cancer_status": {"all": contact["cancerStatus"]} if contact.get("cancerStatus") else None,
        "cause_of_death": contact.get("causeOfDeath"),
        "note": contact.get("note"),
        "entered_by_id": actor.user_id,
        "entered_by": actor.username,
    }


def facility_ids() -> dict[str, int]:
    return {code: fid for code, fid in db.session.execute(select(Facility.code, Facility.id))}


def insert_patients(batch: list[NewPatient], actor: Actor, *, note: str, source_registry_id: str = "") -> list[int]:
    """Insert one batch of new patients with their tumors, contacts and audit entries; returns patient ids."""
    if not batch:
        return []
    session = db.session
    ids = list(session.scalars(
        insert(Patient).returning(Patient.id, sort_by_parameter_order=True),
        [{**patient_row(p.items, source_registry_id), "extensions": p.extensions} for p in batch],
    ))
    fac = facility_ids()
    tumors, contacts = [], []
    for pid, p in zip(ids, batch, strict=True):
        statuses = p.tumor_statuses or ["incomplete"] * len(p.tumors)
        for i, (t, status) in enumerate(zip(p.tumors, statuses, strict=True)):
            row = tumor_row(t, pid, fac, status)
            if p.tumor_extensions and p.tumor_extensions[i]:
                row["extensions"] = p.tumor_extensions[i]
            tumors.append(row)
        contacts.extend(contact_row(c, pid, actor) for c in p.contacts)
    if tumors:
        session.execute(insert(Tumor), tumors)
    if contacts:
        session.execute(insert(FollowUpContact), contacts)
    now = utcnow()
    session.execute(insert(AuditEvent), [
        {"at": now, "user_id": actor.user_id, "username": actor.username, "action": "create",
         "entity": "patient", "entity_id": pid, "patient_id": pid, "note": note}
        for pid in ids
    ])
    return ids


def load_patients(patients: Iterable[NewPatient], actor: Actor, *, note: str, batch_size: int = 1000,
                  progress=None) -> int:
    """Insert patients in batches (the caller commits); returns how many were inserted."""
    count, batch = 0, []
    for p in patients:
        batch.append(p)
        if len(batch) >= batch_size:
            count += len(insert_patients(batch, actor, note=note))
            if progress:
                progress(len(batch))
            batch = []
    count += len(insert_patients(batch, actor, note=note))
    if progress and batch:
        progress(len(batch))
    return count
