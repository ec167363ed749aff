"""Source records (every report as it arrived) and the person-linkage review queue.

A source record is one incoming tumor report (or one patient-level report for a patient sent with no tumor): the
items as sent (the patient's items and that tumor's), who sent it (``source``), the sender's own keys, and the
registry person and tumor it is attached to. A correction from the same source with the same keys is a new
version; the older versions stay, flagged not current.

Patients and tumors that have no source record are the registry's own abstract (all data from before intake
existed, and everything entered on the abstract screen): no import ever changes their values (registry.intake.values).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

SOURCE_KINDS = ("naaccr-file", "abstract", "casefinding", "death", "epath")
REVIEW_STATUSES = ("open", "decided")


class SourceRecord(db.Model):
    __tablename__ = "source_record"
    __table_args__ = (
        Index("ix_source_record_key", "source", "patient_key", "tumor_key", "current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="naaccr-file")
    source: Mapped[str] = mapped_column(String(80))
    patient_key: Mapped[str] = mapped_column(String(20))
    tumor_key: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(default=True)
    items: Mapped[dict] = mapped_column(JsonType)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id", ondelete="SET NULL"), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id", ondelete="SET NULL"), index=True)
    tumor_id: Mapped[int | None] = mapped_column(ForeignKey("tumor.id", ondelete="SET NULL"), index=True)
    patient_system_id_hosp: Mapped[str | None] = mapped_column(String(20), index=True)
    medical_record_number: Mapped[str | None] = mapped_column(String(20), index=True)
    accession_number_hosp: Mapped[str | None] = mapped_column(String(20), index=True)


class LinkageReview(db.Model):
    """An incoming patient the linkage engine could neither link nor call new: a registrar decides."""

    __tablename__ = "linkage_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = mapped_column(ForeignKey("source_record.id", ondelete="CASCADE"), index=True)
    candidate_patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id", ondelete="SET NULL"))
    score: Mapped[float | None] = mapped_column(Float)
    levels: Mapped[dict | None] = mapped_column(JsonType)
    reason: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
