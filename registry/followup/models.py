"""Follow-up tables: contact history, letters and their templates, and death clearance.

* :class:`FollowUpContact`: every contact kept as history, not only the latest values on the patient.
* :class:`LetterTemplate`: an administrator's edited letter template (the package default when absent).
* :class:`FollowUpLetter`: a letter sent; answered when a later contact is entered (``answered_by_contact_id``).
* :class:`DeathFileImport`, :class:`DeathRecord`, :class:`DeathMatch`: a death file imported once (by checksum),
  each death record kept once (by ``record_key``) with its outcome, and the candidate patient pairs
  (applied automatically, or pending a registrar's review). Records left unmatched are the death-certificate-only
  cases to follow back (methods-and-standards.md 4.3).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.abstracting.models import Patient
from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

LETTER_RECIPIENTS = ("physician", "patient")
DEATH_RECORD_STATUSES = ("matched", "review", "unmatched", "followed-back")
DEATH_MATCH_STATUSES = ("applied", "pending", "accepted", "rejected")


class FollowUpContact(db.Model):
    __tablename__ = "followup_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    contact_date: Mapped[str] = mapped_column(String(8))  # NAACCR date, may be partial
    contact_sort_date: Mapped[date | None] = mapped_column(Date)
    vital_status: Mapped[str] = mapped_column(String(1))  # NAACCR vitalStatus: 0 dead, 1 alive
    source: Mapped[str | None] = mapped_column(String(2))  # NAACCR followUpSource code
    method: Mapped[str | None] = mapped_column(String(40))  # letter, phone, chart review, linkage...
    cancer_status: Mapped[dict | None] = mapped_column(JsonType)  # {tumor id: cancerStatus code}
    cause_of_death: Mapped[str | None] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    patient: Mapped[Patient] = relationship()


class LetterTemplate(db.Model):
    __tablename__ = "followup_letter_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(10), unique=True)  # physician | patient
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class FollowUpLetter(db.Model):
    __tablename__ = "followup_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    batch: Mapped[str] = mapped_column(String(32), index=True)  # the letters printed together in one PDF
    recipient: Mapped[str] = mapped_column(String(10))  # physician | patient
    addressee: Mapped[str] = mapped_column(String(200))
    letter_date: Mapped[date] = mapped_column(Date)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    sent_by: Mapped[str] = mapped_column(String(80))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_by_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("followup_contact.id", ondelete="SET NULL"), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    patient: Mapped[Patient] = relationship()
    answered_by: Mapped[FollowUpContact | None] = relationship()


class DeathFileImport(db.Model):
    __tablename__ = "death_file_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    checksum: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the file bytes
    source_code: Mapped[str] = mapped_column(String(2))  # NAACCR followUpSourceCentral of the file
    records: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)  # records already kept from an earlier file
    matched: Mapped[int] = mapped_column(Integer, default=0)
    review: Mapped[int] = mapped_column(Integer, default=0)
    unmatched: Mapped[int] = mapped_column(Integer, default=0)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DeathRecord(db.Model):
    __tablename__ = "death_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("death_file_import.id", ondelete="CASCADE"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    record_key: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the normalised fields
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(60))
    date_of_birth: Mapped[str] = mapped_column(String(8))
    sex: Mapped[str] = mapped_column(String(1))
    ssn: Mapped[str] = mapped_column(String(9))
    date_of_death: Mapped[str] = mapped_column(String(8))
    underlying_cause: Mapped[str] = mapped_column(String(7))
    certificate_number: Mapped[str] = mapped_column(String(40))
    place_of_death: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(14), index=True)  # DEATH_RECORD_STATUSES
    followback_note: Mapped[str | None] = mapped_column(Text)
    followback_by: Mapped[str | None] = mapped_column(String(80))
    followback_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    file: Mapped[DeathFileImport] = relationship()
    matches: Mapped[list[DeathMatch]] = relationship(back_populates="record", order_by="DeathMatch.weight.desc()")


class DeathMatch(db.Model):
    __tablename__ = "death_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    death_record_id: Mapped[int] = mapped_column(ForeignKey("death_record.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    weight: Mapped[float] = mapped_column(Float)
    levels: Mapped[dict] = mapped_column(JsonType)  # agreement level per field (linkage.WEIGHTS)
    reason: Mapped[str] = mapped_column(String(80))  # why it needs review; "" for a certain match
    status: Mapped[str] = mapped_column(String(10), index=True)  # DEATH_MATCH_STATUSES
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    record: Mapped[DeathRecord] = relationship(back_populates="matches")
    patient: Mapped[Patient] = relationship()


class Physician(db.Model):
    """A physician letters are addressed to, by the code recorded in ``physicianManaging`` (NAACCR #2460)."""

    __tablename__ = "followup_physician"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # NPI or the facility's physician number
    name: Mapped[str] = mapped_column(String(120))  # as written after "Dr." ("Ana Ruiz, MD")
    last_name: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(Text, default="")  # lines of the postal address
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
