"""Reading patients and tumors out of the database as NAACCR records, fast enough for 100,000 tumors.

The ORM would build a Patient and a Tumor object per row; here the core item columns and ``extra_items`` are
selected with SQLAlchemy Core and turned straight into ``{naaccrId: value}`` mappings (the same items
``Patient.items()`` and ``Tumor.items()`` return: empty values are absent), chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from registry.abstracting.core_items import PATIENT_ITEMS, TUMOR_ITEMS
from registry.abstracting.items import column_name
from registry.abstracting.models import Patient, Tumor
from registry.extensions import db

CHUNK = 900  # ids per IN (...) query: below SQLite's and PostgreSQL's parameter limits


@dataclass(slots=True)
class TumorRow:
    """One tumor read for a submission or release: its ids, versions and items."""

    tumor_id: int
    patient_id: int
    tumor_version: int
    patient_version: int
    items: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class PatientRows:
    """A patient's items and the tumors of it that were asked for (in tumor id order)."""

    patient_id: int
    version: int
    items: dict[str, str]
    tumors: list[TumorRow]


def _item_columns(model: type, ids: Sequence[str]) -> list:
    table = model.__table__
    return [table.c[column_name(i)] for i in ids]


def _items(row: Sequence, ids: Sequence[str], extra_at: int) -> dict[str, str]:
    items = {k: v for k, v in zip(ids, row, strict=False) if v}  # row also holds extra_items and ids
    extra = row[extra_at]
    if extra:
        items.update(extra)
    return items


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def load_patients(patient_ids: Iterable[int]) -> dict[int, tuple[int, dict[str, str]]]:
    """patient id -> (version, items) for these patients."""
    ids = sorted(set(patient_ids))
    cols = _item_columns(Patient, PATIENT_ITEMS)
    found: dict[int, tuple[int, dict[str, str]]] = {}
    extra_at = len(PATIENT_ITEMS)
    for chunk in _chunks(ids):
        stmt = select(*cols, Patient.extra_items, Patient.id, Patient.version).where(Patient.id.in_(chunk))
        for row in db.session.execute(stmt):
            found[row[-2]] = (row[-1], _items(row, PATIENT_ITEMS, extra_at))
    return found


def load_tumors(tumor_ids: Iterable[int]) -> list[TumorRow]:
    """These tumors with their items, ordered by patient then tumor id."""
    ids = sorted(set(tumor_ids))
    cols = _item_columns(Tumor, TUMOR_ITEMS)
    extra_at = len(TUMOR_ITEMS)
    rows: list[TumorRow] = []
    for chunk in _chunks(ids):
        stmt = select(*cols, Tumor.extra_items, Tumor.id, Tumor.patient_id, Tumor.version).where(Tumor.id.in_(chunk))
        for row in db.session.execute(stmt):
            rows.append(TumorRow(row[-3], row[-2], row[-1], 0, _items(row, TUMOR_ITEMS, extra_at)))
    rows.sort(key=lambda r: (r.patient_id, r.tumor_id))
    return rows


def iter_patients(pairs: Iterable[tuple[int, int]], chunk_patients: int = 2000) -> Iterator[PatientRows]:
    """Given (patient id, tumor id) pairs: each patient with only those tumors, in patient id order."""
    by_patient: dict[int, list[int]] = {}
    for patient_id, tumor_id in pairs:
        by_patient.setdefault(patient_id, []).append(tumor_id)
    patient_ids = sorted(by_patient)
    for start in range(0, len(patient_ids), chunk_patients):
        block = patient_ids[start:start + chunk_patients]
        patients = load_patients(block)
        grouped: dict[int, list[TumorRow]] = {}
        for row in load_tumors(t for p in block for t in by_patient[p]):
            row.patient_version = patients[row.patient_id][0]
            grouped.setdefault(row.patient_id, []).append(row)
        for patient_id in block:
            version, items = patients[patient_id]
            yield PatientRows(patient_id, version, items, grouped.get(patient_id, []))

