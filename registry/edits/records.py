"""Reading stored tumors as flat edit records, in batches, with one SELECT per batch.

A record is the tumor's patient items then the tumor's items (core columns, then the ``extra_items`` JSON of
each), exactly what ``{**patient.items(), **tumor.items()}`` gives on the abstract screen
(registry/abstracting/items.py), but read as plain rows: no ORM objects, so 100,000 tumors stream quickly.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence

from sqlalchemy import func, select

from registry.abstracting.core_items import PATIENT_ITEMS, TUMOR_ITEMS
from registry.abstracting.items import column_name
from registry.abstracting.models import Patient, Tumor
from registry.extensions import db

Batch = list[tuple[int, str | None, dict[str, str]]]


@functools.cache
def _statement_parts() -> tuple[list, int]:
    """Selected columns: tumor id, reporting facility, both extra_items, then the core item columns."""
    p, t = Patient.__table__.c, Tumor.__table__.c
    columns = [t.id, t.reporting_facility, p.extra_items, t.extra_items]
    columns += [p[column_name(i)] for i in PATIENT_ITEMS] + [t[column_name(i)] for i in TUMOR_ITEMS]
    return columns, len(PATIENT_ITEMS)


def _json(value) -> dict | None:
    """extra_items as the driver gives it: JSON text (SQLite; 'null' when empty) or decoded (PostgreSQL JSONB)."""
    return json.loads(value) if isinstance(value, str) else value


def _record(row: Sequence, patient_count: int) -> dict[str, str]:
    values = row[4:]
    record = {k: v for k, v in zip(PATIENT_ITEMS, values[:patient_count], strict=True) if v}
    if row[2] and (extra := _json(row[2])):
        record.update(extra)
    record.update((k, v) for k, v in zip(TUMOR_ITEMS, values[patient_count:], strict=True) if v)
    if row[3] and (extra := _json(row[3])):
        record.update(extra)
    return record


def _select(conditions: Sequence):
    columns, _count = _statement_parts()
    return (select(*columns).select_from(Tumor.__table__.join(Patient.__table__, Tumor.patient_id == Patient.id))
            .where(*conditions))


def _rows(stmt) -> Batch:
    """Run the SELECT straight through the driver (no per-value result processing: the item columns are plain
    strings and extra_items is decoded here), about half the CPU of a processed Core result."""
    conn = db.session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup or []) if compiled.positional else params
    _columns, patient_count = _statement_parts()
    return [(row[0], row[1], _record(row, patient_count)) for row in conn.exec_driver_sql(str(compiled), args)]


def selection_conditions(facility: str | None = None, dx_year_from: int | None = None,
                         dx_year_to: int | None = None) -> list:
    """WHERE conditions on the tumor: reporting facility code, year of diagnosis range (inclusive)."""
    conditions = []
    if facility:
        conditions.append(Tumor.reportingFacility == facility)
    if dx_year_from is not None:
        conditions.append(Tumor.dx_year >= dx_year_from)
    if dx_year_to is not None:
        conditions.append(Tumor.dx_year <= dx_year_to)
    return conditions


def count_tumors(conditions: Sequence) -> int:
    return db.session.scalar(select(func.count(Tumor.id)).where(*conditions)) or 0


def records_where(conditions: Sequence, batch_size: int) -> Iterator[Batch]:
    """Batches of (tumor id, reporting facility, record) in tumor id order (keyset paging: no OFFSET)."""
    last = 0
    while True:
        batch = _rows(_select([*conditions, Tumor.id > last]).order_by(Tumor.id).limit(batch_size))
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def records_by_ids(column, ids: Sequence[int], batch_size: int) -> Iterator[Batch]:
    """Batches of records of the tumors whose ``column`` (Tumor.id or Tumor.patient_id) is in ``ids``."""
    unique = sorted(set(ids))
    for start in range(0, len(unique), batch_size):
        batch = _rows(_select([column.in_(unique[start:start + batch_size])]).order_by(Tumor.id))
        if batch:
            yield batch
