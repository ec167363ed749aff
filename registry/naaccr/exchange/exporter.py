"""Export patients and tumors from the database as NAACCR XML (gzip when the name ends in .gz).

Selection by diagnosis year, facility and record status picks tumors; each selected tumor's patient is
written with the selected tumors only. With an explicit record type or version the dictionary decides
which items are written (its recordTypes); without, every stored item and extension comes back out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.naaccr.dictionary import CURRENT_VERSION, Dictionary
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


def patient_record(patient: Patient, tumors: Sequence[Tumor]) -> PatientRecord:
    return PatientRecord(
        items=patient.items(),
        extensions=list(patient.extensions or []),
        tumors=[TumorRecord(items=t.items(), extensions=list(t.extensions or [])) for t in tumors],
    )


def selected_patients(selection: ExportSelection) -> Iterator[PatientRecord]:
    """The selected patients as records, in patient id order, streamed CHUNK patients at a time."""
    conds = selection.conditions()
    if conds:
        ids = list(db.session.scalars(select(Tumor.patient_id).where(*conds).distinct().order_by(Tumor.patient_id)))
    else:  # no selection: every patient, with or without tumors
        ids = list(db.session.scalars(select(Patient.id).order_by(Patient.id)))
    for start in range(0, len(ids), CHUNK):
        stmt = (
            select(Patient)
            .where(Patient.id.in_(ids[start:start + CHUNK]))
            .order_by(Patient.id)
            .options(selectinload(Patient.tumors))
        )
        for patient in db.session.scalars(stmt):
            tumors = [t for t in patient.tumors if _selected(t, selection)]
            yield patient_record(patient, tumors)
        db.session.expunge_all()


def _selected(tumor: Tumor, sel: ExportSelection) -> bool:
    year = tumor.dx_year
    return not (
        (sel.dx_year_from is not None and (year is None or year < sel.dx_year_from))
        or (sel.dx_year_to is not None and (year is None or year > sel.dx_year_to))
        or (sel.facilities and tumor.reportingFacility not in sel.facilities)
        or (sel.statuses and tumor.status not in sel.statuses)
    )


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
    with XmlWriter(out, root, version=version, record_type=record_type, user_dictionaries=user_dictionaries) as w:
        for n, patient in enumerate(selected_patients(selection), start=1):
            w.write_patient(patient)
            if progress and n % 500 == 0:
                progress(500)
        return ExportResult(w.patients_written, w.tumors_written, os.fspath(out))
