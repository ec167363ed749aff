"""Read-only queries for the submission and release pages."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.extensions import db
from registry.submissions.models import DataRelease, SubmissionBatch, SubmissionProfile


def batches(limit: int = 50, profile_id: int | None = None) -> list[SubmissionBatch]:
    """The newest batches (of one profile, or of all)."""
    stmt = select(SubmissionBatch).order_by(SubmissionBatch.built_at.desc(), SubmissionBatch.id.desc()).limit(limit)
    if profile_id is not None:
        stmt = stmt.where(SubmissionBatch.profile_id == profile_id)
    return list(db.session.scalars(stmt))


def profiles_with_last_batch() -> list[tuple[SubmissionProfile, SubmissionBatch | None]]:
    """Every profile with its newest batch (None before the first)."""
    newest = (select(SubmissionBatch.profile_id, func.max(SubmissionBatch.id).label("batch_id"))
              .group_by(SubmissionBatch.profile_id).subquery())
    stmt = (select(SubmissionProfile, SubmissionBatch)
            .outerjoin(newest, newest.c.profile_id == SubmissionProfile.id)
            .outerjoin(SubmissionBatch, SubmissionBatch.id == newest.c.batch_id)
            .order_by(SubmissionProfile.name))
    return [(p, b) for p, b in db.session.execute(stmt)]


def releases(limit: int = 100) -> list[DataRelease]:
    """The newest data release requests."""
    return list(db.session.scalars(select(DataRelease).order_by(DataRelease.id.desc()).limit(limit)))
