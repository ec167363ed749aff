"""Stored edit results: the failing edits of each tumor as of its last edit run (what the work queues filter on).

One row per failing edit (and per item for table-driven edits), replaced as a whole each time the tumor's
edits are run, whether by a save of the abstract screen, an import or ``registry edits run``. Fields mirror
:class:`registry.edits.model.EditFailure` (edit id, severity, items, message) plus the edit set that produced
them (the NAACCR EDITS run model: a run applies one edit set to a record).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, bindparam, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from registry.abstracting.bulk import copy_rows, uses_copy
from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

DEFAULT_SET = "hospital"


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
    """Replace the stored results of many tumors at once: one executemany DELETE and one INSERT per call.

    ``results`` holds (tumor id, failures) pairs; a tumor with no failures has its old results removed.
    Works on the session's connection (no ORM objects), so the caller's transaction decides the commit.
    Returns the number of rows written.
    """
    conn = db.session.connection()
    table = EditResult.__table__
    if results:
        _executemany(conn, delete(table).where(table.c.tumor_id == bindparam("tumor_id")),
                     ("tumor_id",), [(tumor_id,) for tumor_id, _failures in results])
    rows = [(tumor_id, f.edit_id, f.name[:200], f.severity, f.message, tuple(f.items))
            for tumor_id, failures in results for f in failures]
    if rows:
        _insert_rows(conn, rows, edit_set)
    return len(rows)


_INSERT_COLUMNS = ("tumor_id", "edit_id", "name", "severity", "message", "items", "run_at", "edit_set")


def _executemany(conn, statement, keys: tuple[str, ...], rows: list[tuple]) -> None:
    """Run ``statement`` once per row straight through the driver (rows are tuples in ``keys`` order)."""
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(keys))
    if compiled.positional:
        order = [keys.index(k) for k in compiled.positiontup or []]
        if order != list(range(len(keys))):
            rows = [tuple(row[i] for i in order) for row in rows]
        conn.exec_driver_sql(str(compiled), rows)
    else:
        conn.exec_driver_sql(str(compiled), [dict(zip(keys, row, strict=True)) for row in rows])


def _insert_rows(conn, rows: list[tuple], edit_set: str) -> None:
    """INSERT rows of (tumor id, edit id, name, severity, message, items) straight through the driver.

    The column types' own bind processors turn the items (JSON) and the run time (UTC) into driver values once
    per distinct value, which saves SQLAlchemy's per-row parameter processing (most of the cost of storing).
    """
    dialect = conn.dialect
    table = EditResult.__table__

    def processor(column: str):
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        return process or (lambda value: value)

    as_json, as_time = processor("items"), processor("run_at")
    now = as_time(utcnow())
    encoded: dict[tuple, object] = {}
    values = []
    for tumor_id, edit_id, name, severity, message, items in rows:
        value = encoded.get(items)
        if value is None:
            value = encoded[items] = as_json(list(items))
        values.append((tumor_id, edit_id, name, severity, message, value, now, edit_set))
    _executemany(conn, insert(table), _INSERT_COLUMNS, values)


def results_for(tumor_id: int) -> list[EditResult]:
    """A tumor's stored results, errors first, then by edit id."""
    stmt = select(EditResult).where(EditResult.tumor_id == tumor_id).order_by(EditResult.severity, EditResult.edit_id)
    return list(db.session.scalars(stmt))


def insert_results_bulk(results: Sequence[tuple[int, Iterable[tuple]]], edit_set: str = DEFAULT_SET) -> int:
    """Store the results of tumors that have none yet (e.g. just inserted by an import): one INSERT, no DELETE.

    ``results`` holds (tumor id, failures) pairs, each failure a tuple (edit id, name, severity, message, items)
    as :func:`replace_results_bulk` stores it. Returns the number of rows written.
    """
    rows = [(tumor_id, *failure) for tumor_id, failures in results for failure in failures]
    conn = db.session.connection()
    if rows and uses_copy(conn):
        _copy_rows(conn, rows, edit_set)
    elif rows:
        _insert_rows(conn, rows, edit_set)
    return len(rows)


def _copy_rows(conn, rows: list[tuple], edit_set: str) -> None:
    """The rows of :func:`_insert_rows` loaded with PostgreSQL's COPY (:func:`registry.abstracting.bulk.copy_rows`):
    one statement for all, each distinct item list encoded to JSON once."""
    now = utcnow()
    encoded: dict[tuple, str] = {}

    def values():
        for tumor_id, edit_id, name, severity, message, items in rows:
            value = encoded.get(items)
            if value is None:
                value = encoded[items] = json.dumps(list(items))
            yield tumor_id, edit_id, name, severity, message, value, now, edit_set

    copy_rows(conn, EditResult.__tablename__, _INSERT_COLUMNS, values())
