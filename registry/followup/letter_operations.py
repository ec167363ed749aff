"""Follow-up letters from the database: editable templates, the letters PDF, and the record of letters sent.

SEER Training "Follow-up" procedures (training.seer.cancer.gov/followup/procedures/frequency.html): letters go to
the managing physician (``physicianManaging``, #2460, looked up in the physician directory) or to the patient
at the current address, about twelve months after the last contact. Each letter printed is recorded
(:class:`FollowUpLetter`); the next contact entered for the patient answers it (``operations.answer_letters``).
Templates are stored per recipient when an administrator edits them; otherwise the package default is used.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.abstracting.models import Patient
from registry.core import audit
from registry.extensions import db
from registry.followup.letters import LetterData, RegistryInfo, TumorInfo, default_template, parse_template
from registry.followup.letters import render_letters as render_pdf
from registry.followup.models import LETTER_RECIPIENTS, FollowUpLetter, LetterTemplate, Physician


class LetterError(ValueError):
    """The letters were refused (no patients, unknown recipient)."""


def template_text(recipient: str) -> str:
    """The stored template of a recipient, or the package default."""
    if recipient not in LETTER_RECIPIENTS:
        raise LetterError(f"letters go to the physician or the patient, not {recipient!r}")
    stored = db.session.scalar(select(LetterTemplate).where(LetterTemplate.recipient == recipient))
    return stored.text if stored else default_template(recipient)


def save_template(recipient: str, text: str, actor: audit.Actor) -> None:
    """Check (``TemplateError`` names the line) and store an edited template, audited."""
    parse_template(text)
    before = template_text(recipient)
    stored = db.session.scalar(select(LetterTemplate).where(LetterTemplate.recipient == recipient))
    if stored is None:
        stored = LetterTemplate(recipient=recipient, text=text, updated_by=actor.username)
        db.session.add(stored)
    stored.text, stored.updated_by = text, actor.username
    db.session.flush()
    if before != text:
        audit.record(actor, "update", "letter_template", stored.id, changes={"text": [before, text]})


def reset_template(recipient: str, actor: audit.Actor) -> None:
    """Go back to the package default (the stored template is removed, audited)."""
    stored = db.session.scalar(select(LetterTemplate).where(LetterTemplate.recipient == recipient))
    if stored is not None:
        audit.record(actor, "delete", "letter_template", stored.id,
                     changes={"text": [stored.text, default_template(recipient)]})
        db.session.delete(stored)
        db.session.flush()


def save_physician(code: str, name: str, last_name: str, address: str, actor: audit.Actor) -> Physician:
    """Add or change a physician of the directory (by ``physicianManaging`` code), audited."""
    code, name = code.strip(), name.strip()
    if not code or len(code) > 8 or not name:
        raise LetterError("a physician needs a code of up to 8 characters (as in physicianManaging) and a name")
    physician = db.session.scalar(select(Physician).where(Physician.code == code))
    before = {} if physician is None else {"name": physician.name, "last_name": physician.last_name,
                                           "address": physician.address}
    if physician is None:
        physician = Physician(code=code, updated_by=actor.username)
        db.session.add(physician)
    physician.name, physician.last_name = name, last_name.strip() or name.split()[-1]
    physician.address, physician.updated_by = address.strip(), actor.username
    db.session.flush()
    after = {"name": physician.name, "last_name": physician.last_name, "address": physician.address}
    audit.record(actor, "update" if before else "create", "physician", physician.id, changes=audit.diff(before, after))
    return physician


def _patient_address(patient: Patient) -> tuple[str, ...]:
    city = ", ".join(p for p in (patient.addrCurrentCity, patient.addrCurrentState) if p)
    last = " ".join(p for p in (city, patient.addrCurrentPostalCode) if p)
    return tuple(p for p in (patient.addrCurrentNoStreet, last) if p)


def letter_for(patient: Patient, recipient: str, letter_date: date, physicians: dict[str, Physician]) -> LetterData:
    """What one letter says, from the patient's items (physician: the first tumor's managing physician)."""
    tumors = sorted(patient.tumors, key=lambda t: t.dateOfDiagnosis or "")
    code = next((t.physicianManaging for t in tumors if t.physicianManaging), "")
    doctor = physicians.get(code)
    return LetterData(
        recipient=recipient, patient_id=patient.patientIdNumber or "", patient_first=patient.nameFirst or "",
        patient_last=patient.nameLast or "", date_of_birth=patient.dateOfBirth or "",
        date_of_last_contact=patient.dateOfLastContact or "",
        tumors=tuple(TumorInfo.from_items(t.items()) for t in tumors), patient_address=_patient_address(patient),
        physician_name=doctor.name if doctor else (f"physician no. {code}" if code else ""),
        physician_last=doctor.last_name if doctor else "",
        physician_address=tuple(doctor.address.splitlines()) if doctor else (), letter_date=letter_date)


def make_letters(patient_ids: Sequence[int], recipient: str, actor: audit.Actor, registry: RegistryInfo,
                 letter_date: date | None = None) -> tuple[bytes, list[FollowUpLetter]]:
    """One PDF with a letter per patient, and a FollowUpLetter row (audited) for each. The caller commits."""
    text = template_text(recipient)
    patients = list(db.session.scalars(select(Patient).where(Patient.id.in_(list(patient_ids)))
                                       .options(selectinload(Patient.tumors)).order_by(Patient.id)))
    if not patients:
        raise LetterError("choose at least one patient")
    physicians = {p.code: p for p in db.session.scalars(select(Physician))}
    day = letter_date or date.today()
    letters = [letter_for(p, recipient, day, physicians) for p in patients]
    pdf = render_pdf(letters, text, registry)
    batch = uuid.uuid4().hex
    rows = [FollowUpLetter(patient_id=p.id, batch=batch, recipient=recipient, letter_date=day,
                           addressee=_addressee(letter), sent_by_id=actor.user_id, sent_by=actor.username)
            for p, letter in zip(patients, letters, strict=True)]
    db.session.add_all(rows)
    db.session.flush()
    for row in rows:
        audit.record(actor, "letter", "followup_letter", row.id, patient_id=row.patient_id,
                     note=f"follow-up letter to {row.addressee}")
    return pdf, rows


def _addressee(letter: LetterData) -> str:
    if letter.recipient == "physician":
        return f"Dr. {letter.physician_name}" if letter.physician_name else "the managing physician"
    return f"{letter.patient_first.title()} {letter.patient_last.title()}".strip()


def letters_of(patient_id: int) -> list[FollowUpLetter]:
    return list(db.session.scalars(select(FollowUpLetter).where(FollowUpLetter.patient_id == patient_id)
                                   .order_by(FollowUpLetter.sent_at.desc(), FollowUpLetter.id.desc())))
