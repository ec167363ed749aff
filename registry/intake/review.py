"""The open linkage review items (incoming patients intake could neither link nor call new)."""

from __future__ import annotations

from sqlalchemy import select

from registry.extensions import db
from registry.intake.models import LinkageReview, SourceRecord


def open_reviews() -> list[dict]:
    """Open review items, oldest first: ``[{"id", "source_record_id", "patient_key", "source",
    "candidate_patient_id", "score"}]``."""
    rows = db.session.execute(
        select(LinkageReview.id, LinkageReview.source_record_id, SourceRecord.patient_key, SourceRecord.source,
               LinkageReview.candidate_patient_id, LinkageReview.score)
        .join(SourceRecord, SourceRecord.id == LinkageReview.source_record_id)
        .where(LinkageReview.status == "open").order_by(LinkageReview.id))
    return [{"id": r.id, "source_record_id": r.source_record_id, "patient_key": r.patient_key, "source": r.source,
             "candidate_patient_id": r.candidate_patient_id,
             "score": round(r.score, 3) if r.score is not None else None} for r in rows]
