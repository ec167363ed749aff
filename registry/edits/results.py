"""Stored edit results: the failing edits of each tumor as of its last save (what the work queues filter on).

One row per failing edit (and per item for table-driven edits), replaced as a whole each time the tumor's
edits are run. Fields mirror :class:`registry.edits.model.EditFailure` (edit id, severity, items, message).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db


class EditResult(db.Model):
    __tablename__ = "edit_result"
    __table_args__ = (Index("ix_edit_result_severity_tumor", "severity", "tumor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tumor_id: Mapped[int] = mapped_column(ForeignKey("tumor.id", ondelete="CASCADE"), index=True)
    edit_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    items: Mapped[list] = mapped_column(JsonType)
    run_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def store_results(tumor_id: int, failures: Iterable) -> list[EditResult]:
    """Replace a tumor's stored results with these failures (objects with edit_id, name, severity, items, message)."""
    db.session.execute(delete(EditResult).where(EditResult.tumor_id == tumor_id))
    now = utcnow()
    rows = [EditResult(tumor_id=tumor_id, edit_id=f.edit_id, name=f.name[:200], severity=f.severity,
                       message=f.message, items=list(f.items), run_at=now) for f in failures]
    db.session.add_all(rows)
    return rows


def results_for(tumor_id: int) -> list[EditResult]:
    """A tumor's stored results, errors first, then by edit id."""
    stmt = select(EditResult).where(EditResult.tumor_id == tumor_id).order_by(EditResult.severity, EditResult.edit_id)
    return list(db.session.scalars(stmt))
