"""The multiple-primary review queue: reports the rules could not settle, decided by a registrar.

A registrar resolves an open item as "same" (the report is the same primary as one of the tumors it was
compared with: an imported or abstracted report is then flagged ``same_primary``) or "new" (a new primary: a
flag set earlier is lifted and the tumor gets back the status it had). Every resolution is audited with who
decided, the answer, the tumor matched and the registrar's note. Items are listed oldest first.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from registry.abstracting.models import Patient, Tumor
from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db
from registry.multiple_primaries.arrival import MP_ITEMS, mark_same_primary
from registry.multiple_primaries.decision import NEW, SAME
from registry.multiple_primaries.models import OPEN, RESOLVED, SAME_PRIMARY_STATUS, MpDecision
from registry.naaccr.lookups import histology_label, label

PAGE = 25


class ReviewError(ValueError):
    """The resolution cannot be applied; the message says why in plain words."""


def _query(status: str, facilities: Collection[str] | None) -> Select:
    stmt = select(MpDecision).where(MpDecision.status == status)
    if facilities is not None:  # a registrar limited to facilities sees their patients only
        stmt = stmt.where(exists().where(Tumor.patient_id == MpDecision.patient_id,
                                         Tumor.reportingFacility.in_(list(facilities))))
    return stmt


def queue(status: str = OPEN, *, facilities: Collection[str] | None = None, page: int = 1) -> list[MpDecision]:
    """One page of decisions with this status (open: the review queue), oldest first."""
    stmt = (_query(status, facilities).order_by(MpDecision.created_at, MpDecision.id)
            .options(selectinload(MpDecision.patient).selectinload(Patient.tumors), selectinload(MpDecision.tumor))
            .limit(PAGE).offset((max(page, 1) - 1) * PAGE))
    return list(db.session.scalars(stmt))


def count(status: str = OPEN, *, facilities: Collection[str] | None = None) -> int:
    return db.session.scalar(select(func.count()).select_from(_query(status, facilities).subquery())) or 0


@dataclass(frozen=True)
class Column:
    """One column of the side-by-side view: the new report or an existing tumor."""

    title: str
    tumor_id: int | None
    values: dict[str, str]
    status: str | None = None


ROW_LABELS = {"primarySite": "Primary site", "histologicTypeIcdO3": "Histology", "behaviorCodeIcdO3": "Behavior",
              "laterality": "Laterality", "dateOfDiagnosis": "Date of diagnosis"}


def _shown(items: dict[str, str]) -> dict[str, str]:
    """Code and label of each MP item, e.g. "C504 Upper-outer quadrant of breast"."""
    out: dict[str, str] = {}
    for key in MP_ITEMS:
        code = items.get(key) or ""
        if key == "histologicTypeIcdO3":
            text = histology_label(code, items.get("behaviorCodeIcdO3")) if code else None
        else:
            text = label(key, code) if code and key != "dateOfDiagnosis" else None
        out[key] = f"{code} {text}" if code and text else code
    return out


def side_by_side(decision: MpDecision) -> list[Column]:
    """The report as it arrived, then each tumor it was compared with (still on file), for the review page."""
    columns = [Column("New report", decision.tumor_id, _shown(decision.report),
                      decision.tumor.status if decision.tumor else None)]
    by_id = {t.id: t for t in decision.patient.tumors}
    for tumor_id in decision.compared:
        tumor = by_id.get(tumor_id)
        if tumor is not None:
            columns.append(Column(f"Tumor {tumor.tumorRecordNumber or tumor.id}", tumor.id, _shown(tumor.items()),
                                  tumor.status))
    return columns


def resolve(decision: MpDecision, resolution: str, actor: audit.Actor, *, matched_tumor_id: int | None = None,
            note: str = "") -> None:
    """A registrar's answer to an open item: "same" (as ``matched_tumor_id``) or "new". The caller commits."""
    if decision.status != OPEN:
        raise ReviewError("this item was already resolved")
    if resolution not in (SAME, NEW):
        raise ReviewError("answer same primary or new primary")
    if resolution == SAME and matched_tumor_id not in decision.compared:
        raise ReviewError("choose which of the compared tumors the report is the same primary as")
    decision.status, decision.resolution, decision.resolved_at = RESOLVED, resolution, utcnow()
    decision.resolved_by, decision.resolved_by_id = actor.username, actor.user_id
    decision.matched_tumor_id = matched_tumor_id if resolution == SAME else None
    decision.resolution_note = note.strip() or None
    audit.record(actor, "mp-resolve", "tumor" if decision.tumor_id else "casefinding",
                 decision.tumor_id or decision.case_id, patient_id=decision.patient_id,
                 changes={"mp_result": [decision.result, resolution], "mp_matched_tumor": [None, matched_tumor_id]},
                 note=f"MP decision {decision.id} resolved: {resolution}" + (f" ({note.strip()})" if note.strip()
                                                                             else ""))
    _apply(decision, actor)
    db.session.flush()


def _apply(decision: MpDecision, actor: audit.Actor) -> None:
    tumor = decision.tumor
    if tumor is None:
        return
    if decision.resolution == SAME:
        mark_same_primary(tumor, decision, actor)
    elif tumor.status == SAME_PRIMARY_STATUS:
        restored = decision.previous_status or "incomplete"
        audit.record(actor, "status", "tumor", tumor.id, patient_id=tumor.patient_id,
                     changes={"status": [tumor.status, restored]}, note=f"new primary (MP decision {decision.id})")
        tumor.status = restored
