"""Follow-up contacts: every contact kept as history, not only the latest values on the patient."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.abstracting.models import Patient
from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db


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
