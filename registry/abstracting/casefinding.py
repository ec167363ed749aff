"""The casefinding queue: suspected reportable cases waiting for a registrar's decision.

A case comes from a casefinding source (pathology report, disease index, physician, import, or entered by
hand), as the CoC/NPCR casefinding practice describes. A registrar resolves it in one of three ways:
abstract it into a new tumor (of a new or existing patient), link it to a tumor already abstracted, or mark
it not reportable with a reason. Every step is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.abstracting.models import Facility, Tumor
from registry.core import audit
from registry.core.base import UtcDateTime, utcnow
from registry.extensions import db

SOURCES = ("pathology", "disease index", "physician", "radiation oncology", "medical oncology", "import", "manual")
STATUSES = ("open", "abstracted", "linked", "not_reportable")
NOT_REPORTABLE_REASONS = (
    "Not a malignancy (benign or uncertain behavior, not reportable)",
    "Diagnosed before the registry's reference date",
    "History of cancer only, no evidence of disease",
    "Basal or squamous cell carcinoma of skin",
    "Cancer ruled out",
    "Consult only (not a class of case the registry collects)",
    "Other (explained in the note)",
)
# Case fields that carry over to the patient and tumor when a case is abstracted: case field -> NAACCR item.
PATIENT_FIELDS = {"name_last": "nameLast", "name_first": "nameFirst", "date_of_birth": "dateOfBirth",
                  "sex": "sexAssignedAtBirth", "social_security_number": "socialSecurityNumber"}
TUMOR_FIELDS = {"medical_record_number": "medicalRecordNumber", "primary_site": "primarySite",
                "histology": "histologicTypeIcdO3", "date_of_diagnosis": "dateOfDiagnosis"}


class CasefindingError(ValueError):
    pass


class CasefindingCase(db.Model):
    __tablename__ = "casefinding_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facility.id"), index=True)
    source: Mapped[str] = mapped_column(String(30))
    name_last: Mapped[str | None] = mapped_column(String(40))
    name_first: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[str | None] = mapped_column(String(8))
    sex: Mapped[str | None] = mapped_column(String(1))
    social_security_number: Mapped[str | None] = mapped_column(String(9))
    medical_record_number: Mapped[str | None] = mapped_column(String(15))
    primary_site: Mapped[str | None] = mapped_column(String(4))
    histology: Mapped[str | None] = mapped_column(String(4))
    date_of_diagnosis: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    tumor_id: Mapped[int | None] = mapped_column(ForeignKey("tumor.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(80))

    facility: Mapped[Facility | None] = relationship()
    tumor: Mapped[Tumor | None] = relationship()

    @property
    def display_name(self) -> str:
        return ", ".join(p for p in (self.name_last, self.name_first) if p) or f"Case {self.id}"

    def patient_items(self) -> dict[str, str]:
        return {item: v for field, item in PATIENT_FIELDS.items() if (v := getattr(self, field))}

    def tumor_items(self) -> dict[str, str]:
        items = {item: v for field, item in TUMOR_FIELDS.items() if (v := getattr(self, field))}
        if self.facility is not None:
            items["reportingFacility"] = self.facility.code
        return items


CASE_FIELDS = ("source", *PATIENT_FIELDS, *TUMOR_FIELDS, "note")


def add_case(values: Mapping[str, str], actor: audit.Actor, *, facility: Facility | None = None) -> CasefindingCase:
    """Enter one suspected case; ``values`` are case fields (see CASE_FIELDS). Needs a last name or an MRN."""
    clean = {k: (values.get(k) or "").strip() or None for k in CASE_FIELDS}
    if not (clean["name_last"] or clean["medical_record_number"]):
        raise CasefindingError("a case needs at least a last name or a medical record number")
    if clean["source"] not in SOURCES:
        raise CasefindingError(f"source must be one of: {', '.join(SOURCES)}")
    for field in ("name_last", "name_first"):
        if clean[field]:
            clean[field] = clean[field].upper()
    case = CasefindingCase(facility=facility, **clean)
    db.session.add(case)
    db.session.flush()
    audit.record(actor, "create", "casefinding", case.id, note=f"{case.source}: {case.display_name}")
    return case


def _resolve(case: CasefindingCase, status: str, actor: audit.Actor, *, patient_id: int | None, note: str) -> None:
    if case.status != "open":
        raise CasefindingError(f"this case was already resolved ({case.status.replace('_', ' ')})")
    case.status, case.resolved_at, case.resolved_by = status, utcnow(), actor.username
    audit.record(actor, status, "casefinding", case.id, patient_id=patient_id, note=note)
    db.session.flush()


def link_case(case: CasefindingCase, tumor: Tumor, actor: audit.Actor) -> None:
    """The case is a tumor already in the registry."""
    from registry.multiple_primaries.arrival import check_linked_case

    case.tumor = tumor
    _resolve(case, "linked", actor, patient_id=tumor.patient_id, note=f"linked to tumor {tumor.id}")
    check_linked_case(case, tumor, actor)  # multiple primaries: what the rules say of the pair


def mark_not_reportable(case: CasefindingCase, reason: str, actor: audit.Actor) -> None:
    if not reason.strip():
        raise CasefindingError("give the reason the case is not reportable")
    case.reason = reason.strip()
    _resolve(case, "not_reportable", actor, patient_id=None, note=case.reason)


def abstracted(case: CasefindingCase, tumor: Tumor, actor: audit.Actor) -> None:
    """The case became this new tumor (made by :func:`registry.abstracting.intake.start_abstract`)."""
    from registry.multiple_primaries.arrival import check_new_tumor

    case.tumor = tumor
    _resolve(case, "abstracted", actor, patient_id=tumor.patient_id, note=f"abstracted as tumor {tumor.id}")
    check_new_tumor(tumor, actor, source="casefinding", case=case)  # multiple primaries (review queue)


def import_cases(text: str, actor: audit.Actor, facilities: Mapping[str, Facility]) -> int:
    """Import suspected cases from CSV text with a header row naming case fields (see CASE_FIELDS; a ``facility``
    column gives the facility code). Every row is checked first: one bad row refuses the whole file."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise CasefindingError("the file has no cases (a header row and one row per case are expected)")
    unknown = sorted(set(rows[0]) - {*CASE_FIELDS, "facility"})
    if unknown:
        raise CasefindingError(f"unknown columns: {', '.join(unknown)}")
    for number, row in enumerate(rows, start=2):
        code = (row.get("facility") or "").strip()
        if code and code not in facilities:
            raise CasefindingError(f"line {number}: no facility {code}")
        values = {**row, "source": (row.get("source") or "").strip() or "import"}
        try:
            add_case(values, actor, facility=facilities.get(code))
        except CasefindingError as exc:
            raise CasefindingError(f"line {number}: {exc}") from None
    return len(rows)
