"""Export patients and tumors from the database as NAACCR XML (gzip when the name ends in .gz).

Selection by diagnosis year, facility and record status picks tumors; each selected tumor's patient is
written with the selected tumors only. With an explicit record type or version the dictionary decides
which items are written (its recordTypes); without, every stored item and extension comes back out.

Records are built straight from database rows (core item columns, then the ``extra_items`` JSON, exactly as
``Patient.items()`` / ``Tumor.items()`` give them), read CHUNK patients at a time in patient id order (keyset
paging) with one SELECT for the patients and one for their selected tumors (the next chunk read on a thread
while this one is written): no ORM objects and no list of every id, so memory stays flat.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from registry.abstracting.core_items import PATIENT_ITEMS, TUMOR_ITEMS
from registry.abstracting.items import column_name
from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.naaccr.dictionary import CURRENT_VERSION, Dictionary, base_dictionary
from registry.naaccr.renames import older_names
from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.writer import XmlWriter

CHUNK = 1000


@dataclass(frozen=True)
class ExportSelection:
    dx_year_from: int | None = None
    dx_year_to: int | None = None
    facilities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def conditions(self) -> list:
        conds = []
        if self.dx_year_from is not None:
            conds.append(Tumor.dx_year >= self.dx_year_from)
        if self.dx_year_to is not None:
            conds.append(Tumor.dx_year <= self.dx_year_to)
        if self.facilities:
            conds.append(Tumor.reportingFacility.in_(self.facilities))
        if self.statuses:
            conds.append(Tumor.status.in_(self.statuses))
        return conds


@dataclass
class ExportResult:
    patients: int
    tumors: int
    path: str


def selected_patients(selection: ExportSelection) -> Iterator[PatientRecord]:
    """The selected patients as records, in patient id order, streamed CHUNK patients at a time.

    Each chunk's patient ids are read after the last id of the one before (keyset paging: memory does not grow
    with the registry), then its tumor and patient rows. The next chunk is fetched on a thread while this one is
    turned into records and written, so the database's time (most of all PostgreSQL's, a server away) overlaps
    the writing instead of adding to it. Each chunk is read in statements of its own (read committed, as
    before), on the fetching thread's own connection, so the export sees what is committed (the CLI exports
    from a fresh session: there is nothing uncommitted to see)."""
    conds = selection.conditions()
    app = current_app._get_current_object()
    with ThreadPoolExecutor(1, thread_name_prefix="naaccr-export") as fetcher:
        pending = fetcher.submit(_fetch, app, None, conds)
        while pending is not None:
            ids, tumor_rows, patient_rows = pending.result()
            pending = fetcher.submit(_fetch, app, ids[-1], conds) if len(ids) == CHUNK else None
            yield from _records(tumor_rows, patient_rows)


def _fetch(app, after: int | None, conds: list) -> tuple[list[int], list[tuple], list[tuple]]:
    """The next chunk (patient ids after ``after``) with its tumor and patient rows, read on the fetching
    thread (its own session and connection)."""
    with app.app_context():
        try:
            ids = _chunk_ids(after, conds)
            if not ids:
                return [], [], []
            return ids, _driver_rows(_tumor_select(ids, conds)), _driver_rows(_patient_select(ids))
        finally:
            db.session.remove()


def _chunk_ids(after: int | None, conds: list) -> list[int]:
    """Up to CHUNK selected patient ids after ``after``: patients with a selected tumor, or every patient
    (with or without tumors) when there is no selection."""
    if conds:
        key = Tumor.patient_id
        stmt = select(key).where(*conds).distinct()
    else:
        key = Patient.id
        stmt = select(key)
    if after is not None:
        stmt = stmt.where(key > after)
    return list(db.session.scalars(stmt.order_by(key).limit(CHUNK)))


def _records(tumor_rows: list[tuple], patient_rows: list[tuple]) -> Iterator[PatientRecord]:
    tumors: dict[int, list[TumorRecord]] = {}
    for row in tumor_rows:
        tumors.setdefault(row[0], []).append(TumorRecord(items=_items(row, TUMOR_ITEMS),
                                                         extensions=list(_json(row[2]) or [])))
    for row in patient_rows:
        yield PatientRecord(items=_items(row, PATIENT_ITEMS), extensions=list(_json(row[2]) or []),
                            tumors=tumors.get(row[0], []))


def _patient_select(ids: list[int]):
    t = Patient.__table__.c
    columns = [t.id, t.extra_items, t.extensions, *(t[column_name(i)] for i in PATIENT_ITEMS)]
    return select(*columns).where(t.id.in_(ids)).order_by(t.id)


def _tumor_select(patient_ids: list[int], conds: list):
    t = Tumor.__table__.c
    columns = [t.patient_id, t.extra_items, t.extensions, *(t[column_name(i)] for i in TUMOR_ITEMS)]
    return select(*columns).where(t.patient_id.in_(patient_ids), *conds).order_by(t.patient_id, t.id)


def _driver_rows(stmt) -> list[tuple]:
    """Run a SELECT straight through the driver: the item columns are plain strings, the JSON is decoded here."""
    conn = db.session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup or []) if compiled.positional else params
    return conn.exec_driver_sql(str(compiled), args).all()


def _json(value):
    """A JSON column as the driver gives it: text (SQLite; 'null' when empty) or decoded (PostgreSQL JSONB)."""
    return json.loads(value) if isinstance(value, str) else value


def _items(row: Sequence, names: tuple[str, ...]) -> dict[str, str]:
    """Non-empty core items, then the extra items: what ``get_items`` gives for the ORM object."""
    items = {k: v for k, v in zip(names, row[3:], strict=True) if v}
    extra = _json(row[1])
    if extra:
        items.update(extra)
    return items


def export_root(version: str, record_type: str) -> RootInfo:
    root = RootInfo.for_version(version, record_type)
    registry_id = current_app.config.get("REGISTRY_ID")
    root.items = {"recordType": record_type, "naaccrRecordVersion": version}
    if registry_id:
        root.items["registryId"] = str(registry_id)
    return root


def export_file(
    out: str | os.PathLike[str], *, version: str | None = None, record_type: str | None = None,
    selection: ExportSelection = ExportSelection(), user_dictionaries: Sequence[Dictionary] = (),
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Write the selected records; returns how many patients and tumors were written."""
    root = export_root(version or CURRENT_VERSION, record_type or "A")
    if user_dictionaries:
        root.attributes["userDictionaryUri"] = " ".join(d.uri for d in user_dictionaries)
    known = {item.naaccr_id for item in base_dictionary(version or CURRENT_VERSION)}
    with XmlWriter(out, root, version=version, record_type=record_type, user_dictionaries=user_dictionaries) as w:
        for n, patient in enumerate(selected_patients(selection), start=1):
            patient.items = older_names(patient.items, known)  # e.g. sexAssignedAtBirth as sex before v26
            w.write_patient(patient)
            if progress and n % 500 == 0:
                progress(500)
        return ExportResult(w.patients_written, w.tumors_written, os.fspath(out))
