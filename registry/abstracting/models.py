"""Facilities, patients and tumors: one Patient row per person, one Tumor row per primary."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.abstracting.core_items import PATIENT_ITEMS, TUMOR_ITEMS
from registry.abstracting.items import PatientItemColumns, TumorItemColumns, get_items, set_items
from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db
from registry.naaccr.dates import parse_naaccr_date
from registry.reports.site_column import site_recode_for

RECORD_STATUSES = ("incomplete", "complete", "reviewed")


def normalize_name(value: str | None) -> str | None:
    """Upper case, accents and punctuation removed: what name searches compare."""
    if not value:
        return None
    text = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text if c.isalnum()).upper() or None


class Facility(db.Model):
    __tablename__ = "facility"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    npi: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(50))
    state: Mapped[str | None] = mapped_column(String(2))


class Patient(PatientItemColumns, db.Model):
    __tablename__ = "patient"
    __table_args__ = (
        UniqueConstraint("source_registry_id", "patient_id_number", name="uq_patient_registry_patient_id"),
        Index(
            "ix_patient_name_search", "name_last_norm", "name_first_norm",
            postgresql_ops={"name_last_norm": "varchar_pattern_ops", "name_first_norm": "varchar_pattern_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "" for the registry's own patients; else the source (registry.intake.sources) that first reported it
    source_registry_id: Mapped[str] = mapped_column(String(80), default="")
    extra_items: Mapped[dict | None] = mapped_column(JsonType)
    extensions: Mapped[list | None] = mapped_column(JsonType)
    item_sources: Mapped[dict | None] = mapped_column(JsonType)  # item -> source it came from (registry.intake)
    name_last_norm: Mapped[str | None] = mapped_column(String(40))
    name_first_norm: Mapped[str | None] = mapped_column(String(40))
    birth_date: Mapped[date | None] = mapped_column(Date)
    last_contact_date: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    tumors: Mapped[list[Tumor]] = relationship(
        back_populates="patient", order_by="Tumor.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy reads it)

    def items(self) -> dict[str, str]:
        return get_items(self, PATIENT_ITEMS)

    def set_items(self, values: dict[str, str | None]) -> None:
        set_items(self, PATIENT_ITEMS, values)
        self.name_last_norm = normalize_name(self.nameLast)
        self.name_first_norm = normalize_name(self.nameFirst)
        self.birth_date = parse_naaccr_date(self.dateOfBirth)
        self.last_contact_date = parse_naaccr_date(self.dateOfLastContact)

    @property
    def display_name(self) -> str:
        first = " ".join(p for p in (self.nameFirst, self.nameMiddle) if p)
        return ", ".join(p for p in (self.nameLast, first) if p) or f"Patient {self.patientIdNumber}"


class Tumor(TumorItemColumns, db.Model):
    __tablename__ = "tumor"
    __table_args__ = (
        UniqueConstraint("patient_id", "tumor_record_number", name="uq_tumor_patient_record_number"),
        Index("ix_tumor_dx_year_site", "dx_year", "primary_site"),
        Index("ix_tumor_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facility.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="incomplete")
    extra_items: Mapped[dict | None] = mapped_column(JsonType)
    extensions: Mapped[list | None] = mapped_column(JsonType)
    item_sources: Mapped[dict | None] = mapped_column(JsonType)  # item -> source it came from (registry.intake)
    dx_date: Mapped[date | None] = mapped_column(Date)
    dx_year: Mapped[int | None] = mapped_column(Integer)
    site_recode: Mapped[str | None] = mapped_column(String(5), index=True)  # SEER 2023 (reports/site_column.py)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    patient: Mapped[Patient] = relationship(back_populates="tumors")
    facility: Mapped[Facility | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy reads it)

    def items(self) -> dict[str, str]:
        return get_items(self, TUMOR_ITEMS)

    def set_items(self, values: dict[str, str | None]) -> None:
        set_items(self, TUMOR_ITEMS, values)
        self.dx_date = parse_naaccr_date(self.dateOfDiagnosis)
        dx = self.dateOfDiagnosis
        self.dx_year = int(dx[:4]) if dx and dx[:4].isdigit() else None
        self.site_recode = site_recode_for(self.primarySite, self.histologicTypeIcdO3, self.behaviorCodeIcdO3,
                                           self.dx_year)
