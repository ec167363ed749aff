"""Entering a follow-up contact: kept as history, and applied to the patient and tumors through the audit trail.

SEER Training "Follow-up: Processing responses" (training.seer.cancer.gov/followup/process/responses.html,
methods-and-standards.md 4.1): update the date of last contact on all primaries and the cancer status of each
primary. In NAACCR terms a contact sets the Patient items ``dateOfLastContact`` (#1750), ``vitalStatus``
(#1760), ``followUpSourceCentral`` (#1791) and, for a death, ``causeOfDeath`` (#1910) with
``icdRevisionNumber`` (#1920, 1 = ICD-10); and the Tumor items ``followUpSource`` (#1790), ``cancerStatus``
(#1770) with ``dateOfLastCancerStatus`` (#1772).

Later contact wins: a contact changes the patient only when its date is not before the current date of last
contact (both read from the first day of a partial date, as ``status.py`` does; on the same first day the more
precise date wins), and a tumor's cancer status only when not before its ``dateOfLastCancerStatus``. An older
contact is kept in the history and changes nothing else. A death is authoritative when ``authoritative`` (death
clearance): the date of death becomes the date of last contact even if an alive contact was dated later.
Entering any contact answers the patient's open follow-up letters.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.abstracting.operations import StaleRecord, update_patient, update_tumor
from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db
from registry.followup.models import FollowUpContact, FollowUpLetter
from registry.naaccr.dates import parse_naaccr_date
from registry.naaccr.lookups import codes

ICD10_CAUSE = re.compile(r"[A-Z]\d{2}[0-9X]?|7777|7797")


class ContactError(ValueError):
    """The contact was refused; nothing was written."""


@dataclass(frozen=True)
class ContactInput:
    """One follow-up contact as entered: NAACCR codes and a NAACCR date (YYYYMMDD, YYYYMM or YYYY)."""

    date: str
    vital_status: str
    source: str = ""  # followUpSource (#1790)
    central_source: str = ""  # followUpSourceCentral (#1791)
    method: str = ""
    cancer_status: Mapping[int, str] = field(default_factory=dict)  # Tumor.id -> cancerStatus (#1770)
    cause_of_death: str = ""
    note: str = ""


def is_later(new: str | None, current: str | None) -> bool:
    """Whether NAACCR date ``new`` replaces ``current`` (module docstring: first day, then precision)."""
    new_day, current_day = parse_naaccr_date(new), parse_naaccr_date(current)
    if current_day is None:
        return True
    if new_day is None:
        return False
    return new_day > current_day or (new_day == current_day and len(new or "") >= len(current or ""))


def last_day(value: str) -> date:
    """The last day a valid NAACCR date (full or partial) can stand for."""
    day = parse_naaccr_date(value)
    if len(value) == 4:
        return date(day.year, 12, 31)
    if len(value) == 6:
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def _check_code(item: str, value: str, label: str) -> None:
    if value and value not in (codes(item) or {}):
        raise ContactError(f"{label} {value!r} is not a NAACCR {item} code")


def validate(contact: ContactInput, patient: Patient, today: date) -> None:
    """Refuse a contact with an impossible date or unknown codes (ContactError, in plain words)."""
    day = parse_naaccr_date(contact.date)
    if day is None:
        raise ContactError(f"the contact date {contact.date!r} is not a date (YYYYMMDD, YYYYMM or YYYY)")
    if day > today:
        raise ContactError(f"the contact date {contact.date} is in the future")
    born = parse_naaccr_date(patient.dateOfBirth)
    if born and last_day(contact.date) < born:
        raise ContactError(f"the contact date {contact.date} is before the date of birth {patient.dateOfBirth}")
    if contact.vital_status not in ("0", "1"):
        raise ContactError("the vital status must be 0 (dead) or 1 (alive)")
    _check_code("followUpSource", contact.source, "follow-up source")
    _check_code("followUpSourceCentral", contact.central_source, "follow-up source (central)")
    tumor_ids = {t.id for t in patient.tumors}
    for tumor_id, status in contact.cancer_status.items():
        if tumor_id not in tumor_ids:
            raise ContactError(f"tumor {tumor_id} is not one of this patient's tumors")
        _check_code("cancerStatus", status, "cancer status")
    if contact.cause_of_death and (contact.vital_status != "0" or not ICD10_CAUSE.fullmatch(contact.cause_of_death)):
        raise ContactError("a cause of death is an ICD-10 code without the dot (C349), given only for a death")


def _check_consistent(contact: ContactInput, patient: Patient, authoritative: bool) -> None:
    """A death before a later alive contact, or an alive contact after the recorded death, is refused."""
    if authoritative:
        return
    if patient.vitalStatus == "0" and contact.vital_status == "1" and is_later(contact.date, patient.dateOfLastContact):
        raise ContactError(f"the patient is recorded dead on {patient.dateOfLastContact}; an alive contact on "
                           f"{contact.date} contradicts it (correct the vital status on the abstract first)")
    if contact.vital_status == "0" and patient.vitalStatus == "1" and not is_later(contact.date,
                                                                                    patient.dateOfLastContact):
        raise ContactError(f"a death on {contact.date} is before the last contact alive on "
                           f"{patient.dateOfLastContact} (correct the date of last contact first)")


def _patient_values(contact: ContactInput) -> dict[str, str]:
    values = {"dateOfLastContact": contact.date, "vitalStatus": contact.vital_status}
    if contact.central_source:
        values["followUpSourceCentral"] = contact.central_source
    if contact.vital_status == "0":
        values["causeOfDeath"] = contact.cause_of_death
        values["icdRevisionNumber"] = "1" if contact.cause_of_death else ""
    return values


def _tumor_values(contact: ContactInput, tumor: Tumor, latest: bool) -> dict[str, str]:
    values: dict[str, str] = {}
    if latest and contact.source:
        values["followUpSource"] = contact.source
    status = contact.cancer_status.get(tumor.id)
    if status and is_later(contact.date, tumor.dateOfLastCancerStatus):
        values.update(cancerStatus=status, dateOfLastCancerStatus=contact.date)
    return values


def _new_contact(patient: Patient, contact: ContactInput, actor: audit.Actor) -> FollowUpContact:
    row = FollowUpContact(
        patient_id=patient.id, contact_date=contact.date, contact_sort_date=parse_naaccr_date(contact.date),
        vital_status=contact.vital_status, source=contact.source or None, method=contact.method or None,
        cancer_status={str(k): v for k, v in contact.cancer_status.items() if v} or None,
        cause_of_death=contact.cause_of_death or None, note=contact.note or None,
        entered_by_id=actor.user_id, entered_by=actor.username,
    )
    db.session.add(row)
    db.session.flush()
    summary = {"date": [None, contact.date], "vitalStatus": [None, contact.vital_status],
               "source": [None, contact.source or None], "method": [None, contact.method or None]}
    audit.record(actor, "create", "followup_contact", row.id, patient_id=patient.id,
                 changes={k: v for k, v in summary.items() if v[1]}, note=contact.note or None)
    return row


def answer_letters(patient_id: int, contact: FollowUpContact) -> int:
    """Mark the patient's open letters answered by ``contact``; returns how many."""
    with db.session.no_autoflush:  # the contact is flushed already; its audit entry can wait for the commit
        letters = list(db.session.scalars(select(FollowUpLetter).where(
            FollowUpLetter.patient_id == patient_id, FollowUpLetter.answered_by_contact_id.is_(None))))
    count = 0
    for letter in letters:
        letter.answered_by_contact_id, letter.answered_at = contact.id, utcnow()
        count += 1
    return count


def record_contact(patient: Patient, contact: ContactInput, actor: audit.Actor, *,
                   expected_version: int | None = None, authoritative: bool = False,
                   today: date | None = None, has_open_letters: bool = True) -> FollowUpContact:
    """Keep the contact in the history and apply it (module docstring). The caller commits.

    Raises ContactError (invalid or contradictory contact) or abstracting's StaleRecord (the patient changed
    since ``expected_version``). ``has_open_letters=False`` (a bulk caller that knows) skips the letters lookup.
    """
    if expected_version is not None and patient.version != expected_version:
        raise StaleRecord("patient", patient.id, expected_version, patient.version)
    validate(contact, patient, today or date.today())
    _check_consistent(contact, patient, authoritative)
    latest = authoritative or is_later(contact.date, patient.dateOfLastContact)
    if latest:
        update_patient(patient, _patient_values(contact), actor, expected_version=None)
    for tumor in patient.tumors:
        values = _tumor_values(contact, tumor, latest)
        if values:
            update_tumor(tumor, values, actor, expected_version=None)
    row = _new_contact(patient, contact, actor)
    if has_open_letters:
        answer_letters(patient.id, row)
    return row


def contact_history(patient_id: int) -> list[FollowUpContact]:
    """Every contact of the patient, latest contact date first."""
    return list(db.session.scalars(
        select(FollowUpContact).where(FollowUpContact.patient_id == patient_id)
        .order_by(FollowUpContact.contact_sort_date.desc().nulls_last(), FollowUpContact.id.desc())))
