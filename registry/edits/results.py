"""Stored edit results: the failing edits of each tumor as of its last edit run (what the work queues filter on).

One row per failing edit (and per item for table-driven edits), replaced as a whole each time the tumor's
edits are run, whether by a save of the abstract screen, an import or ``registry edits run``. Fields mirror
:class:`registry.edits.model.EditFailure` (edit id, severity, items, message) plus the edit set that produced
them (the NAACCR EDITS run model: a run applies one edit set to a record).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

DEFAULT_SET = "hospital"
# SQLite allows 32,766 bound parameters per statement; deletes go in chunks well below that.
_DELETE_CHUNK = 5000


class EditResult(db.Model):
    __tablename__ = "edit_result"
    __table_args__ = (Index("ix_edit_result_severity_tumor", "severity", "tumor_id"),
                      Index("ix_edit_result_edit_tumor", "edit_id", "tumor_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tumor_id: Mapped[int] = mapped_column(ForeignKey("tumor.id", ondelete="CASCADE"), index=True)
    edit_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    items: Mapped[list] = mapped_column(JsonType)
    run_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    edit_set: Mapped[str] = mapped_column(String(20), default=DEFAULT_SET, server_default=DEFAULT_SET)


def store_results(tumor_id: int, failures: Iterable, edit_set: str = DEFAULT_SET) -> list[EditResult]:
    """Replace a tumor's stored results with these failures (objects with edit_id, name, severity, items, message)."""
    db.session.execute(delete(EditResult).where(EditResult.tumor_id == tumor_id))
    now = utcnow()
    rows = [EditResult(tumor_id=tumor_id, edit_id=f.edit_id, name=f.name[:200], severity=f.severity,
                       message=f.message, items=list(f.items), run_at=now, edit_set=edit_set) for f in failures]
    db.session.add_all(rows)
    return rows


def replace_results_bulk(results: Sequence[tuple[int, Iterable]], edit_set: str = DEFAULT_SET) -> int:
    """Replace the stored results of many tumors at once: one DELETE and one executemany INSERT per chunk.

    ``results`` holds (tumor id, failures) pairs; a tumor with no failures has its old results removed.
    Works on the session's connection (no ORM objects), so the caller's transaction decides the commit.
    Returns the number of rows written.
    """
    conn = db.session.connection()
    table = EditResult.__table__
    ids = [tumor_id for tumor_id, _failures in results]
    for start in range(0, len(ids), _DELETE_CHUNK):
        conn.execute(delete(table).where(table.c.tumor_id.in_(ids[start:start + _DELETE_CHUNK])))
    now = utcnow()
    rows = [{"tumor_id": tumor_id, "edit_id": f.edit_id, "name": f.name[:200], "severity": f.severity,
             "message": f.message, "items": list(f.items), "run_at": now, "edit_set": edit_set}
            for tumor_id, failures in results for f in failures]
    if rows:
        conn.execute(insert(table), rows)
    return len(rows)


def results_for(tumor_id: int) -> list[EditResult]:
    """A tumor's stored results, errors first, then by edit id."""
    stmt = select(EditResult).where(EditResult.tumor_id == tumor_id).order_by(EditResult.severity, EditResult.edit_id)
    return list(db.session.scalars(stmt))
