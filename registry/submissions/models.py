"""Submission profiles and batches, data releases, and the accounting of disclosures.

* :class:`SubmissionProfile` keeps a recipient's profile as the YAML an administrator edits
  (:mod:`registry.submissions.profiles`).
* :class:`SubmissionBatch` is one file built for a profile; :class:`SubmissionItem` records which version of
  each tumor and of its patient went in (``Tumor.version``/``Patient.version``), so a later change makes the
  tumor a correction and an unchanged one is not sent twice.
* :class:`DataRelease` is a researcher's request and the extract made for it.
* :class:`Disclosure` is one line of a patient's accounting of disclosures (HIPAA, 45 CFR 164.528): every
  release of identifiable data and every state submission, per included patient.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

BATCH_STATUSES = ("built", "blocked", "sent", "accepted", "rejected")
SENT_STATUSES = ("sent", "accepted")  # a tumor in a batch with one of these has been sent
RELEASE_STATUSES = ("requested", "approved", "refused", "released")
RELEASE_KINDS = ("deidentified", "limited")
RELEASE_FORMATS = ("xml", "csv")


class SubmissionProfile(db.Model):
    __tablename__ = "submission_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    recipient: Mapped[str] = mapped_column(String(200))
    yaml: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class SubmissionBatch(db.Model):
    __tablename__ = "submission_batch"
    __table_args__ = (UniqueConstraint("profile_id", "number", name="uq_submission_batch_profile_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("submission_profile.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="built")
    file_name: Mapped[str] = mapped_column(String(200))
    file_path: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    manifest: Mapped[dict | None] = mapped_column(JsonType)
    patients: Mapped[int] = mapped_column(Integer, default=0)
    tumors: Mapped[int] = mapped_column(Integer, default=0)
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    correction_count: Mapped[int] = mapped_column(Integer, default=0)
    held_count: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[list | None] = mapped_column(JsonType)
    built_by: Mapped[str] = mapped_column(String(80))
    built_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_by: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(80))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    response_note: Mapped[str | None] = mapped_column(Text)
    response_file_name: Mapped[str | None] = mapped_column(String(200))
    response_file: Mapped[bytes | None] = mapped_column(LargeBinary)

    profile: Mapped[SubmissionProfile] = relationship()


class SubmissionItem(db.Model):
    __tablename__ = "submission_item"
    __table_args__ = (Index("ix_submission_item_tumor_batch", "tumor_id", "batch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("submission_batch.id", ondelete="CASCADE"), index=True)
    tumor_id: Mapped[int | None] = mapped_column(ForeignKey("tumor.id", ondelete="SET NULL"))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id", ondelete="SET NULL"), index=True)
    tumor_version: Mapped[int] = mapped_column(Integer)
    patient_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))


class DataRelease(db.Model):
    __tablename__ = "data_release"

    id: Mapped[int] = mapped_column(primary_key=True)
    requester: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    approval_reference: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(14), default="deidentified")
    format: Mapped[str] = mapped_column(String(4), default="csv")
    items: Mapped[list] = mapped_column(JsonType)
    criteria: Mapped[dict | None] = mapped_column(JsonType)
    status: Mapped[str] = mapped_column(String(10), default="requested")
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    released_by: Mapped[str | None] = mapped_column(String(80))
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_path: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    patients: Mapped[int] = mapped_column(Integer, default=0)
    tumors: Mapped[int] = mapped_column(Integer, default=0)


class Disclosure(db.Model):
    __tablename__ = "disclosure"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    disclosed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(String(400))
    purpose: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(200))
    release_id: Mapped[int | None] = mapped_column(ForeignKey("data_release.id", ondelete="SET NULL"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("submission_batch.id", ondelete="SET NULL"), index=True)
