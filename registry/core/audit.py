"""The audit trail: who viewed or changed which record, when, with field-level old and new values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db


@dataclass(frozen=True)
class Actor:
    """Who does something: a signed-in user or a named system process (CLI, import, nightly job)."""

    user_id: int | None
    username: str


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20), index=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[dict | None] = mapped_column(JsonType)
    note: Mapped[str | None] = mapped_column(Text)


def diff(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, list[str | None]]:
    """Field-level changes {field: [old, new]} between two item mappings (empty and absent are the same)."""
    changes: dict[str, list[str | None]] = {}
    for key in set(old) | set(new):
        before, after = old.get(key) or None, new.get(key) or None
        if before != after:
            changes[key] = [before, after]
    return dict(sorted(changes.items()))


def record(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    patient_id: int | None = None,
    changes: Mapping[str, list] | None = None,
    note: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session (it is committed with the change it describes)."""
    event = AuditEvent(
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
        changes=dict(changes) if changes else None,
        note=note,
    )
    db.session.add(event)
    return event


def history(patient_id: int, *, limit: int = 500) -> list[AuditEvent]:
    """A patient's history (the patient and its tumors and contacts), newest first."""
    stmt = (
        db.select(AuditEvent)
        .where(AuditEvent.patient_id == patient_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
